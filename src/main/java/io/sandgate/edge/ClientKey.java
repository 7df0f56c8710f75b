package io.sandgate.edge;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who counts as one client: an IPv4 address, or an IPv6 /64 — the block one subscriber is given, so
 * a client cannot multiply its share by walking the addresses of its own network.
 */
final class ClientKey {

  private ClientKey() {}

  static String of(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] bytes = v6.getAddress();
      if (isV4Mapped(bytes)) {
        return v4(bytes, 12);
      }
      for (int i = 8; i < 16; i++) {
        bytes[i] = 0;
      }
      try {
        return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // 16 bytes are always an address
      }
    }
    return address.getHostAddress();
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static String v4(byte[] b, int from) {
    return (b[from] & 0xff)
        + "."
        + (b[from + 1] & 0xff)
        + "."
        + (b[from + 2] & 0xff)
        + "."
        + (b[from + 3] & 0xff);
  }
}

package io.sandgate.edge;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The proxies whose forwarding headers are believed: addresses and CIDR blocks, IPv4 and IPv6. */
final class TrustedProxies {

  private record Block(byte[] network, int bits) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = blocks;
  }

  /**
   * @throws IllegalArgumentException naming an entry that is not an address or a CIDR block
   */
  static TrustedProxies parse(Optional<List<String>> entries) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : entries.orElse(List.of())) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int slash = e.indexOf('/');
      byte[] network = literal(slash < 0 ? e : e.substring(0, slash), entry);
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException x) {
          throw new IllegalArgumentException(
              "sandgate.edge.trusted-proxies: '" + entry + "' has no prefix length");
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException(
              "sandgate.edge.trusted-proxies: '" + entry + "' has a prefix out of range");
        }
      }
      blocks.add(new Block(network, bits));
    }
    return new TrustedProxies(List.copyOf(blocks));
  }

  boolean isEmpty() {
    return blocks.isEmpty();
  }

  boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Block b : blocks) {
      if (b.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** An address literal only: a host name here would make every check a DNS lookup. */
  private static byte[] literal(String text, String entry) {
    InetAddress address = ForwardedClient.literal(text);
    if (address == null) {
      throw new IllegalArgumentException(
          "sandgate.edge.trusted-proxies: '" + entry + "' is not an IP address or block");
    }
    return address.getAddress();
  }
}

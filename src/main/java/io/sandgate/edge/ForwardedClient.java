package io.sandgate.edge;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The client a trusted proxy forwards for: the nearest hop of {@code Forwarded} (RFC 7239), else of
 * {@code X-Forwarded-For}, that is not itself a trusted proxy. Hops further left than that were
 * written by the client and prove nothing.
 */
final class ForwardedClient {

  static final String FORWARDED = "Forwarded";
  static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private ForwardedClient() {}

  /** The header named by {@code sandgate.edge.forwarded-header}, as it is written. */
  static String header(String configured) {
    for (String known : List.of(FORWARDED, X_FORWARDED_FOR)) {
      if (known.equalsIgnoreCase(configured.strip())) {
        return known;
      }
    }
    throw new IllegalArgumentException(
        "sandgate.edge.forwarded-header is '"
            + configured
            + "'; it is "
            + X_FORWARDED_FOR
            + " or "
            + FORWARDED);
  }

  /**
   * The client's address as {@code header} (see {@link #header}) names it, or {@code peer} when it
   * names none that can be read.
   */
  static InetAddress of(
      Function<String, List<String>> headers,
      String header,
      InetAddress peer,
      TrustedProxies proxies) {
    List<String> hops = hops(headers.apply(header), header.equals(FORWARDED));
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = address(hops.get(i));
      if (hop == null) {
        return peer; // an obfuscated or unknown hop: nothing nearer to go by
      }
      if (!proxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private static List<String> hops(List<String> values, boolean forwarded) {
    List<String> hops = new ArrayList<>();
    if (values == null) {
      return hops;
    }
    for (String value : values) {
      for (String element : value.split(",")) {
        if (!forwarded) {
          hops.add(element.strip());
          continue;
        }
        for (String pair : element.split(";")) {
          String p = pair.strip();
          if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
            hops.add(p.substring(4).strip());
          }
        }
      }
    }
    return hops;
  }

  /**
   * {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code "[2001:db8::1]:80"}, {@code 2001:db8::1}; null
   * otherwise.
   */
  static InetAddress address(String hop) {
    String h = hop.strip();
    if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return null;
      }
      h = h.substring(1, end);
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') > 0) {
      h = h.substring(0, h.indexOf(':')); // IPv4 with a port
    }
    return literal(h);
  }

  /** An IP address literal as an address; null for anything else, which is never looked up. */
  static InetAddress literal(String text) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes == null) {
      return null; // "unknown", an obfuscated identifier, a name
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}

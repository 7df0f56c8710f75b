package io.sandgate.compat.judge0;

import io.quarkus.logging.Log;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a result may be sent: an http or https URL whose host resolves only to public addresses.
 * Loopback, private, link-local (cloud metadata among them), carrier-grade NAT, unique-local and
 * multicast addresses are refused unless the operator allows private callbacks, so that a
 * submission cannot make the gateway call into its own network. The check runs at submission and
 * again before each delivery (the name may resolve elsewhere by then), and the delivery goes to an
 * address that check found.
 */
final class CallbackTargets {

  static final String PUBLIC_ONLY =
      "must resolve to public addresses only (not loopback, private or link-local)";

  private final boolean allowPrivate;

  private CallbackTargets(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Callbacks to public addresses only: the default. */
  static CallbackTargets publicOnly() {
    return new CallbackTargets(false);
  }

  /** Callbacks to any address, private ones included ({@code allow-private-callbacks}). */
  static CallbackTargets anyAddress() {
    return new CallbackTargets(true);
  }

  /** Why {@code url} may not receive a callback, or empty when it may. */
  Optional<String> refusal(String url) {
    Check parsed = parse(url);
    return (allowPrivate ? parsed : resolve(parsed)).refusal();
  }

  /**
   * Where to send {@code url}'s callback now: one of the addresses its host resolves to, all of
   * them checked. The delivery connects to that address, so a name that resolves elsewhere between
   * the check and the connection is never followed.
   */
  Check target(String url) {
    return resolve(parse(url));
  }

  /**
   * The URL, the address to connect to (null when the check refused or the name did not resolve) or
   * why not.
   */
  record Check(URI url, InetAddress address, Optional<String> refusal) {

    static Check refused(String why) {
      return new Check(null, null, Optional.of(why));
    }
  }

  /** The URL's form alone: scheme, host, no user information; nothing resolved yet. */
  private static Check parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Check.refused("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Check.refused("must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      return Check.refused("must name a host (and no user information)");
    }
    return new Check(uri, null, Optional.empty());
  }

  /** A well-formed URL's host resolved, and every address it resolves to checked. */
  private Check resolve(Check parsed) {
    if (parsed.refusal().isPresent()) {
      return parsed;
    }
    URI uri = parsed.url();
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      return allowPrivate ? new Check(uri, null, Optional.empty()) : Check.refused(PUBLIC_ONLY);
    }
    for (InetAddress address : addresses) {
      if (!allowPrivate && !isPublic(address)) {
        // The address stays in the gateway's log: a tenant must not map the internal network.
        Log.infof("callback URL refused: its host resolves to %s", address.getHostAddress());
        return Check.refused(PUBLIC_ONLY);
      }
    }
    return new Check(uri, addresses[0], Optional.empty());
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0
          && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return false; // unique-local fc00::/7
    }
    // IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4): that address
    // decides.
    return embeddedIpv4(b).map(CallbackTargets::isPublic).orElse(true);
  }

  private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
    int from;
    if (isZero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
      from = 12; // ::ffff:a.b.c.d
    } else if (isZero(v6, 0, 12)) {
      from = 12; // ::a.b.c.d
    } else if ((v6[0] & 0xff) == 0x00
        && (v6[1] & 0xff) == 0x64
        && (v6[2] & 0xff) == 0xff
        && (v6[3] & 0xff) == 0x9b
        && isZero(v6, 4, 12)) {
      from = 12; // 64:ff9b::a.b.c.d
    } else if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
      from = 2; // 2002:a.b.c.d::/48
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(v6, from, from + 4)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}

package io.sandgate.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who counts as one client, which proxies are believed, and whom they forward for. */
class EdgeRulesTest {

  @Test
  void aClientIsAnIpv4AddressOrAnIpv6Slash64() throws Exception {
    assertEquals("10.1.2.3", ClientKey.of(InetAddress.getByName("10.1.2.3")));
    assertEquals(
        "10.1.2.3",
        ClientKey.of(
            InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3})));
    String a = ClientKey.of(InetAddress.getByName("2001:db8:1:2:aaaa::1"));
    assertEquals(a, ClientKey.of(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff")));
    assertFalse(a.equals(ClientKey.of(InetAddress.getByName("2001:db8:1:3::1"))));
  }

  @Test
  void aClientHoldsAtMostItsCapAndGivesBack() {
    ClientCounts counts = new ClientCounts(2);
    assertTrue(counts.tryTake("a"));
    assertTrue(counts.tryTake("a"));
    assertFalse(counts.tryTake("a"));
    assertTrue(counts.tryTake("b"), "another client has its own cap");
    counts.release("a");
    assertTrue(counts.tryTake("a"));
    counts.release("a");
    counts.release("a");
    counts.release("b");
    assertEquals(0, counts.clients(), "clients holding nothing are forgotten");
    counts.release("never-seen");
    assertEquals(0, counts.held("never-seen"));
  }

  @Test
  void trustedProxiesAreAddressesAndBlocks() throws Exception {
    TrustedProxies proxies =
        TrustedProxies.parse(Optional.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8")));
    assertTrue(proxies.contains(InetAddress.getByName("10.200.3.4")));
    assertFalse(proxies.contains(InetAddress.getByName("11.0.0.1")));
    assertTrue(proxies.contains(InetAddress.getByName("192.168.1.7")));
    assertFalse(proxies.contains(InetAddress.getByName("192.168.1.8")));
    assertTrue(proxies.contains(InetAddress.getByName("fd12::1")));
    assertFalse(proxies.contains(InetAddress.getByName("fe80::1")));
    assertTrue(TrustedProxies.parse(Optional.empty()).isEmpty());
    for (String bad :
        List.of("proxy.example.com", "dead.beef", "10.0.0.0/33", "10.0.0.0/x", "1.2.3.4/")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> TrustedProxies.parse(Optional.of(List.of(bad))),
          bad);
    }
  }

  @Test
  void theClientIsTheNearestHopThatIsNotATrustedProxy() throws Exception {
    TrustedProxies proxies = TrustedProxies.parse(Optional.of(List.of("10.0.0.0/8")));
    InetAddress proxy = InetAddress.getByName("10.0.0.1");
    // A client may write anything on the left: only what the trusted proxies appended counts.
    String xff = ForwardedClient.header("x-forwarded-for");
    String rfc = ForwardedClient.header("Forwarded");
    assertEquals(
        InetAddress.getByName("203.0.113.9"),
        forwarded(
            Map.of("X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.0.0.2"), xff, proxy, proxies));
    assertEquals(
        InetAddress.getByName("2001:db8::7"),
        forwarded(
            Map.of("Forwarded", "for=1.1.1.1, for=\"[2001:db8::7]:4711\";proto=https"),
            rfc,
            proxy,
            proxies));
    // Only the header the proxies write: a client's own copy of the other passes them untouched.
    assertEquals(
        InetAddress.getByName("198.51.100.1"),
        forwarded(
            Map.of("Forwarded", "for=6.6.6.6", "X-Forwarded-For", "198.51.100.1"),
            xff,
            proxy,
            proxies));
    assertEquals(proxy, forwarded(Map.of("X-Forwarded-For", "1.1.1.1"), rfc, proxy, proxies));
    assertEquals(proxy, forwarded(Map.of("Forwarded", "for=unknown"), rfc, proxy, proxies));
    for (String name : List.of("evil.example.com", "dead.beef", "1.2.3.4.5")) {
      assertEquals(
          proxy,
          forwarded(Map.of("X-Forwarded-For", name), xff, proxy, proxies),
          name + " is never looked up");
    }
    assertEquals(proxy, forwarded(Map.of(), xff, proxy, proxies));
    assertNull(ForwardedClient.address("_hidden"));
    assertThrows(IllegalArgumentException.class, () -> ForwardedClient.header("X-Real-IP"));
  }

  private static InetAddress forwarded(
      Map<String, String> headers, String header, InetAddress peer, TrustedProxies proxies) {
    return ForwardedClient.of(
        name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(),
        header,
        peer,
        proxies);
  }
}

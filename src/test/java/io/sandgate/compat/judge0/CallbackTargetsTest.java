package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Callbacks go to public addresses over http(s) only, unless the operator allows private ones. */
class CallbackTargetsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1"
      })
  void privateAddressesAreNotPublic(String address) throws Exception {
    assertFalse(CallbackTargets.isPublic(InetAddress.getByName(address)), address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"})
  void publicAddressesArePublic(String address) throws Exception {
    assertTrue(CallbackTargets.isPublic(InetAddress.getByName(address)), address);
  }

  @Test
  void ipv6FormsThatCarryAPrivateIpv4AddressAreNotPublic() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    // Built as an Inet6Address, as a resolver may hand one over (a literal would become IPv4).
    assertFalse(CallbackTargets.isPublic(java.net.Inet6Address.getByAddress(null, mapped, -1)));
    assertFalse(CallbackTargets.isPublic(InetAddress.getByName("64:ff9b::10.0.0.1")));
    assertFalse(
        CallbackTargets.isPublic(InetAddress.getByName("2002:a9fe:a9fe::1")),
        "6to4 of 169.254.169.254");
    assertTrue(CallbackTargets.isPublic(InetAddress.getByName("64:ff9b::808:808")));
  }

  @Test
  void urlsAreCheckedBeforeAnyAddress() {
    CallbackTargets strict = CallbackTargets.publicOnly();
    assertEquals(
        Optional.of("must be an http or https URL"), strict.refusal("gopher://example.com/"));
    assertEquals(
        Optional.of("must name a host (and no user information)"),
        strict.refusal("http://u:p@8.8.8.8/"));
    assertEquals(
        Optional.of(CallbackTargets.PUBLIC_ONLY),
        strict.refusal("http://localhost:8080/cb"),
        "one message, naming no address: a tenant learns nothing of the internal network");
    assertEquals(
        Optional.of(CallbackTargets.PUBLIC_ONLY), strict.refusal("http://no-such-host.invalid/cb"));
    assertEquals(Optional.empty(), strict.refusal("https://8.8.8.8/cb"));
    assertEquals(Optional.empty(), CallbackTargets.anyAddress().refusal("http://127.0.0.1:9/cb"));
  }

  @Test
  void aDeliveryGoesToAnAddressTheCheckFound() throws Exception {
    CallbackTargets strict = CallbackTargets.publicOnly();
    assertEquals(InetAddress.getByName("8.8.8.8"), strict.target("https://8.8.8.8/cb").address());
    assertEquals(
        Optional.of(CallbackTargets.PUBLIC_ONLY), strict.target("http://localhost/cb").refusal());
    assertEquals(null, strict.target("http://localhost/cb").address());
    CallbackTargets open = CallbackTargets.anyAddress();
    assertTrue(open.target("http://localhost:9/cb").address().isLoopbackAddress());
    assertEquals(
        Optional.empty(),
        open.target("http://no-such-host.invalid/cb").refusal(),
        "allowed, and tried again later: a name that does not resolve now is no answer yet");
    assertEquals(null, open.target("http://no-such-host.invalid/cb").address());
  }
}

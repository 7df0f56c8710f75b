package io.sandgate.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantRegistryTest {

  private static TenantRegistry registry(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(TenantsConfig.class)
            .withMapping(TenantsConfig.Defaults.class)
            .withSources(new MapBackedConfigSource("test", properties) {})
            .build();
    return new TenantRegistry(
        config.getConfigMapping(TenantsConfig.class),
        config.getConfigMapping(TenantsConfig.Defaults.class));
  }

  @Test
  void plainAndHashedKeysAuthenticate() {
    String hash = HexFormat.of().formatHex(TenantRegistry.sha256("hashed-key"));
    TenantRegistry registry =
        registry(
            Map.of(
                "sandgate.tenants.acme.api-key", "plain-key",
                "sandgate.tenants.acme.rate.limit", "5",
                "sandgate.tenants.acme.rate.period", "10s",
                "sandgate.tenants.beta.api-key-sha256", hash.toUpperCase(),
                "sandgate.tenants.beta.max-concurrent", "2",
                "sandgate.tenants.beta.max-timeout", "5s"));
    Tenant acme = registry.authenticate("plain-key").orElseThrow();
    assertEquals(new Tenant("acme", 5, Duration.ofSeconds(10), 4, Duration.ofSeconds(30)), acme);
    Tenant beta = registry.authenticate("hashed-key").orElseThrow();
    assertEquals(new Tenant("beta", 120, Duration.ofMinutes(1), 2, Duration.ofSeconds(5)), beta);
  }

  @Test
  void unknownOrEmptyKeysDoNot() {
    TenantRegistry registry = registry(Map.of("sandgate.tenants.acme.api-key", "plain-key"));
    assertTrue(registry.authenticate("plain-key ").isEmpty());
    assertTrue(registry.authenticate("PLAIN-KEY").isEmpty());
    assertTrue(registry.authenticate("").isEmpty());
    assertTrue(registry.authenticate(null).isEmpty());
  }

  @Test
  void noTenantsMeansNobodyGetsIn() {
    assertTrue(registry(Map.of()).authenticate("anything").isEmpty());
  }

  @Test
  void misconfigurationFailsAtStartup() {
    assertThrows(
        IllegalStateException.class,
        () -> registry(Map.of("sandgate.tenants.acme.api-key-sha256", "not-hex")));
    assertThrows(
        IllegalStateException.class,
        () ->
            registry(
                Map.of(
                    "sandgate.tenants.a.api-key", "same", "sandgate.tenants.b.api-key", "same")));
    assertThrows(
        IllegalStateException.class,
        () -> registry(Map.of("sandgate.tenants.acme.max-concurrent", "2")));
    assertThrows(
        IllegalStateException.class,
        () ->
            registry(
                Map.of(
                    "sandgate.tenants.acme.api-key",
                    "k",
                    "sandgate.tenants.acme.rate.limit",
                    "0")));
    assertThrows(
        IllegalStateException.class,
        () ->
            registry(
                Map.of(
                    "sandgate.tenants.acme.api-key",
                    "k",
                    "sandgate.tenants.acme.rate.limit",
                    "2000000000",
                    "sandgate.tenants.acme.rate.period",
                    "1s")));
  }
}

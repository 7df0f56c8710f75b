package io.sandgate.tenant;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API key → tenant. Keys are held only as SHA-256 digests and compared in constant time. */
@Startup
@Singleton
public class TenantRegistry {

  private final Map<String, Entry> byDigest = new LinkedHashMap<>();

  private record Entry(byte[] digest, Tenant tenant) {}

  TenantRegistry(TenantsConfig config, TenantsConfig.Defaults defaults) {
    config
        .tenants()
        .forEach((name, entry) -> add(tenant(name, entry, defaults), digestOf(name, entry)));
    if (defaults.devTenant() && config.tenants().isEmpty()) {
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      String key = "sg_dev_" + HexFormat.of().formatHex(random);
      add(
          new Tenant(
              "dev",
              defaults.rateLimit(),
              defaults.ratePeriod(),
              defaults.maxConcurrent(),
              defaults.maxTimeout()),
          sha256(key));
      // The one place a key is printed: a throwaway key of the dev profile, so a first run needs no
      // setup.
      Log.infof("dev tenant ready; its API key for this run is %s", key);
    }
    if (byDigest.isEmpty()) {
      Log.warn(
          "no tenant is configured: every /v1 request will be refused with 401."
              + " Set sandgate.tenants.<name>.api-key-sha256 (see docs/api.md, Tenants)");
    } else {
      Log.infof("tenants: %s", tenants().stream().map(Tenant::name).toList());
    }
  }

  /** The tenant whose key this is, if any. */
  public Optional<Tenant> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = sha256(presentedKey);
    Entry entry = byDigest.get(HexFormat.of().formatHex(digest));
    // The map finds the candidate by digest; the final check does not leak timing.
    if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)) {
      return Optional.empty();
    }
    return Optional.of(entry.tenant());
  }

  public List<Tenant> tenants() {
    return byDigest.values().stream().map(Entry::tenant).toList();
  }

  private void add(Tenant tenant, byte[] digest) {
    Entry previous = byDigest.put(HexFormat.of().formatHex(digest), new Entry(digest, tenant));
    if (previous != null) {
      throw new IllegalStateException(
          "tenants '"
              + previous.tenant().name()
              + "' and '"
              + tenant.name()
              + "' have the same API key");
    }
  }

  private static Tenant tenant(
      String name, TenantsConfig.TenantEntry entry, TenantsConfig.Defaults defaults) {
    long limit = entry.rate().limit().orElse(defaults.rateLimit());
    Duration period = entry.rate().period().orElse(defaults.ratePeriod());
    // The bucket refills at most one token per nanosecond.
    if (limit < 1 || period.isNegative() || period.toMillis() < 1 || limit > period.toNanos()) {
      throw new IllegalStateException(
          "sandgate.tenants."
              + name
              + ".rate: limit must be at least 1 and the"
              + " period at least 1ms and no shorter than one nanosecond per request");
    }
    return new Tenant(
        name,
        limit,
        period,
        entry.maxConcurrent().orElse(defaults.maxConcurrent()),
        entry.maxTimeout().orElse(defaults.maxTimeout()));
  }

  private static byte[] digestOf(String name, TenantsConfig.TenantEntry entry) {
    if (entry.apiKeySha256().isPresent()) {
      String hex = entry.apiKeySha256().get().trim().toLowerCase();
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new IllegalStateException(
            "sandgate.tenants." + name + ".api-key-sha256 must be 64 hex digits");
      }
      return HexFormat.of().parseHex(hex);
    }
    String key =
        entry
            .apiKey()
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tenant '"
                            + name
                            + "' needs sandgate.tenants."
                            + name
                            + ".api-key or .api-key-sha256"));
    return sha256(key);
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

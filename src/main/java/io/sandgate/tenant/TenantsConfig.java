package io.sandgate.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Tenants declared as {@code sandgate.tenants.<name>.*}; unset limits take {@link Defaults}. */
@ConfigMapping(prefix = "sandgate.tenants")
public interface TenantsConfig {

  /** Tenants by name. */
  @WithParentName
  Map<String, TenantEntry> tenants();

  /** One tenant. */
  interface TenantEntry {
    /** The API key in plain text (prefer {@link #apiKeySha256()}). No default. */
    Optional<String> apiKey();

    /** Hex SHA-256 of the API key, so the key itself need not be stored. No default. */
    Optional<String> apiKeySha256();

    /** Request rate. */
    Rate rate();

    /** Executions at once. Default {@code sandgate.tenant-defaults.max-concurrent}. */
    OptionalInt maxConcurrent();

    /** Cap on {@code timeoutMs}. Default {@code sandgate.tenant-defaults.max-timeout}. */
    Optional<Duration> maxTimeout();
  }

  /** Token bucket of a tenant's requests. */
  interface Rate {
    /** Bucket size: requests in a burst, and per period. */
    OptionalLong limit();

    /** Time in which the bucket refills completely. */
    Optional<Duration> period();
  }

  /** Limits of tenants that do not set their own. */
  @ConfigMapping(prefix = "sandgate.tenant-defaults")
  interface Defaults {
    /** Requests per {@link #ratePeriod()}. Default 120. */
    @WithDefault("120")
    long rateLimit();

    /** Refill period of the request bucket. Default 1m. */
    @WithDefault("1m")
    Duration ratePeriod();

    /** Executions at once per tenant. Default 4. */
    @WithDefault("4")
    int maxConcurrent();

    /** Cap on a run's timeout. Default 30s. */
    @WithDefault("30s")
    Duration maxTimeout();

    /**
     * Create a {@code dev} tenant with a random key printed at startup (dev profile). Default
     * false.
     */
    @WithDefault("false")
    boolean devTenant();
  }
}

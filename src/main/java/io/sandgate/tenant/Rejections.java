package io.sandgate.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Counts refused requests by tenant and reason ({@code sandgate_rejections_total}). Tenants come
 * from configuration, so the tag stays bounded; unknown keys count under tenant "-".
 */
@Singleton
public class Rejections {

  /** Why a request was refused. */
  public enum Reason {
    AUTH,
    RATE,
    CONCURRENCY
  }

  private final MeterRegistry registry;

  Rejections(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String tenant, Reason reason) {
    counter(tenant, reason).increment();
  }

  /** Count for one tenant and reason. */
  public long count(String tenant, Reason reason) {
    return (long) counter(tenant, reason).count();
  }

  private Counter counter(String tenant, Reason reason) {
    return Counter.builder("sandgate.rejections")
        .description("Requests refused by tenant and reason (auth, rate, concurrency)")
        .tag("tenant", tenant)
        .tag("reason", reason.name().toLowerCase())
        .register(registry);
  }
}

package io.sandgate.tenant;

/** Admits a tenant's execution and holds its concurrency slot until the returned permit closes. */
public interface TenantGate {

  /**
   * Admits one execution of {@code tenant}.
   *
   * @throws TenantLimitException when the tenant may not run more at once
   */
  Permit enter(Tenant tenant);

  /** A held execution slot; closing it frees the slot. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}

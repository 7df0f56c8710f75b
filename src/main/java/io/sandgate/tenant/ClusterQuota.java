package io.sandgate.tenant;

import io.sandgate.cluster.RedisLink;
import io.sandgate.cluster.RedisSlots;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * A tenant's runs at once across the cluster. A run first takes a slot of this gateway's own quota,
 * then — with Redis configured — a lease in Redis, so the quota holds for every gateway together.
 * While Redis is unreachable the local slot alone decides: each gateway then admits up to the
 * tenant's quota, and its leases are written back to Redis when it answers again.
 */
final class ClusterQuota {

  private final ConcurrencyQuota local = new ConcurrencyQuota();
  private final RedisLink link;
  private final RedisSlots shared;

  ClusterQuota(RedisLink link, String instance) {
    this.link = link;
    this.shared = link.configured() ? new RedisSlots(link, instance) : null;
  }

  /** A held slot, or empty when the tenant is at its quota (here, or across the cluster). */
  Optional<TenantGate.Permit> tryEnter(Tenant tenant) {
    Optional<TenantGate.Permit> here = local.tryEnter(tenant);
    if (here.isEmpty() || shared == null) {
      return here;
    }
    RedisSlots.Lease lease = shared.lease(tenant.name());
    if (link.usable()) {
      try {
        if (!shared.tryAcquire(lease, tenant.maxConcurrent()).get()) {
          here.get().close();
          return Optional.empty();
        }
        return Optional.of(both(here.get(), lease));
      } catch (ExecutionException e) {
        // Redis went away: this gateway's own slot decides, as below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        here.get().close();
        return Optional.empty();
      }
    }
    link.countFallback("concurrency");
    shared.hold(lease);
    return Optional.of(both(here.get(), lease));
  }

  private TenantGate.Permit both(TenantGate.Permit here, RedisSlots.Lease lease) {
    return () -> {
      try {
        here.close();
      } finally {
        shared.release(lease);
      }
    };
  }
}

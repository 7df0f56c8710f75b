package io.sandgate.execution;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.sandgate.pool.SandboxPool;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantRegistry;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A tenant's concurrency quota is what keeps it from holding every sandbox under the cap while
 * others wait: says so at startup when a tenant's quota would let it fill the gateway alone.
 */
@ApplicationScoped
class CapacityCheck {

  void onStart(@Observes StartupEvent event, TenantRegistry tenants, SandboxPool pool) {
    // The pool's capacity comes from the engine: asked off the start, as the pool itself starts.
    GatewayThreads.start("sandgate-capacity-check", () -> warnOfGreedyQuotas(tenants, pool));
  }

  private static void warnOfGreedyQuotas(TenantRegistry tenants, SandboxPool pool) {
    int capacity = pool.snapshot().capacity();
    for (Tenant tenant : tenants.tenants()) {
      if (tenant.maxConcurrent() >= capacity) {
        Log.warnf(
            "tenant '%s' may run %d at once, as many as the %d sandboxes this gateway may hold:"
                + " alone it can keep every other tenant waiting (lower its max-concurrent)",
            tenant.name(), tenant.maxConcurrent(), capacity);
      }
    }
  }
}

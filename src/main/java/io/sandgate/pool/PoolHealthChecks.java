package io.sandgate.pool;

import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * Probes: liveness needs nothing outside the process. Readiness means "can take work": the engine
 * answers and sandboxes can be made — also while every sandbox is busy, since a saturated gateway
 * taken out of its Service only turns waits into refusals elsewhere.
 */
@ApplicationScoped
class PoolHealthChecks {

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> HealthCheckResponse.up("gateway");
  }

  @Produces
  @Readiness
  HealthCheck ready(SandboxPool pool, SandboxRuntime containers) {
    return () -> {
      PoolSnapshot s = pool.snapshot();
      boolean engine = containers.ping();
      boolean up = engine && s.accepting() && (s.ready() > 0 || s.canCreate());
      return HealthCheckResponse.named("sandbox-pool")
          .status(up)
          .withData("engine", engine ? "up" : "down")
          .withData("ready", s.ready())
          .withData("creating", s.creating())
          .withData("leased", s.leased())
          .withData("removing", s.removing())
          .withData("capacity", s.capacity())
          .withData("waiters", s.waiters())
          .withData("target", s.target())
          .withData("reason", up ? "ok" : reason(engine, s))
          .build();
    };
  }

  @Produces
  @Startup
  HealthCheck started(SandboxPool pool) {
    return () -> HealthCheckResponse.named("sandbox-pool-started").status(pool.started()).build();
  }

  private static String reason(boolean engine, PoolSnapshot s) {
    if (!engine) {
      return "the Docker engine does not answer";
    }
    if (!s.accepting()) {
      return "the pool is not accepting work (starting or shutting down)";
    }
    return "no sandbox could be made yet, or creations keep failing";
  }
}

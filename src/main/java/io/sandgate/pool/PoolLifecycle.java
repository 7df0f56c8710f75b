package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sandgate.BesideStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts and stops the pool with the application and runs its safety-net jobs. */
@ApplicationScoped
class PoolLifecycle {

  private final SandboxPool pool;

  PoolLifecycle(SandboxPool pool) {
    this.pool = pool;
  }

  /**
   * The pool starts beside the gateway, not before it: sizing it asks the engine for its machine,
   * and the image check and the sweep of dead gateways' sandboxes are engine calls too. The gateway
   * listens meanwhile; its startup probe says when the pool has started, and a run that comes first
   * waits for a sandbox as it would for a busy pool. A pool that cannot start stops the gateway, as
   * a failed start always did.
   */
  void onStart(@Observes StartupEvent event) {
    BesideStart.run(
        "sandgate-pool-start",
        () -> {
          try {
            pool.start();
          } catch (RuntimeException e) {
            Log.errorf(e, "the sandbox pool could not start");
            Quarkus.asyncExit(1);
          }
        });
  }

  void onStop(@Observes ShutdownEvent event) {
    pool.stop();
  }

  @Scheduled(
      every = "${sandgate.pool.refill-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heal() {
    try {
      pool.heal();
    } catch (RuntimeException e) {
      Log.errorf(e, "pool refill job failed");
    }
  }

  @Scheduled(
      every = "${sandgate.pool.reap-interval:15s}",
      delayed = "${sandgate.pool.reap-interval:15s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reap() {
    try {
      pool.reap();
    } catch (RuntimeException e) {
      Log.errorf(e, "pool reaper failed");
    }
  }
}

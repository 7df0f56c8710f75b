package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sandgate.sandbox.RunnerImage;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts and stops the pool with the application and runs its safety-net jobs. */
@ApplicationScoped
class PoolLifecycle {

  private final SandboxPool pool;
  private final GatewayLiveness liveness;
  private final RunnerImage image;
  private final PoolReaper reaper;
  private final SandboxCreator creator;
  private final SandboxDestroyer destroyer;
  private final PoolRefill refill;

  PoolLifecycle(
      SandboxPool pool,
      GatewayLiveness liveness,
      RunnerImage image,
      PoolReaper reaper,
      SandboxCreator creator,
      SandboxDestroyer destroyer,
      PoolRefill refill) {
    this.pool = pool;
    this.liveness = liveness;
    this.image = image;
    this.reaper = reaper;
    this.creator = creator;
    this.destroyer = destroyer;
    this.refill = refill;
  }

  /**
   * The pool starts beside the gateway, not before it: sizing it asks the engine for its machine,
   * and the image check and the sweep of dead gateways' sandboxes are engine calls too. The gateway
   * listens meanwhile; its startup probe says when the pool has started, and a run that comes first
   * waits for a sandbox as it would for a busy pool. A pool that cannot start stops the gateway, as
   * a failed start always did.
   */
  void onStart(@Observes StartupEvent event) {
    GatewayThreads.start(
        "sandgate-pool-start",
        () -> {
          try {
            start();
          } catch (RuntimeException e) {
            Log.errorf(e, "the sandbox pool could not start");
            Quarkus.asyncExit(1);
          }
        });
  }

  /** Prepares the image, removes what dead gateways left, and starts filling. */
  void start() {
    liveness.hold();
    image.ensure();
    reaper.removeOrphans(false);
    refill.start();
  }

  /**
   * Stops taking work, lets running leases finish (bounded), then removes every container of this
   * instance.
   */
  void onStop(@Observes ShutdownEvent event) {
    pool.close();
    // Creations under way finish and are destroyed as they land (the pool is closed).
    creator.shutdown();
    destroyer.shutdown();
    liveness.release();
  }

  @Scheduled(
      every = "${sandgate.pool.refill-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heal() {
    try {
      // Safety net: checks the engine and refills whatever events missed.
      if (pool.snapshot().accepting()) {
        creator.checkEngine();
        refill.now();
      }
    } catch (RuntimeException e) {
      Log.errorf(e, "pool refill job failed");
    }
  }

  @Scheduled(
      every = "${sandgate.pool.reap-interval}",
      delayed = "${sandgate.pool.reap-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reap() {
    try {
      pool.reap();
    } catch (RuntimeException e) {
      Log.errorf(e, "pool reaper failed");
    }
  }
}

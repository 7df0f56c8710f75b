package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts and stops the pool with the application and runs its safety-net jobs. */
@ApplicationScoped
class PoolLifecycle {

    private final SandboxPool pool;

    PoolLifecycle(SandboxPool pool) {
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        pool.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.stop();
    }

    @Scheduled(every = "${sandgate.pool.refill-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heal() {
        try {
            pool.heal();
        } catch (RuntimeException e) {
            Log.errorf(e, "pool refill job failed");
        }
    }

    @Scheduled(every = "${sandgate.pool.reap-interval:15s}", delayed = "${sandgate.pool.reap-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        try {
            pool.reap();
        } catch (RuntimeException e) {
            Log.errorf(e, "pool reaper failed");
        }
    }
}

package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxRuntime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Removes used and unwanted sandboxes off the caller's thread, counting those under way (they
 * still take room under the cap). A failure leaves it to the reaper.
 */
final class SandboxDestroyer {

    private final SandboxRuntime runtime;
    private final PoolMetrics metrics;
    private final ExecutorService destroyers;
    private final AtomicInteger removing = new AtomicInteger();
    private volatile Runnable removed = () -> { };

    SandboxDestroyer(SandboxRuntime runtime, PoolMetrics metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
        this.destroyers = Executors.newFixedThreadPool(2, SandboxPool.named("sandgate-destroy"));
    }

    /** Removes the sandbox soon; at once on this thread once shut down. */
    void destroy(Sandbox sandbox) {
        removing.incrementAndGet();
        try {
            destroyers.execute(() -> destroyNow(sandbox));
        } catch (RejectedExecutionException e) {
            destroyNow(sandbox);
        }
    }

    /** Runs {@code callback} after each removal, when its room under the cap is free again. */
    void onRemoved(Runnable callback) {
        this.removed = callback;
    }

    /** Removals under way. */
    int removing() {
        return removing.get();
    }

    private void destroyNow(Sandbox sandbox) {
        try {
            runtime.destroy(sandbox);
            metrics.destroyed();
        } catch (RuntimeException e) {
            // The reaper finds it again by label.
            Log.warnf("removing sandbox %s failed: %s", sandbox.shortId(), e.getMessage());
        } finally {
            removing.decrementAndGet();
        }
        removed.run();
    }

    /** Finishes the removals under way (bounded). */
    void shutdown() {
        destroyers.shutdown();
        SandboxPool.awaitTermination(destroyers);
    }
}

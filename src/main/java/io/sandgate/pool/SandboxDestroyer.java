package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxRuntime;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Removes used and unwanted sandboxes off the caller's thread, counting those not yet gone: they
 * still take room under the cap. A removal that fails is kept, counted, and tried again at every
 * reap until the engine has removed the container.
 */
final class SandboxDestroyer {

  private final SandboxRuntime runtime;
  private final PoolMetrics metrics;
  private final ExecutorService destroyers;
  private final AtomicInteger removing = new AtomicInteger();
  private final Queue<Sandbox> failed = new ConcurrentLinkedQueue<>();
  private volatile Runnable removed = () -> {};

  SandboxDestroyer(SandboxRuntime runtime, PoolMetrics metrics) {
    this.runtime = runtime;
    this.metrics = metrics;
    this.destroyers = Executors.newFixedThreadPool(2, SandboxPool.named("sandgate-destroy"));
  }

  /** Removes the sandbox soon; at once on this thread once shut down. */
  void destroy(Sandbox sandbox) {
    reserve();
    destroyReserved(sandbox);
  }

  /**
   * Counts a removal about to be asked for, before the pool stops counting the sandbox, so the cap
   * never sees room that is not there; follow with {@link #destroyReserved} or {@link #unreserve}.
   */
  void reserve() {
    removing.incrementAndGet();
  }

  void unreserve() {
    removing.decrementAndGet();
  }

  /** {@link #destroy} of a sandbox whose removal is already counted. */
  void destroyReserved(Sandbox sandbox) {
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
      // Still there: it keeps its place under the cap (and its uid) until a retry removes it.
      Log.warnf("removing sandbox %s failed: %s", sandbox.shortId(), e.getMessage());
      failed.add(sandbox);
      return;
    }
    removing.decrementAndGet();
    removed.run();
  }

  /** Tries the failed removals again (the reaper's pass). */
  void retryFailed() {
    for (Sandbox sandbox; (sandbox = failed.poll()) != null; ) {
      destroyReserved(sandbox);
    }
  }

  /** Finishes the removals under way (bounded). */
  void shutdown() {
    destroyers.shutdown();
    SandboxPool.awaitTermination(destroyers);
  }
}

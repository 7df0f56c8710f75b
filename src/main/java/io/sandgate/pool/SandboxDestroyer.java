package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.sandbox.ManagedContainer;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxRuntime;
import io.sandgate.threads.GatewayThreads;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Removes used and unwanted sandboxes off the caller's thread, counting those not yet gone: they
 * still take room under the cap. A removal that fails is kept, counted, and tried again at every
 * reap until the engine has removed the container.
 */
@Singleton
class SandboxDestroyer {

  /** Removals waiting for a thread; past it (or once shut down) the caller's thread removes. */
  private static final int BACKLOG = 1024;

  private final SandboxRuntime containers;
  private final PoolMetrics metrics;
  private final GatewayThreads threads;
  private final ExecutorService destroyers;
  private final AtomicInteger removing = new AtomicInteger();
  private final Queue<Sandbox> failed = new ConcurrentLinkedQueue<>();
  private volatile Runnable removed = () -> {};

  SandboxDestroyer(SandboxRuntime containers, PoolMetrics metrics, GatewayThreads threads) {
    this.containers = containers;
    this.metrics = metrics;
    this.threads = threads;
    this.destroyers =
        threads
            .pool("sandgate-destroy", 2)
            .queue(BACKLOG, GatewayThreads.Overflow.REJECT)
            .stopping(GatewayThreads.Stage.POOL, GatewayThreads.Stop.DRAIN, Duration.ofSeconds(30));
  }

  /** Removes the sandbox soon; at once on this thread once shut down or backed up. */
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
      containers.destroy(sandbox);
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

  /**
   * Finishes the removals under way (bounded), then removes every container of this gateway that is
   * left.
   */
  void shutdown() {
    threads.stop(destroyers);
    try {
      for (ManagedContainer c : containers.listManaged()) {
        if (c.instanceId().equals(containers.instanceId())) {
          containers.remove(c);
        }
      }
    } catch (RuntimeException e) {
      Log.warnf("could not remove every sandbox at shutdown: %s", e.getMessage());
    }
  }
}

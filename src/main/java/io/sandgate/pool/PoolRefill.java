package io.sandgate.pool;

import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the pool filled: starts as many creations as it lacks, each planned for a runtime (a
 * waiting caller's size first, else the warm split's), now or soon after a sandbox was taken.
 * Application-scoped, so made at its first use: its bookkeeping's size asks the engine.
 */
@ApplicationScoped
class PoolRefill {

  private final PoolState<Sandbox, PythonRuntime> state;
  private final SandboxCreator creator;
  private final SandboxDestroyer destroyer;
  private final RuntimeSplit split;
  private final PoolConfig config;
  private final GatewayThreads threads;
  private final ScheduledExecutorService delayed;
  private volatile boolean started;

  PoolRefill(
      PoolState<Sandbox, PythonRuntime> state,
      SandboxCreator creator,
      SandboxDestroyer destroyer,
      RuntimeSplit split,
      PoolConfig config,
      GatewayThreads threads) {
    this.state = state;
    this.creator = creator;
    this.destroyer = destroyer;
    this.split = split;
    this.config = config;
    this.threads = threads;
    this.delayed = threads.timer("sandgate-refill", GatewayThreads.Stage.POOL);
    destroyer.onRemoved(this::now); // a removal frees room under the cap
  }

  /** From now on the pool is filled. */
  void start() {
    started = true;
    now();
  }

  boolean started() {
    return started;
  }

  /** Starts as many creations as the pool lacks (bounded), unless creations are backing off. */
  void now() {
    if (!started || creator.backingOff()) {
      return;
    }
    for (PythonRuntime planned :
        state.planCreations(
            config.maxParallelCreations(),
            destroyer.removing(),
            PoolRefill::plannedFor,
            have -> split.next(have, config.size()))) {
      Optional<PythonRuntime> warm =
          config.warmInterpreters() ? Optional.of(planned) : Optional.empty();
      creator.create(
          SandboxKind.of(planned),
          warm,
          sandbox -> created(planned, sandbox),
          () -> state.creationFailed(planned));
    }
  }

  /** Refills after {@code refill-delay}, or at the lease's end if that comes first. */
  void soon() {
    try {
      delayed.schedule(this::now, config.refillDelay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down: nothing to refill
    }
  }

  /** No refill from now on. */
  void stop() {
    threads.stop(delayed);
  }

  /**
   * The runtime a ready sandbox counts for in the split: its warm interpreter's, else its size's.
   */
  private static PythonRuntime plannedFor(Sandbox sandbox) {
    return sandbox
        .warmRuntime()
        .orElse(
            sandbox.kind() == SandboxKind.DATA
                ? PythonRuntime.PYTHON3_DATA
                : PythonRuntime.DEFAULT);
  }

  private void created(PythonRuntime planned, Sandbox sandbox) {
    if (!state.created(sandbox, planned)) {
      destroyer.destroy(sandbox); // the pool closed meanwhile
    }
    now();
  }
}

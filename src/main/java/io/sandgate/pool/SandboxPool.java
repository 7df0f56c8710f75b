package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentConfig;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The warm pool of single-use sandboxes: keeps {@code size} ready, hands each out once (waiting
 * callers in FIFO order), destroys it after and refills. Sandboxes come in two sizes ({@link
 * SandboxKind}); a run takes only one of its runtime's size, and the pool makes one on demand when
 * none is ready, in place of a ready one of the other size if it is full. Creation, removal and
 * reaping are each a class of their own ({@link SandboxCreator}, {@link SandboxDestroyer}, {@link
 * PoolReaper}); the bookkeeping is {@link PoolState}.
 */
@ApplicationScoped
public class SandboxPool {

  private final SandboxRuntime containers;
  private final PoolConfig config;
  private final AgentConfig agentConfig;
  private final Clock clock;
  private final PoolState<Sandbox, PythonRuntime> state;
  private final PoolMetrics metrics;
  private final AgentEndpoints endpoints;
  private final SandboxDestroyer destroyer;
  private final SandboxCreator creator;
  private final PoolReaper reaper;
  private final RuntimeSplit split;
  private final PoolRefill refill;

  SandboxPool(
      SandboxRuntime containers,
      PoolConfig config,
      AgentConfig agentConfig,
      Clock clock,
      PoolState<Sandbox, PythonRuntime> state,
      PoolMetrics metrics,
      AgentEndpoints endpoints,
      SandboxDestroyer destroyer,
      SandboxCreator creator,
      PoolReaper reaper,
      RuntimeSplit split,
      PoolRefill refill) {
    this.containers = containers;
    this.config = config;
    this.agentConfig = agentConfig;
    this.clock = clock;
    this.state = state;
    this.metrics = metrics;
    this.endpoints = endpoints;
    this.destroyer = destroyer;
    this.creator = creator;
    this.reaper = reaper;
    this.split = split;
    this.refill = refill;
    metrics.bind(this);
  }

  /**
   * A ready sandbox for one run of {@code runtime} that may take {@code runTimeout}: of that
   * runtime's size, one whose warm interpreter is that runtime's if there is one, else any (its
   * interpreter then starts with the run); waits up to the acquire timeout in FIFO order, for
   * whichever such sandbox is ready first. When the lease closes, its hand-back (removal and
   * refill) is run by {@code handBack}: the API's waits until the answer has been sent.
   *
   * @throws NoSandboxException when none can be had in time
   */
  public Lease acquire(PythonRuntime runtime, Duration runTimeout, Executor handBack) {
    split.demanded(runtime);
    try {
      Lease lease = lease(runtime, runTimeout, handBack);
      metrics.acquired(runtime, lease.warmFor(runtime));
      return lease;
    } catch (NoSandboxException e) {
      metrics.refused(e.reason());
      throw e;
    }
  }

  private Lease lease(PythonRuntime runtime, Duration runTimeout, Executor handBack) {
    if (state.closed()) {
      throw NoSandboxException.shuttingDown("the gateway is shutting down", 5);
    }
    Sandbox sandbox = state.take(s -> s.serves(runtime), s -> s.warmFor(runtime)).orElse(null);
    if (sandbox == null) {
      long waitStart = clock.millis();
      try {
        sandbox = await(runtime);
      } finally {
        metrics.waited(Duration.ofMillis(clock.millis() - waitStart));
      }
      refill.now();
    } else {
      metrics.waited(Duration.ZERO);
      refill.soon();
    }
    long deadline =
        clock.millis()
            + runTimeout.toMillis()
            + agentConfig.runGrace().toMillis()
            + config.leaseGrace().toMillis();
    state.leaseUntil(sandbox, deadline);
    return new Lease(sandbox, endpoints.of(sandbox), containers, handBack, this::release);
  }

  private Sandbox await(PythonRuntime runtime) {
    if (!creator.engineUp()) {
      refill.now();
      throw NoSandboxException.engineDown(
          "the container engine does not answer", creator.retryAfterSeconds());
    }
    CompletableFuture<Sandbox> waiter =
        state
            .enqueue(runtime, s -> s.serves(runtime))
            .orElseThrow(() -> NoSandboxException.queueFull(creator.retryAfterSeconds()));
    try {
      refill.now();
      // Nothing of its size on the way (the pool is full of the other): the oldest other gives way.
      SandboxKind kind = SandboxKind.of(runtime);
      state.makeRoomFor(runtime, s -> s.kind() != kind).ifPresent(other -> evict(other, kind));
      return waiter.get(config.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      NoSandboxException giveUp =
          NoSandboxException.waitTimedOut(config.acquireTimeout(), creator.retryAfterSeconds());
      return state.giveUp(waiter).orElseThrow(() -> giveUp);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      NoSandboxException giveUp =
          NoSandboxException.shuttingDown(
              "interrupted while waiting for a sandbox", creator.retryAfterSeconds());
      return state.giveUp(waiter).orElseThrow(() -> giveUp);
    } catch (ExecutionException | CancellationException e) {
      throw NoSandboxException.shuttingDown("the gateway is shutting down", 5);
    }
  }

  private void evict(Sandbox other, SandboxKind kind) {
    Log.debugf("sandbox %s gives way to a %s sandbox for a waiting run", other.shortId(), kind);
    destroyer.destroy(other);
    refill.now();
  }

  private void release(Sandbox sandbox) {
    destroyer.reserve(); // counted as being removed before the pool stops counting it as leased
    if (state.release(sandbox)) {
      destroyer.destroyReserved(sandbox);
    } else {
      destroyer.unreserve();
    }
    refill.now();
  }

  /** Removes expired leases, stale or dead ready sandboxes, and orphans; then refills. */
  void reap() {
    if (!refill.started() || state.closed()) {
      return;
    }
    reaper.reap();
    refill.now();
  }

  /** Stops taking work and lets running leases finish (bounded). */
  void close() {
    List<Sandbox> ready = state.close();
    refill.stop();
    ready.forEach(destroyer::destroy);
    long deadline = clock.millis() + config.shutdownTimeout().toMillis();
    while (state.leasedCount() > 0 && clock.millis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /** The longest a caller waits for a sandbox. */
  public Duration acquireTimeout() {
    return config.acquireTimeout();
  }

  /**
   * Versions of the runtimes, as the newest ready sandbox reported them; empty before the first.
   */
  public Map<String, String> runtimeVersions() {
    return creator.runtimeVersions();
  }

  /** Ready sandboxes whose warm interpreter is {@code runtime}'s. */
  public int warmReady(PythonRuntime runtime) {
    return (int) state.readyItems().stream().filter(s -> s.warmFor(runtime)).count();
  }

  /** How many warm interpreters the pool aims to keep for {@code runtime}, by recent demand. */
  public int warmTarget(PythonRuntime runtime) {
    return config.warmInterpreters() ? split.targets(config.size()).get(runtime) : 0;
  }

  public PoolSnapshot snapshot() {
    return new PoolSnapshot(
        config.size(),
        state.maxLive(),
        state.readyCount(),
        state.creatingCount(),
        state.leasedCount(),
        destroyer.removing(),
        state.waiterCount(),
        creator.engineUp(),
        refill.started() && !state.closed(),
        creator.canCreate());
  }

  /** Whether startup (image, sweep, first refill) has run. */
  public boolean started() {
    return refill.started();
  }
}

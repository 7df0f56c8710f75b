package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentConfig;
import io.sandgate.agent.AgentLimits;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.ManagedContainer;
import io.sandgate.sandbox.RunnerImage;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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

  private final SandboxRuntime runtime;
  private final RunnerImage image;
  private final PoolConfig config;
  private final AgentConfig agentConfig;
  private final Clock clock;
  private final PoolState<Sandbox> state;
  private final PoolMetrics metrics;
  private final AgentEndpoints endpoints;
  private final SandboxDestroyer destroyer;
  private final SandboxCreator creator;
  private final GatewayLiveness liveness;
  private final PoolReaper reaper;
  private final ScheduledExecutorService delayedRefills;
  private final RuntimeSplit split;

  /** Creations under way, by the runtime they were planned for. */
  private final Map<PythonRuntime, Integer> creatingFor = new HashMap<>();

  /** Callers waiting, by the runtime they asked for. */
  private final Map<PythonRuntime, Integer> waitingFor = new HashMap<>();

  private final int capacity;
  private volatile boolean started;

  SandboxPool(
      SandboxRuntime runtime,
      AgentClient agent,
      AgentLimits agentLimits,
      RunnerImage image,
      PoolConfig config,
      SandboxConfig sandboxConfig,
      AgentConfig agentConfig,
      Clock clock,
      PoolMetrics metrics) {
    this.runtime = runtime;
    this.image = image;
    this.config = config;
    this.agentConfig = agentConfig;
    this.clock = clock;
    this.capacity =
        PoolCapacity.resolve(
            config, runtime::engineHost, runtime.spec().memoryBytes(SandboxKind.STANDARD));
    this.state = new PoolState<>(config.size(), config.maxWaiters(), capacity);
    this.metrics = metrics;
    this.endpoints = new AgentEndpoints(agentConfig.transport());
    this.destroyer = new SandboxDestroyer(runtime, metrics);
    destroyer.onRemoved(this::refill); // a removal frees room under the cap
    this.creator =
        new SandboxCreator(
            runtime,
            agent,
            endpoints,
            agentLimits,
            sandboxConfig.startTimeout(),
            config,
            clock,
            metrics,
            destroyer);
    this.liveness =
        new GatewayLiveness(sandboxConfig.socketRoot().resolve(".gateways"), runtime.instanceId());
    this.reaper =
        new PoolReaper(
            state,
            runtime,
            agent,
            endpoints,
            destroyer,
            liveness,
            config,
            sandboxConfig.startTimeout(),
            clock);
    this.delayedRefills = Executors.newSingleThreadScheduledExecutor(named("sandgate-refill"));
    this.split =
        new RuntimeSplit(
            List.of(PythonRuntime.values()),
            PythonRuntime.DEFAULT,
            config.demandWindow(),
            config.minWarmPerRuntime(),
            clock);
    metrics.bind(this);
    if (agentConfig.transport() == AgentConfig.Transport.TCP && sandboxConfig.network().isEmpty()) {
      Log.error(
          "sandgate.agent.transport=tcp needs sandgate.sandbox.network (an internal Docker network)");
    }
  }

  /** Prepares the image, removes what dead gateways left, and starts filling. */
  void start() {
    Duration liveAge = config.maxIdleAge().plus(config.reapInterval()).plus(config.leaseGrace());
    if (config.reapForeign() && config.orphanAge().compareTo(liveAge) <= 0) {
      Log.warnf(
          "sandgate.pool.orphan-age %s is not longer than a live gateway keeps a sandbox (%s plus a run):"
              + " gateways sharing this engine would remove each other's sandboxes",
          config.orphanAge(), liveAge);
    }
    liveness.hold();
    image.ensure();
    reaper.removeOrphans(false);
    started = true;
    refill();
  }

  /**
   * {@link #acquire(PythonRuntime, Duration, Executor)} handing the sandbox back as soon as the
   * lease closes.
   */
  public Lease acquire(PythonRuntime runtime, Duration runTimeout) {
    return acquire(runtime, runTimeout, Runnable::run);
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
      throw new NoSandboxException(
          NoSandboxException.Reason.SHUTTING_DOWN, "the gateway is shutting down", 5);
    }
    Sandbox sandbox = state.take(s -> s.serves(runtime), s -> s.warmFor(runtime)).orElse(null);
    if (sandbox == null) {
      long waitStart = System.nanoTime();
      try {
        sandbox = await(runtime);
      } finally {
        metrics.waited(Duration.ofNanos(System.nanoTime() - waitStart));
      }
      refill();
    } else {
      metrics.waited(Duration.ZERO);
      refillSoon();
    }
    long deadline =
        clock.millis()
            + runTimeout.toMillis()
            + agentConfig.runGrace().toMillis()
            + config.leaseGrace().toMillis();
    state.leaseUntil(sandbox, deadline);
    return new Lease(this, sandbox, endpoints.of(sandbox), handBack);
  }

  private Sandbox await(PythonRuntime runtime) {
    if (!creator.engineUp()) {
      refill();
      throw new NoSandboxException(
          NoSandboxException.Reason.ENGINE_DOWN,
          "the container engine does not answer",
          retryAfter());
    }
    CompletableFuture<Sandbox> waiter =
        state
            .enqueue(s -> s.serves(runtime))
            .orElseThrow(
                () ->
                    new NoSandboxException(
                        NoSandboxException.Reason.QUEUE_FULL,
                        "too many requests are already waiting for a sandbox",
                        retryAfter()));
    count(waitingFor, runtime, 1);
    try {
      refill();
      makeRoomFor(runtime);
      return waiter.get(config.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return claimOrGiveUp(
          waiter,
          new NoSandboxException(
              NoSandboxException.Reason.WAIT_TIMED_OUT,
              "no sandbox became free within " + config.acquireTimeout().toMillis() + " ms",
              retryAfter()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return claimOrGiveUp(
          waiter,
          new NoSandboxException(
              NoSandboxException.Reason.SHUTTING_DOWN,
              "interrupted while waiting for a sandbox",
              retryAfter()));
    } catch (ExecutionException | CancellationException e) {
      throw new NoSandboxException(
          NoSandboxException.Reason.SHUTTING_DOWN, "the gateway is shutting down", 5);
    } finally {
      count(waitingFor, runtime, -1);
    }
  }

  /**
   * A caller waits for a sandbox of {@code runtime}'s size while none is being made (the pool is
   * full of the other size): one ready sandbox of the other size, the oldest, gives way.
   */
  private void makeRoomFor(PythonRuntime runtime) {
    SandboxKind kind = SandboxKind.of(runtime);
    synchronized (this) {
      if (creatingFor.entrySet().stream()
          .anyMatch(e -> e.getValue() > 0 && SandboxKind.of(e.getKey()) == kind)) {
        return;
      }
    }
    state
        .evictOldest(s -> s.kind() != kind)
        .ifPresent(
            other -> {
              Log.debugf(
                  "sandbox %s gives way to a %s sandbox for a waiting run", other.shortId(), kind);
              destroyer.destroy(other);
              refill();
            });
  }

  /**
   * A waiter that gives up may have been handed a sandbox at that very moment: then it is ours.
   * (Handing over and abandoning hold the same lock, so a waiter no longer queued is either
   * completed or cancelled by shutdown.)
   */
  private Sandbox claimOrGiveUp(CompletableFuture<Sandbox> waiter, NoSandboxException giveUp) {
    if (state.abandon(waiter) || waiter.isCancelled()) {
      throw giveUp;
    }
    Sandbox handed = waiter.getNow(null);
    if (handed == null) {
      throw giveUp;
    }
    return handed;
  }

  /**
   * Refills after {@code refill-delay}, or at the lease's end if that comes first (see {@link
   * #release}).
   */
  private void refillSoon() {
    try {
      delayedRefills.schedule(this::refill, config.refillDelay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down: nothing to refill
    }
  }

  /** Starts as many creations as the pool lacks (bounded), unless creations are backing off. */
  public void refill() {
    if (!started || creator.backingOff()) {
      return;
    }
    int n = state.reserveCreations(config.maxParallelCreations(), destroyer.removing());
    for (int i = 0; i < n; i++) {
      PythonRuntime planned = plan();
      Optional<PythonRuntime> warm =
          config.warmInterpreters() ? Optional.of(planned) : Optional.empty();
      creator.create(
          SandboxKind.of(planned),
          warm,
          sandbox -> created(planned, sandbox),
          () -> {
            count(creatingFor, planned, -1);
            state.creationFailed();
          });
    }
  }

  /**
   * The runtime the next sandbox is made for (its size, and its warm interpreter), counted as being
   * created: a waiting caller's whose size nothing under way has, else the split's.
   */
  private synchronized PythonRuntime plan() {
    PythonRuntime runtime =
        waitingFor.entrySet().stream()
            .filter(
                w ->
                    w.getValue() > 0
                        && creatingFor.entrySet().stream()
                            .noneMatch(
                                c ->
                                    c.getValue() > 0
                                        && SandboxKind.of(c.getKey())
                                            == SandboxKind.of(w.getKey())))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseGet(
                () -> {
                  Map<PythonRuntime, Integer> have = new HashMap<>(creatingFor);
                  state.readyItems().forEach(s -> have.merge(plannedFor(s), 1, Integer::sum));
                  return split.next(have, config.size());
                });
    count(creatingFor, runtime, 1);
    return runtime;
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

  private synchronized void count(
      Map<PythonRuntime, Integer> counts, PythonRuntime runtime, int delta) {
    counts.merge(runtime, delta, Integer::sum);
  }

  private void created(PythonRuntime planned, Sandbox sandbox) {
    count(creatingFor, planned, -1);
    if (!state.created(sandbox)) {
      destroyer.destroy(sandbox); // the pool closed meanwhile
    }
    refill();
  }

  void release(Sandbox sandbox) {
    destroyer.reserve(); // counted as being removed before the pool stops counting it as leased
    if (state.release(sandbox)) {
      destroyer.destroyReserved(sandbox);
    } else {
      destroyer.unreserve();
    }
    refill();
  }

  boolean engineSawOomKill(Sandbox sandbox) {
    return runtime.oomKilled(sandbox.containerId());
  }

  boolean diedOfMemory(Sandbox sandbox) {
    return runtime.diedOfMemory(sandbox.containerId());
  }

  /** Safety net: checks the engine and refills whatever events missed. */
  void heal() {
    if (!started || state.closed()) {
      return;
    }
    creator.checkEngine();
    refill();
  }

  /** Removes expired leases, stale or dead ready sandboxes, and orphans; then refills. */
  void reap() {
    if (!started || state.closed()) {
      return;
    }
    reaper.reap();
    refill();
  }

  /**
   * Stops taking work, lets running leases finish (bounded), then removes every container of this
   * instance.
   */
  void stop() {
    List<Sandbox> ready = state.close();
    delayedRefills.shutdownNow();
    ready.forEach(destroyer::destroy);
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    while (state.leasedCount() > 0 && System.nanoTime() < deadline) {
      sleep(50);
    }
    // Creations under way finish and are destroyed as they land (the pool is closed).
    creator.shutdown();
    destroyer.shutdown();
    try {
      for (ManagedContainer c : runtime.listManaged()) {
        if (c.instanceId().equals(runtime.instanceId())) {
          runtime.remove(c);
        }
      }
    } catch (RuntimeException e) {
      Log.warnf("could not remove every sandbox at shutdown: %s", e.getMessage());
    }
    liveness.release();
  }

  private long retryAfter() {
    return creator.engineUp() ? 1 : Math.max(1, config.maxBackoff().toSeconds());
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
        capacity,
        state.readyCount(),
        state.creatingCount(),
        state.leasedCount(),
        destroyer.removing(),
        state.waiterCount(),
        creator.engineUp(),
        started && !state.closed(),
        creator.canCreate());
  }

  /** Container ids of the ready sandboxes, oldest first. */
  public List<String> readyContainerIds() {
    return state.readyItems().stream().map(Sandbox::containerId).toList();
  }

  /** This gateway's instance id, as stamped on its containers. */
  public String instanceId() {
    return runtime.instanceId();
  }

  /** Whether startup (image, sweep, first refill) has run. */
  public boolean started() {
    return started;
  }

  /** Whether the engine answered at the last check (a creation, or the safety net). */
  public boolean engineUp() {
    return creator.engineUp();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void awaitTermination(ExecutorService executor) {
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

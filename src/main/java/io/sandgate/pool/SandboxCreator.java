package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentHealth;
import io.sandgate.agent.AgentLimits;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.sandbox.SandboxRuntime;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Makes sandboxes ready (container started, agent answering), a bounded number at once, and backs
 * off while creations fail. It also knows whether the engine answered last, and the runtime
 * versions the newest sandbox reported.
 */
@Singleton
class SandboxCreator {

  /** Creations failing this many times in a row mean sandboxes cannot be made (readiness DOWN). */
  static final int FAILING_IN_A_ROW = 3;

  private final SandboxRuntime containers;
  private final AgentClient agent;
  private final AgentEndpoints endpoints;
  private final Map<String, String> agentEnvironment;
  private final Duration startTimeout;
  private final Duration maxBackoff;
  private final Clock clock;
  private final PoolMetrics metrics;
  private final SandboxDestroyer destroyer;
  private final GatewayThreads threads;
  private final Event<ImageRuntimes> reported;
  private final ExecutorService creators;
  private final AtomicInteger failures = new AtomicInteger();
  private volatile long nextAttemptMillis;
  private volatile boolean engineUp = true;
  private volatile boolean everCreated;
  private volatile boolean shutDown;
  private volatile Map<String, String> runtimeVersions = Map.of();

  SandboxCreator(
      SandboxRuntime containers,
      AgentClient agent,
      AgentEndpoints endpoints,
      AgentLimits limits,
      SandboxConfig sandboxConfig,
      PoolConfig config,
      Clock clock,
      PoolMetrics metrics,
      SandboxDestroyer destroyer,
      GatewayThreads threads,
      Event<ImageRuntimes> reported) {
    this.containers = containers;
    this.agent = agent;
    this.endpoints = endpoints;
    this.agentEnvironment = limits.environment();
    this.startTimeout = sandboxConfig.startTimeout();
    this.maxBackoff = config.maxBackoff();
    this.clock = clock;
    this.metrics = metrics;
    this.destroyer = destroyer;
    this.reported = reported;
    this.threads = threads;
    // Creations are reserved in the pool's state up to this many, so the queue holds at most the
    // successors a finishing creation plans; a refusal anyway is a failed creation (see create).
    this.creators =
        threads
            .pool("sandgate-create", config.maxParallelCreations())
            .queue(config.maxParallelCreations(), GatewayThreads.Overflow.REJECT)
            .stopping(GatewayThreads.Stage.POOL, GatewayThreads.Stop.DRAIN, Duration.ofSeconds(30));
  }

  /** Whether creations are paused after failures. */
  boolean backingOff() {
    return clock.millis() < nextAttemptMillis;
  }

  /**
   * Creates one sandbox of {@code kind} in the background, with a warm interpreter of {@code
   * warmRuntime}; {@code ready} gets it once its agent answers, or {@code failed} runs once nothing
   * of it is left.
   */
  void create(
      SandboxKind kind,
      Optional<PythonRuntime> warmRuntime,
      Consumer<Sandbox> ready,
      Runnable failed) {
    try {
      creators.execute(() -> createOne(kind, warmRuntime, ready, failed));
    } catch (RejectedExecutionException e) {
      failed.run(); // its reservation is given back: the pool does not wait for it
    }
  }

  private void createOne(
      SandboxKind kind,
      Optional<PythonRuntime> warmRuntime,
      Consumer<Sandbox> ready,
      Runnable failed) {
    Sandbox sandbox = null;
    long start = clock.millis();
    try {
      sandbox = containers.create(agentEnvironment, kind, warmRuntime);
      AgentHealth health = agent.awaitReady(endpoints.of(sandbox), startTimeout);
      Map<String, String> before = runtimeVersions;
      runtimeVersions = health.runtimes();
      if (!before.keySet().equals(runtimeVersions.keySet())) {
        report(runtimeVersions);
      }
      metrics.created(Duration.ofMillis(clock.millis() - start));
      failures.set(0);
      nextAttemptMillis = 0;
      engineUp = true;
      everCreated = true;
      Log.debugf("sandbox %s ready", sandbox.shortId());
    } catch (RuntimeException e) {
      if (sandbox != null) {
        destroyer.destroy(sandbox);
      }
      if (!shutDown) {
        backOff(e);
      }
      failed.run();
      return;
    }
    ready.accept(sandbox);
  }

  /** Tells the gateway what the image holds; an observer's failure never costs the sandbox. */
  private void report(Map<String, String> versions) {
    try {
      reported.fire(new ImageRuntimes(versions));
    } catch (RuntimeException e) {
      Log.errorf(e, "checking the runner image's runtimes failed");
    }
  }

  private void backOff(RuntimeException e) {
    metrics.createFailed();
    int n = failures.incrementAndGet();
    long backoff = Math.min(maxBackoff.toMillis(), 250L << Math.min(n - 1, 10));
    nextAttemptMillis = clock.millis() + backoff;
    engineUp = containers.ping();
    if (n == 1 || n % 20 == 0) {
      Log.errorf(
          e,
          "creating a sandbox failed (%d in a row, engine %s); retrying in %d ms",
          n,
          engineUp ? "up" : "down",
          backoff);
    }
  }

  /** The safety net's engine check: a recovered engine ends the backoff at once. */
  void checkEngine() {
    if (!engineUp && containers.ping()) {
      engineUp = true;
      nextAttemptMillis = 0;
    }
  }

  /** When a caller refused a sandbox may usefully try again: once the engine is back, if down. */
  long retryAfterSeconds() {
    return engineUp ? 1 : Math.max(1, maxBackoff.toSeconds());
  }

  /** Whether the engine answered at the last creation or check. */
  boolean engineUp() {
    return engineUp;
  }

  /** Whether sandboxes can be made: one has been, and creations are not failing again and again. */
  boolean canCreate() {
    return everCreated && failures.get() < FAILING_IN_A_ROW;
  }

  Map<String, String> runtimeVersions() {
    return runtimeVersions;
  }

  /** Lets creations under way finish (bounded); the pool destroys what they deliver. */
  void shutdown() {
    shutDown = true;
    threads.stop(creators);
  }
}

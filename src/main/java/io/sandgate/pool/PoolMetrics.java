package io.sandgate.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sandgate.runtime.PythonRuntime;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/** The pool's meters: sizes, container churn, time to ready, and how long callers wait. */
@Singleton
class PoolMetrics {

  private final MeterRegistry registry;
  private final Counter created;
  private final Counter destroyed;
  private final Counter createFailures;
  private final Timer createToReady;
  private final Timer wait;

  PoolMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.created =
        Counter.builder("sandgate.containers.created")
            .description("Sandbox containers made ready")
            .register(registry);
    this.destroyed =
        Counter.builder("sandgate.containers.destroyed")
            .description("Sandbox containers removed")
            .register(registry);
    this.createFailures =
        Counter.builder("sandgate.containers.create.failures")
            .description("Sandbox creations that failed")
            .register(registry);
    this.createToReady =
        Timer.builder("sandgate.container.ready")
            .description("Time from create to an answering agent")
            .publishPercentileHistogram()
            .register(registry);
    this.wait =
        Timer.builder("sandgate.pool.wait")
            .description("Time a request waited for a sandbox")
            .publishPercentileHistogram()
            .register(registry);
  }

  void bind(SandboxPool pool) {
    gauge("sandgate.pool.ready", "Sandboxes ready", pool, p -> p.snapshot().ready());
    gauge("sandgate.pool.leased", "Sandboxes running a program", pool, p -> p.snapshot().leased());
    gauge("sandgate.pool.creating", "Sandboxes being created", pool, p -> p.snapshot().creating());
    gauge(
        "sandgate.pool.waiters",
        "Requests waiting for a sandbox",
        pool,
        p -> p.snapshot().waiters());
    gauge(
        "sandgate.pool.target", "Sandboxes the pool keeps warm", pool, p -> p.snapshot().target());
    gauge("sandgate.pool.removing", "Sandboxes being removed", pool, p -> p.snapshot().removing());
    gauge(
        "sandgate.pool.capacity",
        "Sandboxes that may exist at once (sandgate.pool.max-sandboxes)",
        pool,
        p -> p.snapshot().capacity());
    for (PythonRuntime runtime : PythonRuntime.values()) {
      Gauge.builder("sandgate.pool.warm", pool, p -> p.warmReady(runtime))
          .tag("runtime", runtime.id())
          .description("Ready sandboxes whose interpreter of this runtime waits for a program")
          .register(registry);
      Gauge.builder("sandgate.pool.warm.target", pool, p -> p.warmTarget(runtime))
          .tag("runtime", runtime.id())
          .description("Warm interpreters the pool keeps for this runtime, by recent demand")
          .register(registry);
    }
  }

  /** A run of {@code runtime} got a sandbox: with that runtime's interpreter waiting, or not. */
  void acquired(PythonRuntime runtime, boolean warm) {
    Counter.builder("sandgate.pool.acquired")
        .description("Sandboxes handed to runs, by runtime and interpreter start")
        .tag("runtime", runtime.id())
        .tag("interpreter", warm ? "warm" : "cold")
        .register(registry)
        .increment();
  }

  private void gauge(
      String name, String description, SandboxPool pool, ToDoubleFunction<SandboxPool> value) {
    Gauge.builder(name, pool, value).description(description).register(registry);
  }

  void created(Duration toReady) {
    created.increment();
    createToReady.record(toReady);
  }

  void createFailed() {
    createFailures.increment();
  }

  void destroyed() {
    destroyed.increment();
  }

  /**
   * A request got no sandbox: the queue was full, the wait ran out, the engine was down, or
   * shutdown.
   */
  void refused(NoSandboxException.Reason reason) {
    Counter.builder("sandgate.pool.refusals")
        .description("Requests that got no sandbox (503), by reason")
        .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  void waited(Duration duration) {
    wait.record(duration);
  }
}

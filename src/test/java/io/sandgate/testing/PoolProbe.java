package io.sandgate.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sandgate.GatewayInstance;
import io.sandgate.pool.PoolSnapshot;
import io.sandgate.pool.SandboxPool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Test helper: watches the pool and the engine from outside, as an operator would. */
@ApplicationScoped
public class PoolProbe {

  private static final Duration SETTLE = Duration.ofSeconds(60);

  private final SandboxPool pool;
  private final MeterRegistry registry;
  private final GatewayInstance instance;

  PoolProbe(SandboxPool pool, MeterRegistry registry, GatewayInstance instance) {
    this.pool = pool;
    this.registry = registry;
    this.instance = instance;
  }

  /**
   * Sandboxes handed out for {@code runtime} so far, with a warm or a cold ({@code interpreter})
   * interpreter.
   */
  public double acquired(String runtime, String interpreter) {
    Counter counter =
        registry
            .find("sandgate.pool.acquired")
            .tag("runtime", runtime)
            .tag("interpreter", interpreter)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  public int target() {
    return pool.snapshot().target();
  }

  public PoolSnapshot snapshot() {
    return pool.snapshot();
  }

  /**
   * Waits (bounded, generously: the machine may be slow) until the pool holds its target ready and
   * nothing is leased.
   */
  public void awaitFull() {
    await(
        () -> {
          PoolSnapshot s = pool.snapshot();
          return s.ready() == s.target() && s.leased() == 0 && s.creating() == 0;
        },
        "the pool to be full: " + pool.snapshot());
  }

  /** Ids of this instance's running sandbox containers, as the engine lists them. */
  public List<String> containerIds() {
    return DockerCli.docker(
            List.of(
                "docker",
                "ps",
                "-q",
                "--no-trunc",
                "--filter",
                "label=io.sandgate.instance=" + instanceId()))
        .lines()
        .filter(l -> !l.isBlank())
        .toList();
  }

  /**
   * Ids of the ready sandboxes, as the engine lists this instance's containers once none is leased,
   * being made or being removed.
   */
  public List<String> readyContainerIds() {
    await(
        () -> {
          PoolSnapshot s = pool.snapshot();
          return s.leased() == 0 && s.creating() == 0 && s.removing() == 0;
        },
        "the pool to hold only ready sandboxes: " + pool.snapshot());
    return containerIds();
  }

  public String instanceId() {
    return instance.id();
  }

  public void removeOutOfBand(String containerId) {
    DockerCli.docker(List.of("docker", "rm", "-f", containerId));
  }

  public static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

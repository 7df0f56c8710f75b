package io.sandgate.pool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The warm pool: how many sandboxes wait ready, how long callers wait, how the pool heals. */
@ConfigMapping(prefix = "sandgate.pool")
public interface PoolConfig {

  /** Sandboxes kept ready (or being made ready). Default 5. */
  @WithDefault("5")
  int size();

  /**
   * Sandboxes that may exist at once: ready, being created, running and being removed. Unset:
   * derived at startup from the engine's memory and CPUs and the sandbox memory limit
   * (docs/operations.md, "Capacity"), and logged.
   */
  OptionalInt maxSandboxes();

  /**
   * Whether every sandbox starts an interpreter with it, waiting for the program (a warm
   * interpreter), so that a run does not wait for its interpreter to start. Default true.
   */
  @WithDefault("true")
  boolean warmInterpreters();

  /**
   * How far back the runtimes asked for count when the pool splits its warm interpreters. Default
   * 10m.
   */
  @WithDefault("10m")
  Duration demandWindow();

  /** Warm interpreters kept for each runtime asked for within the demand window. Default 1. */
  @WithDefault("1")
  int minWarmPerRuntime();

  /** Longest wait for a ready sandbox before 503. Default 5s. */
  @WithDefault("5s")
  Duration acquireTimeout();

  /** Callers that may wait for a sandbox at once; one more gets 503 at once. Default 64. */
  @WithDefault("64")
  int maxWaiters();

  /** Sandboxes being created at once. Default 3 (a 2-core host makes about 3-4 a second). */
  @WithDefault("3")
  int maxParallelCreations();

  /**
   * How long after a lease its replacement is started, unless the lease ends sooner: a short run
   * then does not share the CPU with the creation of its replacement. Default 250ms.
   */
  @WithDefault("250ms")
  Duration refillDelay();

  /** Safety-net refill period (refill is otherwise driven by every lease). Default 2s. */
  @WithDefault("2s")
  Duration refillInterval();

  /** Period of the reaper. Default 15s. */
  @WithDefault("15s")
  Duration reapInterval();

  /** A ready sandbox older than this is replaced. Default 10m. */
  @WithDefault("10m")
  Duration maxIdleAge();

  /** A lease still open this long past its run's timeout is destroyed. Default 30s. */
  @WithDefault("30s")
  Duration leaseGrace();

  /**
   * Whether the reaper removes orphans: labelled containers of other gateway instances. Default
   * true.
   */
  @WithDefault("true")
  boolean reapForeign();

  /**
   * Age at which another instance's container counts as an orphan. Gateways may share an engine,
   * and a live one keeps a container at most max-idle-age plus one run plus lease-grace, so this
   * must be longer than that. Default 15m.
   */
  @WithDefault("15m")
  Duration orphanAge();

  /** Longest wait for running leases at shutdown before everything is removed. Default 20s. */
  @WithDefault("20s")
  Duration shutdownTimeout();

  /**
   * Longest pause between creation attempts while sandboxes fail to start (e.g. Docker down).
   * Default 10s.
   */
  @WithDefault("10s")
  Duration maxBackoff();
}

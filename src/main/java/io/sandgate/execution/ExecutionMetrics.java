package io.sandgate.execution;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sandgate.runtime.PythonRuntime;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Executions by runtime and outcome, with their latency as seen by the caller. */
@Singleton
class ExecutionMetrics {

  /** Outcome tag of a run whose sandbox failed (502). */
  static final String SANDBOX_FAILURE = "sandbox_failure";

  private final MeterRegistry registry;

  ExecutionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(PythonRuntime runtime, String outcome, Duration latency) {
    Timer.builder("sandgate.executions")
        .description("Executions by runtime and outcome (ok, error, timeout, oom, sandbox_failure)")
        .tag("runtime", runtime.id())
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }
}

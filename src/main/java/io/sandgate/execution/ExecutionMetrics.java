package io.sandgate.execution;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sandgate.runtime.PythonRuntime;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Executions by runtime and outcome, with their latency as seen by the caller. */
@Singleton
class ExecutionMetrics {

  private final MeterRegistry registry;

  ExecutionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(PythonRuntime runtime, RunOutcome outcome, Duration latency) {
    Timer.builder("sandgate.executions")
        .description("Executions by runtime and outcome (ok, error, timeout, oom, sandbox_failure)")
        .tag("runtime", runtime.id())
        .tag("outcome", outcome.tag())
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }
}

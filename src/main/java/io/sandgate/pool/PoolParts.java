package io.sandgate.pool;

import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The pool's plain parts, made once for its beans. Made when the pool is (beside the gateway's
 * start): sizing the bookkeeping asks the engine for its machine.
 */
final class PoolParts {

  @Produces
  @Singleton
  PoolState<Sandbox, PythonRuntime> state(PoolConfig config, SandboxRuntime containers) {
    int capacity =
        PoolCapacity.resolve(
            config, containers::engineHost, containers.spec().memoryBytes(SandboxKind.STANDARD));
    return new PoolState<>(config.size(), config.maxWaiters(), capacity, SandboxKind::of);
  }

  @Produces
  @Singleton
  RuntimeSplit split(PoolConfig config, Clock clock) {
    return new RuntimeSplit(
        List.of(PythonRuntime.values()),
        PythonRuntime.DEFAULT,
        config.demandWindow(),
        config.minWarmPerRuntime(),
        clock);
  }
}

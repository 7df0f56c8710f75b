package io.sandgate.pool;

import io.sandgate.agent.AgentEndpoint;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxRuntime;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One sandbox, for one run. Closing the lease destroys the container (off the caller's thread) and
 * starts its successor, whatever happened; use it in try-with-resources. Both start through the
 * lease's hand-back executor (see {@link SandboxPool#acquire(PythonRuntime, java.time.Duration,
 * Executor)}).
 */
public final class Lease implements AutoCloseable {

  private final Sandbox sandbox;
  private final AgentEndpoint endpoint;
  private final SandboxRuntime containers;
  private final Executor handBack;
  private final Consumer<Sandbox> release;
  private final AtomicBoolean closed = new AtomicBoolean();

  Lease(
      Sandbox sandbox,
      AgentEndpoint endpoint,
      SandboxRuntime containers,
      Executor handBack,
      Consumer<Sandbox> release) {
    this.sandbox = sandbox;
    this.endpoint = endpoint;
    this.containers = containers;
    this.handBack = handBack;
    this.release = release;
  }

  /** Where this sandbox's agent listens. */
  public AgentEndpoint endpoint() {
    return endpoint;
  }

  /** Whether the sandbox's warm interpreter is {@code runtime}'s. */
  public boolean warmFor(PythonRuntime runtime) {
    return sandbox.warmFor(runtime);
  }

  /** Short container id, for logs. */
  public String shortId() {
    return sandbox.shortId();
  }

  /** Whether the engine saw the kernel kill something in this container for memory. */
  public boolean engineSawOomKill() {
    return containers.oomKilled(sandbox.containerId());
  }

  /** After the agent vanished mid-run: whether the sandbox died of memory (see SandboxRuntime). */
  public boolean diedOfMemory() {
    return containers.diedOfMemory(sandbox.containerId());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      handBack.execute(() -> release.accept(sandbox));
    }
  }
}

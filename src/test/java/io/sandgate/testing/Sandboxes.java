package io.sandgate.testing;

import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentEndpoint;
import io.sandgate.agent.AgentLimits;
import io.sandgate.agent.AgentRunRequest;
import io.sandgate.agent.AgentRunResult;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Test helper: a fresh hardened sandbox per call, always destroyed afterwards. */
@ApplicationScoped
public class Sandboxes {

  public static final long OUTPUT_LIMIT = 1024 * 1024;

  private final SandboxRuntime runtime;
  private final AgentClient agent;
  private final AgentLimits limits;

  Sandboxes(SandboxRuntime runtime, AgentClient agent, AgentLimits limits) {
    this.runtime = runtime;
    this.agent = agent;
    this.limits = limits;
  }

  /** Runs {@code code} with defaults in a new sandbox. */
  public AgentRunResult run(String runtimeName, String code) {
    return run(new AgentRunRequest(code, runtimeName, "", List.of(), 10_000, OUTPUT_LIMIT));
  }

  /**
   * Runs the request in a new sandbox whose warm interpreter is the request's runtime, as the pool
   * would.
   */
  public AgentRunResult run(AgentRunRequest request) {
    return run(request, Optional.of(PythonRuntime.byId(request.runtime()).orElseThrow()));
  }

  /**
   * Runs the request in a new sandbox with a warm interpreter of {@code warm} (none: a cold start).
   */
  public AgentRunResult run(AgentRunRequest request, Optional<PythonRuntime> warm) {
    return run(request, kindFor(warm), warm);
  }

  /** Runs the request in a new sandbox of {@code kind} with a warm interpreter of {@code warm}. */
  public AgentRunResult run(
      AgentRunRequest request, SandboxKind kind, Optional<PythonRuntime> warm) {
    AgentRunResult[] result = new AgentRunResult[1];
    with(kind, warm, sandbox -> result[0] = agent.run(endpoint(sandbox), request));
    return result[0];
  }

  /**
   * Hands a ready sandbox (with no warm interpreter) to {@code body}, then destroys it whatever
   * happened.
   */
  public void with(Consumer<Sandbox> body) {
    with(Optional.empty(), body);
  }

  /** Hands a ready sandbox to {@code body}, then destroys it whatever happened. */
  public void with(Optional<PythonRuntime> warm, Consumer<Sandbox> body) {
    with(kindFor(warm), warm, body);
  }

  /** Hands a ready sandbox of {@code kind} to {@code body}, then destroys it whatever happened. */
  public void with(SandboxKind kind, Optional<PythonRuntime> warm, Consumer<Sandbox> body) {
    Sandbox sandbox = runtime.create(limits.environment(), kind, warm);
    try {
      agent.awaitReady(endpoint(sandbox), Duration.ofSeconds(30));
      body.accept(sandbox);
    } finally {
      runtime.destroy(sandbox);
    }
  }

  private static SandboxKind kindFor(Optional<PythonRuntime> warm) {
    return warm.map(SandboxKind::of).orElse(SandboxKind.STANDARD);
  }

  public static AgentEndpoint endpoint(Sandbox sandbox) {
    return AgentEndpoint.unix(sandbox.socketPath());
  }
}

package io.sandgate.sandbox;

import io.sandgate.runtime.PythonRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A started sandbox container.
 *
 * @param containerId the engine's id
 * @param socketDir host directory holding the agent's socket
 * @param agentUrl the agent's URL on the sandbox network (tcp transport only)
 * @param createdAt when the gateway created it
 * @param uid the user (and group) id its program runs as, its own among live sandboxes
 * @param kind its size: which runtimes it may serve
 * @param warmRuntime the runtime whose interpreter was started with it, waiting for a program
 */
public record Sandbox(
    String containerId,
    Path socketDir,
    Optional<URI> agentUrl,
    Instant createdAt,
    int uid,
    SandboxKind kind,
    Optional<PythonRuntime> warmRuntime) {

  /** File name of the agent's socket inside {@link #socketDir()}. */
  public static final String SOCKET_NAME = "agent.sock";

  /**
   * Whether a run of {@code runtime} may have this sandbox: it was made with that runtime's limits.
   */
  public boolean serves(PythonRuntime runtime) {
    return kind == SandboxKind.of(runtime);
  }

  /** Whether the interpreter waiting in this sandbox is {@code runtime}'s. */
  public boolean warmFor(PythonRuntime runtime) {
    return warmRuntime.equals(Optional.of(runtime));
  }

  public Path socketPath() {
    return socketDir.resolve(SOCKET_NAME);
  }

  /** The first 12 characters of the id, for logs. */
  public String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}

package io.sandgate.agent;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where one sandbox's agent listens: a Unix socket on the host, or a URL on the sandbox network.
 */
public sealed interface AgentEndpoint {

  static AgentEndpoint unix(Path socket) {
    return new Unix(socket);
  }

  static AgentEndpoint tcp(URI url) {
    return new Tcp(url);
  }

  /** The agent's socket in the sandbox's bind-mounted directory (the default transport). */
  record Unix(Path socket) implements AgentEndpoint {}

  /** The agent's address on an internal Docker network (the tcp transport). */
  record Tcp(URI url) implements AgentEndpoint {}
}

package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentConfig;
import io.sandgate.agent.AgentEndpoint;
import io.sandgate.agent.AgentException;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxConfig;
import jakarta.inject.Singleton;

/** Where a sandbox's agent is reached, by the configured transport. */
@Singleton
class AgentEndpoints {

  private final AgentConfig.Transport transport;

  AgentEndpoints(AgentConfig agentConfig, SandboxConfig sandboxConfig) {
    this.transport = agentConfig.transport();
    if (transport == AgentConfig.Transport.TCP && sandboxConfig.network().isEmpty()) {
      Log.error(
          "sandgate.agent.transport=tcp needs sandgate.sandbox.network (an internal Docker network)");
    }
  }

  AgentEndpoint of(Sandbox sandbox) {
    if (transport == AgentConfig.Transport.TCP) {
      return AgentEndpoint.tcp(
          sandbox
              .agentUrl()
              .orElseThrow(
                  () ->
                      new AgentException(
                          AgentException.Reason.UNREACHABLE, "sandbox has no network address")));
    }
    return AgentEndpoint.unix(sandbox.socketPath());
  }
}

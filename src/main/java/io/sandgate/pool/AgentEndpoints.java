package io.sandgate.pool;

import io.sandgate.agent.AgentConfig;
import io.sandgate.agent.AgentEndpoint;
import io.sandgate.agent.AgentException;
import io.sandgate.sandbox.Sandbox;

/** Where a sandbox's agent is reached, by the configured transport. */
final class AgentEndpoints {

  private final AgentConfig.Transport transport;

  AgentEndpoints(AgentConfig.Transport transport) {
    this.transport = transport;
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

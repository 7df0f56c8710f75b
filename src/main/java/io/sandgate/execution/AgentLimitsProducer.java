package io.sandgate.execution;

import io.sandgate.agent.AgentLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The request limits decide what the agent in every sandbox must accept. */
class AgentLimitsProducer {

  @Produces
  @Singleton
  AgentLimits agentLimits(ExecutionLimits limits) {
    return AgentLimits.forRequests(
        limits.maxCodeBytes().asLongValue(),
        limits.maxStdinBytes().asLongValue(),
        limits.maxArgsBytes().asLongValue(),
        limits.maxArgs(),
        limits.maxFilesBytes().asLongValue(),
        limits.maxFiles());
  }
}

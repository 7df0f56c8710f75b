package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Wire record of the agent's answer to {@code POST /run}. */
@RegisterForReflection
public record AgentRunResult(
        String stdout,
        String stderr,
        String combined,
        Integer exitCode,
        boolean timedOut,
        boolean oomKilled,
        boolean outputTruncated,
        long durationMs,
        String runtime) {
}

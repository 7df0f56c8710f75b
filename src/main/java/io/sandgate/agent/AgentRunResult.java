package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Wire record of the agent's answer to {@code POST /run}; {@code warm}: the program ran in the
 * interpreter started with the sandbox; {@code result}: what it wrote to its result channel
 * (null when the run asked for none).
 */
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
        String runtime,
        boolean warm,
        String result,
        boolean resultTruncated) {
}

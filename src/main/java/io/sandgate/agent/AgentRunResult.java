package io.sandgate.agent;

/** Wire record of the agent's answer to {@code POST /run}. */
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

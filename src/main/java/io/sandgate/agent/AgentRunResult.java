package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Wire record of the agent's answer to {@code POST /run}; {@code warm}: the program ran in the
 * interpreter started with the sandbox; {@code result}: what it wrote to its result channel (null
 * when the run asked for none); {@code files}: what it left under {@code /tmp/out} (null when the
 * run asked for none), {@code filesOmitted}: more were there than the run's cap lists.
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
    boolean resultTruncated,
    List<AgentOutputFile> files,
    boolean filesOmitted) {}

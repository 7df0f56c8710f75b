package io.sandgate.execution;

/**
 * One program's run in a sandbox.
 *
 * @param result what the program did
 * @param resultChannel what it wrote to its result channel; null when the run asked for none
 * @param warm whether it ran in the interpreter started with the sandbox
 * @param sandbox the sandbox's short id, for logs
 */
public record SandboxRun(
    ExecutionResult result, String resultChannel, boolean warm, String sandbox) {}

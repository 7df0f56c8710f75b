package io.sandgate.execution;

/** A finished run, whatever the program did. */
public record ExecutionResult(
        String stdout,
        String stderr,
        String combined,
        Integer exitCode,
        boolean timedOut,
        boolean oomKilled,
        boolean outputTruncated,
        long durationMs,
        PythonRuntime runtime) {

    /** The program failed: a non-zero exit, a timeout or the memory limit. */
    public boolean isError() {
        return timedOut || oomKilled || exitCode == null || exitCode != 0;
    }

    /** The outcome, for logs and metrics. */
    public String outcome() {
        if (oomKilled) {
            return "oom";
        }
        if (timedOut) {
            return "timeout";
        }
        return isError() ? "error" : "ok";
    }
}

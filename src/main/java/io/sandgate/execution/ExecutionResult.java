package io.sandgate.execution;

import io.sandgate.runtime.PythonRuntime;
import java.util.List;

/**
 * A finished run, whatever the program did; {@code files}: what it left in {@code /tmp/out}, {@code
 * filesTruncated}: some of them are listed without content, or not at all (past the limits).
 */
public record ExecutionResult(
    String stdout,
    String stderr,
    String combined,
    Integer exitCode,
    boolean timedOut,
    boolean oomKilled,
    boolean outputTruncated,
    long durationMs,
    PythonRuntime runtime,
    List<OutputFile> files,
    boolean filesTruncated) {

  /** A run that left no output files. */
  public ExecutionResult(
      String stdout,
      String stderr,
      String combined,
      Integer exitCode,
      boolean timedOut,
      boolean oomKilled,
      boolean outputTruncated,
      long durationMs,
      PythonRuntime runtime) {
    this(
        stdout,
        stderr,
        combined,
        exitCode,
        timedOut,
        oomKilled,
        outputTruncated,
        durationMs,
        runtime,
        List.of(),
        false);
  }

  /** The program failed: a non-zero exit, a timeout or the memory limit. */
  public boolean isError() {
    return timedOut || oomKilled || exitCode == null || exitCode != 0;
  }

  /** How the program ended, for logs and metrics. */
  public RunOutcome outcome() {
    if (oomKilled) {
      return RunOutcome.OOM;
    }
    if (timedOut) {
      return RunOutcome.TIMEOUT;
    }
    return isError() ? RunOutcome.ERROR : RunOutcome.OK;
  }
}

package io.sandgate.compat.judge0;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.execution.ExecutionResult;

/**
 * What a finished submission produced, in Judge0's terms. {@code time} and {@code wall_time} are
 * the program's wall-clock seconds (Sandgate does not measure CPU time); {@code memory} is not
 * measured (null).
 */
@RegisterForReflection
record Judge0Result(
    int status_id,
    String stdout,
    String stderr,
    Double time,
    Double wall_time,
    Integer memory,
    Integer exit_code,
    Integer exit_signal,
    String message) {

  static Judge0Result of(ExecutionResult run, Judge0Submission submission) {
    String stdout = submission.redirect_stderr_to_stdout() ? run.combined() : run.stdout();
    Judge0Status status = Judge0Status.of(run, stdout, submission.expected_output());
    double seconds = run.durationMs() / 1000.0;
    String stderr = submission.redirect_stderr_to_stdout() ? "" : run.stderr();
    Integer exit = run.exitCode();
    Integer signal = exit == null ? null : Judge0Status.signal(exit);
    if (run.outputTruncated()) {
      signal = 25; // SIGXFSZ, as isolate's file-size limit ends a program
    } else if (run.timedOut() || run.oomKilled()) {
      signal = 9; // SIGKILL
    }
    String message =
        switch (status) {
          case TIME_LIMIT_EXCEEDED -> "Time limit exceeded";
          case NZEC -> "Exited with error status " + exit;
          case SIGXFSZ, SIGSEGV, SIGFPE, SIGABRT, OTHER -> "Caught fatal signal " + signal;
          default -> null;
        };
    // Judge0 reports exit code 0 when the program had none of its own (killed by a signal).
    int exitCode = exit == null || signal != null ? 0 : exit;
    return new Judge0Result(
        status.id,
        emptyAsNull(stdout),
        emptyAsNull(stderr),
        seconds,
        seconds,
        null,
        exitCode,
        signal,
        message);
  }

  /** The sandbox failed, not the program. */
  static Judge0Result internalError(String message) {
    return new Judge0Result(
        Judge0Status.INTERNAL_ERROR.id, null, null, null, null, null, null, null, message);
  }

  /** Judge0 keeps an empty output as null. */
  private static String emptyAsNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}

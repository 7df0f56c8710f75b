package io.sandgate.compat.piston;

import io.sandgate.execution.ExecutionResult;
import java.nio.charset.StandardCharsets;

/**
 * Sandgate's outcome in Piston's terms (Piston's isolate statuses and messages). As in Piston, a
 * cut output wins over what the program did after, and a stage ended by the output limit or the
 * timeout reports SIGKILL with no exit code.
 */
final class PistonStatus {

  /** Linux signal numbers 1–31 by name, as Node reports them. */
  private static final String[] SIGNALS = {
    null,
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS"
  };

  private static final int SIGKILL = 9;

  private PistonStatus() {}

  static PistonExecution.Stage stage(ExecutionResult r, long maxOutputBytes) {
    Integer code = r.exitCode();
    if (r.outputTruncated()) {
      boolean stderrCut =
          r.stderr().getBytes(StandardCharsets.UTF_8).length >= maxOutputBytes
              && r.stdout().getBytes(StandardCharsets.UTF_8).length < maxOutputBytes;
      return of(
          r,
          null,
          "SIGKILL",
          stderrCut ? "stderr length exceeded" : "stdout length exceeded",
          stderrCut ? "EL" : "OL");
    }
    if (r.timedOut()) {
      // Sandgate's limit is wall-clock time: isolate's message for that one.
      return of(r, null, "SIGKILL", "Time limit exceeded (wall clock)", "TO");
    }
    if (r.oomKilled()) {
      return of(r, null, "SIGKILL", "Caught fatal signal " + SIGKILL, "SG");
    }
    if (code != null && code > 128 && code - 128 < SIGNALS.length) {
      return of(r, null, SIGNALS[code - 128], "Caught fatal signal " + (code - 128), "SG");
    }
    if (code == null) {
      return sandboxFailed();
    }
    if (code != 0) {
      return of(r, code, null, "Exited with error status " + code, "RE");
    }
    return of(r, 0, null, null, null);
  }

  /** The sandbox, not the program, failed: Piston's internal-error status. */
  static PistonExecution.Stage sandboxFailed() {
    return new PistonExecution.Stage(
        "", "", "", null, null, "Internal Error", "XX", null, null, null);
  }

  private static PistonExecution.Stage of(
      ExecutionResult r, Integer code, String signal, String message, String status) {
    return new PistonExecution.Stage(
        r.stdout(),
        r.stderr(),
        r.combined(),
        code,
        signal,
        message,
        status,
        null,
        r.durationMs(),
        null);
  }
}

package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandgate.execution.ExecutionResult;
import io.sandgate.runtime.PythonRuntime;
import org.junit.jupiter.api.Test;

/** Judge0's verdicts from Sandgate's outcomes, in Judge0's order. */
class Judge0StatusTest {

  @Test
  void theOutcomeDecidesBeforeTheOutput() {
    assertEquals(Judge0Status.TIME_LIMIT_EXCEEDED, status(run("", null, true, false, false), null));
    assertEquals(Judge0Status.SIGXFSZ, status(run("x", 0, false, false, true), "x"));
    assertEquals(Judge0Status.OTHER, status(run("", 137, false, true, false), null));
    assertEquals(Judge0Status.INTERNAL_ERROR, status(run("", null, false, false, false), null));
    assertEquals(Judge0Status.NZEC, status(run("hi\n", 1, false, false, false), "hi"));
  }

  @Test
  void signalsMapAsJudge0MapsThem() {
    assertEquals(Judge0Status.SIGSEGV, status(run("", 128 + 11, false, false, false), null));
    assertEquals(Judge0Status.SIGXFSZ, status(run("", 128 + 25, false, false, false), null));
    assertEquals(Judge0Status.SIGFPE, status(run("", 128 + 8, false, false, false), null));
    assertEquals(Judge0Status.SIGABRT, status(run("", 128 + 6, false, false, false), null));
    assertEquals(Judge0Status.OTHER, status(run("", 128 + 15, false, false, false), null));
    assertEquals(
        Judge0Status.NZEC,
        status(run("", 128, false, false, false), null),
        "128 is an exit status");
  }

  @Test
  void theOutputIsComparedAsJudge0CompareIt() {
    assertEquals(Judge0Status.ACCEPTED, status(run("anything\n", 0, false, false, false), null));
    assertEquals(
        Judge0Status.ACCEPTED,
        status(run("hello, Judge0\n", 0, false, false, false), "hello, Judge0"));
    assertEquals(
        Judge0Status.ACCEPTED, status(run("a  \nb\t\n\n\n", 0, false, false, false), "a\nb"));
    assertEquals(
        Judge0Status.WRONG_ANSWER,
        status(run(" a\n", 0, false, false, false), "a"),
        "leading whitespace counts");
    assertEquals(
        Judge0Status.WRONG_ANSWER,
        status(run("", 0, false, false, false), ""),
        "an empty output is none, and matches no expected output");
    assertEquals(Judge0Status.WRONG_ANSWER, status(run("1\n2\n", 0, false, false, false), "1\n3"));
  }

  @Test
  void resultsCarryJudge0sFields() {
    Judge0Result nzec = Judge0Result.of(run("", 3, false, false, false), submission(null));
    assertEquals(11, nzec.status_id());
    assertEquals(3, nzec.exit_code());
    assertEquals("Exited with error status 3", nzec.message());
    Judge0Result segv = Judge0Result.of(run("", 139, false, false, false), submission(null));
    assertEquals(7, segv.status_id());
    assertEquals(11, segv.exit_signal());
    assertEquals(0, segv.exit_code(), "a program killed by a signal has no exit code of its own");
    Judge0Result timeout = Judge0Result.of(run("", null, true, false, false), submission(null));
    assertEquals("Time limit exceeded", timeout.message());
    assertEquals(0.012, timeout.time());
  }

  private static Judge0Status status(ExecutionResult run, String expected) {
    return Judge0Status.of(run, run.stdout(), expected);
  }

  private static ExecutionResult run(
      String stdout, Integer exit, boolean timedOut, boolean oom, boolean cut) {
    return new ExecutionResult(
        stdout, "", stdout, exit, timedOut, oom, cut, 12, PythonRuntime.PYTHON3);
  }

  static Judge0Submission submission(String expected) {
    return new Judge0Submission(
        "print(1)",
        71,
        null,
        expected,
        1,
        5.0,
        1.0,
        10.0,
        128000,
        64000,
        60,
        false,
        false,
        1024,
        null,
        null,
        false,
        null,
        false);
  }
}

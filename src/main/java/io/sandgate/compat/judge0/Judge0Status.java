package io.sandgate.compat.judge0;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.execution.ExecutionResult;
import java.util.Arrays;
import java.util.List;

/** Judge0's fourteen statuses, with its descriptions. */
enum Judge0Status {
  IN_QUEUE(1, "In Queue"),
  PROCESSING(2, "Processing"),
  ACCEPTED(3, "Accepted"),
  WRONG_ANSWER(4, "Wrong Answer"),
  TIME_LIMIT_EXCEEDED(5, "Time Limit Exceeded"),
  COMPILATION_ERROR(6, "Compilation Error"),
  SIGSEGV(7, "Runtime Error (SIGSEGV)"),
  SIGXFSZ(8, "Runtime Error (SIGXFSZ)"),
  SIGFPE(9, "Runtime Error (SIGFPE)"),
  SIGABRT(10, "Runtime Error (SIGABRT)"),
  NZEC(11, "Runtime Error (NZEC)"),
  OTHER(12, "Runtime Error (Other)"),
  INTERNAL_ERROR(13, "Internal Error"),
  EXEC_FORMAT_ERROR(14, "Exec Format Error");

  final int id;
  final String description;

  Judge0Status(int id, String description) {
    this.id = id;
    this.description = description;
  }

  /** As Judge0 renders a status: {@code {"id": 3, "description": "Accepted"}}. */
  @RegisterForReflection
  record View(int id, String description) {}

  View view() {
    return new View(id, description);
  }

  boolean isFinished() {
    return this != IN_QUEUE && this != PROCESSING;
  }

  static Judge0Status byId(int id) {
    return Arrays.stream(values())
        .filter(s -> s.id == id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Judge0 status " + id));
  }

  static List<View> all() {
    return Arrays.stream(values()).map(Judge0Status::view).toList();
  }

  /**
   * Judge0's verdict for a finished run, in its order: output cut at the gateway's limit (SIGXFSZ,
   * as a program past isolate's file-size limit is), a timeout, a signal (Sandgate reports a signal
   * n as exit 128 + n; out of memory is SIGKILL), a non-zero exit, then the output against {@code
   * expectedOutput} (when given) after Judge0's own normalisation; {@code stdout} is the output
   * Judge0 would compare (with stderr in it when the submission redirects it).
   */
  static Judge0Status of(ExecutionResult result, String stdout, String expectedOutput) {
    if (result.outputTruncated()) {
      return SIGXFSZ; // isolate kills a program at the limit: what it did after that does not count
    }
    if (result.timedOut()) {
      return TIME_LIMIT_EXCEEDED;
    }
    if (result.oomKilled()) {
      return OTHER;
    }
    Integer exit = result.exitCode();
    if (exit == null) {
      return INTERNAL_ERROR;
    }
    Integer signal = signal(exit);
    if (signal != null) {
      return switch (signal) {
        case 11 -> SIGSEGV;
        case 25 -> SIGXFSZ;
        case 8 -> SIGFPE;
        case 6 -> SIGABRT;
        default -> OTHER;
      };
    }
    if (exit != 0) {
      return NZEC;
    }
    if (expectedOutput == null) {
      return ACCEPTED;
    }
    // Judge0 keeps an empty output as null: an expected output never matches it, not even "".
    String output = stdout.isEmpty() ? null : normalised(stdout);
    return normalised(expectedOutput).equals(output) ? ACCEPTED : WRONG_ANSWER;
  }

  /** The signal behind an exit status of 128 + n (n 1–31), or null. */
  static Integer signal(int exit) {
    return exit > 128 && exit < 160 ? exit - 128 : null;
  }

  /**
   * Judge0's comparison: every line stripped of trailing whitespace, trailing blank lines gone;
   * leading whitespace counts.
   */
  static String normalised(String text) {
    String[] lines = text.split("\n", -1);
    StringBuilder joined = new StringBuilder(text.length());
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        joined.append('\n');
      }
      joined.append(lines[i].stripTrailing());
    }
    return joined.toString().stripTrailing();
  }
}

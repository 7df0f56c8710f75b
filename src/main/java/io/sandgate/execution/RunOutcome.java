package io.sandgate.execution;

/** How a run ended, as logs and the {@code sandgate.executions} metric name it. */
public enum RunOutcome {
  /** The program exited 0. */
  OK("ok"),
  /** The program exited non-zero, or was killed by a signal. */
  ERROR("error"),
  /** The program ran past its timeout. */
  TIMEOUT("timeout"),
  /** The program ran out of memory. */
  OOM("oom"),
  /** The sandbox itself failed, not the program (502). */
  SANDBOX_FAILURE("sandbox_failure");

  private final String tag;

  RunOutcome(String tag) {
    this.tag = tag;
  }

  /** The name in logs and metric tags. */
  public String tag() {
    return tag;
  }
}

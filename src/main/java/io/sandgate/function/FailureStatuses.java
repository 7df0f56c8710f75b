package io.sandgate.function;

/**
 * The HTTP status a caller gets for a call that gave no answer, as the function's log keeps it: the
 * HTTP layer's to decide, since it is the one that answers.
 */
public interface FailureStatuses {

  /** The status of a call that ended in {@code outcome}, neither answered nor refused. */
  int statusOf(InvocationOutcome outcome);
}

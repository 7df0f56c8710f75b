package io.sandgate.api;

import io.sandgate.function.FailureStatuses;
import io.sandgate.function.FunctionFailedException;
import io.sandgate.function.InvocationOutcome;
import io.sandgate.http.ProblemType;
import jakarta.inject.Singleton;

/** A failed function call's status is its problem type's. */
@Singleton
class FunctionFailureStatuses implements FailureStatuses {

  @Override
  public int statusOf(InvocationOutcome outcome) {
    return switch (outcome) {
      case ERROR -> ProblemType.of(FunctionFailedException.Kind.ERROR).status;
      case TIMEOUT -> ProblemType.of(FunctionFailedException.Kind.TIMEOUT).status;
      case OUT_OF_MEMORY -> ProblemType.of(FunctionFailedException.Kind.OUT_OF_MEMORY).status;
      case SANDBOX_FAILURE -> ProblemType.SANDBOX_FAILED.status;
      case ANSWERED, REFUSED ->
          throw new IllegalArgumentException(outcome + " is not a failed call");
    };
  }
}

package io.sandgate.function;

/**
 * How a function call ended, as its log and the {@code sandgate.function.invocations} metric tell
 * it.
 */
public enum InvocationOutcome {
  /** The handler's answer was sent. */
  ANSWERED("answered"),
  /** The handler raised, or returned what cannot be sent. */
  ERROR("error"),
  /** The call ran past its timeout. */
  TIMEOUT("timeout"),
  /** The call ran out of memory. */
  OUT_OF_MEMORY("out_of_memory"),
  /** The sandbox failed, not the handler. */
  SANDBOX_FAILURE("sandbox_failure"),
  /** Nothing ran: no sandbox, or the tenant over its quota. */
  REFUSED("refused");

  private final String tag;

  InvocationOutcome(String tag) {
    this.tag = tag;
  }

  /** The name in metric tags. */
  public String tag() {
    return tag;
  }

  /** Whether the call ran: a refused call has nothing to log. */
  boolean ran() {
    return this != REFUSED;
  }

  static InvocationOutcome of(FunctionFailedException.Kind kind) {
    return switch (kind) {
      case ERROR -> ERROR;
      case TIMEOUT -> TIMEOUT;
      case OUT_OF_MEMORY -> OUT_OF_MEMORY;
    };
  }
}

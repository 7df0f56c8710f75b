package io.sandgate.function;

/**
 * The call did not produce an answer: the handler raised, returned what cannot be sent, ran out of
 * time or memory. {@code detail} is for the caller; {@code traceback} only for the tenant.
 */
public class FunctionFailedException extends RuntimeException {

  /** How the call failed, as its problem type tells it. */
  public enum Kind {
    ERROR,
    TIMEOUT,
    OUT_OF_MEMORY
  }

  private final Kind kind;
  private final String traceback;
  private final String stdout;
  private final String stderr;

  public FunctionFailedException(
      Kind kind, String detail, String traceback, String stdout, String stderr) {
    super(detail);
    this.kind = kind;
    this.traceback = traceback;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public Kind kind() {
    return kind;
  }

  /** The handler's traceback (its own frames), empty when there is none. */
  public String traceback() {
    return traceback;
  }

  /** What the handler printed, for the function's logs. */
  public String stdout() {
    return stdout;
  }

  public String stderr() {
    return stderr;
  }
}

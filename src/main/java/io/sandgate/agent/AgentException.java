package io.sandgate.agent;

/**
 * The agent did not answer, or answered in a way that means the sandbox failed (not the program).
 */
public class AgentException extends RuntimeException {

  /** What went wrong, for mapping and metrics. */
  public enum Reason {
    /** No connection could be made: the request never reached the agent, so nothing ran. */
    NOT_CONNECTED,
    /** The connection broke or timed out after the request was sent: something may have run. */
    UNREACHABLE,
    /** The agent answered with an error or garbage. */
    FAILED,
    /** The sandbox has already run a program. */
    ALREADY_USED,
    /** The path where the socket belongs is not a socket (e.g. a planted symlink). */
    NOT_A_SOCKET
  }

  private final Reason reason;

  public AgentException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public AgentException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}

package io.sandgate.pool;

/**
 * No sandbox could be had: the pool is exhausted, the engine is down, or the gateway is stopping.
 */
public class NoSandboxException extends RuntimeException {

  /** Why no sandbox was had. */
  public enum Reason {
    /** Every sandbox was busy for the whole wait. */
    WAIT_TIMED_OUT,
    /** Too many callers were already waiting. */
    QUEUE_FULL,
    /** The container engine does not answer. */
    ENGINE_DOWN,
    /** The gateway is shutting down. */
    SHUTTING_DOWN
  }

  private final Reason reason;
  private final long retryAfterSeconds;

  public NoSandboxException(Reason reason, String message, long retryAfterSeconds) {
    super(message);
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static NoSandboxException queueFull(long retryAfterSeconds) {
    return new NoSandboxException(
        Reason.QUEUE_FULL,
        "too many requests are already waiting for a sandbox",
        retryAfterSeconds);
  }

  static NoSandboxException waitTimedOut(java.time.Duration waited, long retryAfterSeconds) {
    return new NoSandboxException(
        Reason.WAIT_TIMED_OUT,
        "no sandbox became free within " + waited.toMillis() + " ms",
        retryAfterSeconds);
  }

  static NoSandboxException engineDown(String why, long retryAfterSeconds) {
    return new NoSandboxException(Reason.ENGINE_DOWN, why, retryAfterSeconds);
  }

  static NoSandboxException shuttingDown(String why, long retryAfterSeconds) {
    return new NoSandboxException(Reason.SHUTTING_DOWN, why, retryAfterSeconds);
  }

  public Reason reason() {
    return reason;
  }

  /** When a caller may usefully try again, in whole seconds (at least 1). */
  public long retryAfterSeconds() {
    return Math.max(1, retryAfterSeconds);
  }
}

package io.sandgate.execution;

/**
 * No sandbox could be had for the run (503): every one busy for the whole wait, too many callers
 * waiting, the engine down, or the gateway stopping. Nothing ran.
 */
public class SandboxUnavailableException extends RuntimeException {

  private final long retryAfterSeconds;

  SandboxUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** When a caller may usefully try again, in whole seconds (at least 1). */
  public long retryAfterSeconds() {
    return Math.max(1, retryAfterSeconds);
  }
}

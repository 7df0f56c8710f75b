package io.sandgate.tenant;

/** The tenant reached its request rate or its concurrency limit (429). */
public class TenantLimitException extends RuntimeException {

  /** Which limit. */
  public enum Limit {
    RATE,
    CONCURRENCY
  }

  private final Limit limit;
  private final long retryAfterSeconds;

  public TenantLimitException(Limit limit, String message, long retryAfterSeconds) {
    super(message);
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Limit limit() {
    return limit;
  }

  /** Whole seconds until a retry can succeed, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, retryAfterSeconds);
  }
}

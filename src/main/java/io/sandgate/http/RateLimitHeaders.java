package io.sandgate.http;

import io.sandgate.tenant.RateLimiter;
import java.util.function.BiConsumer;

/**
 * The RateLimit headers of a rate decision: the bucket's size, what is left of it, when it is full
 * again.
 */
public final class RateLimitHeaders {

  static final String REMAINING = "RateLimit-Remaining";

  private RateLimitHeaders() {}

  /** Sets them through {@code header} (a response builder's, or a filter's headers'). */
  public static void set(BiConsumer<String, Object> header, RateLimiter.Decision rate) {
    header.accept("RateLimit-Limit", rate.limit());
    header.accept(REMAINING, rate.remaining());
    header.accept("RateLimit-Reset", rate.resetSeconds());
  }
}

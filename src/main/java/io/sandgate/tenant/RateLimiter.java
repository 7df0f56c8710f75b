package io.sandgate.tenant;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This gateway's own bucket4j token buckets, one per tenant (or public function), on an injected
 * clock.
 */
public final class RateLimiter {

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final TimeMeter time;

  public RateLimiter(Clock clock) {
    this.time = timeOf(clock);
  }

  /** {@code clock} as bucket4j's time, so tests that move the clock move the buckets. */
  static TimeMeter timeOf(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.millis() * 1_000_000L;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  /**
   * Takes {@code spending}'s tokens of the bucket {@code key}, all or none, of {@code limit} tokens
   * refilled every {@code period} (a function's own rate, say); a bucket is made on first use and
   * kept for its key.
   */
  public Decision tryAcquire(String key, long limit, Duration period, Spending spending) {
    Bucket bucket =
        buckets.computeIfAbsent(
            key + "|" + limit + "/" + period,
            k ->
                Bucket.builder()
                    .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
                    .withCustomTimePrecision(time)
                    .build());
    return Decision.of(
        bucket.tryConsumeAndReturnRemaining(spending.tokens()), limit, period, spending);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }

  /**
   * What one call takes of a bucket: {@code tokens} now, all or none, for a request that took
   * {@code before} of it already. A retry of the request takes them all again, so a refusal's
   * retry-after counts them all.
   */
  public record Spending(long tokens, long before) {

    /** A request's one token. */
    public static final Spending ONE = new Spending(1, 0);

    /**
     * {@code tokens} more, for a request whose first token went at its arrival (a batch's other
     * runs).
     */
    public static Spending more(long tokens) {
      return new Spending(tokens, 1);
    }

    long all() {
      return tokens + before;
    }
  }

  /**
   * The outcome of one request against the bucket, with what the RateLimit headers say.
   *
   * @param allowed whether the request may go on
   * @param limit bucket size
   * @param remaining tokens left after this request
   * @param resetSeconds whole seconds until the bucket is full again
   * @param retryAfterSeconds whole seconds until the bucket holds what the request takes (0 when
   *     allowed); for a request larger than the bucket, which no wait lets through, the period
   */
  public record Decision(
      boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    /**
     * What bucket4j's answer to {@code spending} of a bucket of {@code limit} per {@code period}
     * says.
     */
    static Decision of(ConsumptionProbe probe, long limit, Duration period, Spending spending) {
      long retryAfter = 0;
      if (!probe.isConsumed()
          && (spending.all() > limit || probe.getNanosToWaitForRefill() == Long.MAX_VALUE)) {
        // More than the bucket holds: no wait lets it through; one period refills all there is.
        retryAfter = Math.max(1, ceilSeconds(period.toNanos()));
      } else if (!probe.isConsumed()) {
        // Greedy refill: each token the request took before comes back period / limit later.
        long before = ceilDiv(period.toNanos() * spending.before(), limit);
        retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill() + before));
      }
      return new Decision(
          probe.isConsumed(),
          limit,
          probe.getRemainingTokens(),
          ceilSeconds(probe.getNanosToWaitForReset()),
          retryAfter);
    }

    private static long ceilDiv(long a, long b) {
      return (a + b - 1) / b;
    }
  }
}

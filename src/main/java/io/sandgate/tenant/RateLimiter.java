package io.sandgate.tenant;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** This gateway's own bucket4j token buckets, one per tenant (or public function), on an injected clock. */
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
     * Takes one token of the bucket {@code key}, of {@code limit} tokens refilled every {@code period}
     * (a function's own rate, say); a bucket is made on first use and kept for its key.
     */
    public Decision tryAcquire(String key, long limit, Duration period) {
        Bucket bucket = buckets.computeIfAbsent(key + "|" + limit + "/" + period, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
                .withCustomTimePrecision(time)
                .build());
        return Decision.of(bucket.tryConsumeAndReturnRemaining(1), limit);
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /**
     * The outcome of one request against the bucket, with what the RateLimit headers say.
     *
     * @param allowed whether the request may go on
     * @param limit bucket size
     * @param remaining tokens left after this request
     * @param resetSeconds whole seconds until the bucket is full again
     * @param retryAfterSeconds whole seconds until a token is back (0 when allowed)
     */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

        /** What bucket4j's answer for one token of a bucket of {@code limit} says. */
        static Decision of(ConsumptionProbe probe, long limit) {
            return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(),
                    ceilSeconds(probe.getNanosToWaitForReset()),
                    probe.isConsumed() ? 0 : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
        }
    }
}

package io.sandgate.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final RateLimiter limiter = new RateLimiter(clock);
    private final Tenant tenant = new Tenant("t", 3, Duration.ofSeconds(30), 1, Duration.ofSeconds(30));

    private RateLimiter.Decision acquire(Tenant t) {
        return limiter.tryAcquire("tenant:" + t.name(), t.rateLimit(), t.ratePeriod());
    }

    @Test
    void burstUpToTheLimitThenRefused() {
        for (int i = 2; i >= 0; i--) {
            RateLimiter.Decision d = acquire(tenant);
            assertTrue(d.allowed());
            assertEquals(3, d.limit());
            assertEquals(i, d.remaining());
        }
        RateLimiter.Decision refused = acquire(tenant);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        // One token every 10 s: the next is 10 s away, a full bucket 30 s.
        assertEquals(10, refused.retryAfterSeconds());
        assertEquals(30, refused.resetSeconds());
    }

    @Test
    void refillsGreedilyOverThePeriod() {
        for (int i = 0; i < 3; i++) {
            acquire(tenant);
        }
        clock.advance(Duration.ofSeconds(9));
        RateLimiter.Decision early = acquire(tenant);
        assertFalse(early.allowed());
        assertEquals(1, early.retryAfterSeconds(), "less than a second to go rounds up to 1");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(acquire(tenant).allowed());
        clock.advance(Duration.ofMinutes(5));
        RateLimiter.Decision full = acquire(tenant);
        assertEquals(2, full.remaining(), "never more than the bucket holds");
        assertEquals(10, full.resetSeconds());
    }

    @Test
    void tenantsHaveTheirOwnBuckets() {
        Tenant other = new Tenant("other", 1, Duration.ofHours(1), 1, Duration.ofSeconds(30));
        assertTrue(acquire(other).allowed());
        assertFalse(acquire(other).allowed());
        assertTrue(acquire(tenant).allowed());
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        Tenant fast = new Tenant("fast", 1000, Duration.ofSeconds(1), 1, Duration.ofSeconds(30));
        RateLimiter.Decision last = null;
        for (int i = 0; i < 1001; i++) {
            last = acquire(fast);
        }
        assertFalse(last.allowed());
        assertEquals(1, last.retryAfterSeconds());
    }
}

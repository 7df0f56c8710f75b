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
  private final Tenant tenant =
      new Tenant("t", 3, Duration.ofSeconds(30), 1, Duration.ofSeconds(30));

  private RateLimiter.Decision acquire(Tenant t) {
    return limiter.tryAcquire(
        "tenant:" + t.name(), t.rateLimit(), t.ratePeriod(), RateLimiter.Spending.ONE);
  }

  /** The rest of a request of {@code runs} runs, after its first token. */
  private RateLimiter.Decision acquireMore(Tenant t, int runs) {
    return limiter.tryAcquire(
        "tenant:" + t.name(), t.rateLimit(), t.ratePeriod(), RateLimiter.Spending.more(runs - 1));
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

  @Test
  void aBatchTakesOneTokenPerRunAllOrNone() {
    assertTrue(acquire(tenant).allowed(), "a batch of 4 arrives: its first token");
    RateLimiter.Decision tooBig = acquireMore(tenant, 4);
    assertFalse(tooBig.allowed());
    assertEquals(2, tooBig.remaining(), "nothing more taken");
    assertEquals(
        30,
        tooBig.retryAfterSeconds(),
        "4 never fit in a bucket of 3: the period, not a false promise");
    assertTrue(acquire(tenant).allowed(), "a batch of 2 arrives");
    RateLimiter.Decision two = acquireMore(tenant, 2);
    assertTrue(two.allowed());
    assertEquals(0, two.remaining(), "one token per run");
  }

  @Test
  void aRefusedBatchIsToldWhenTheWholeBatchFits() {
    Tenant six = new Tenant("six", 6, Duration.ofSeconds(60), 1, Duration.ofSeconds(30));
    acquire(six);
    assertTrue(acquireMore(six, 4).allowed());
    assertTrue(acquire(six).allowed(), "the next batch of 4: its first token, 1 left");
    RateLimiter.Decision refused = acquireMore(six, 4);
    assertFalse(refused.allowed());
    assertEquals(1, refused.remaining());
    // A retry takes all 4 again, its first token too: 3 more than the 1 left, one every 10 s.
    assertEquals(30, refused.retryAfterSeconds());
    clock.advance(Duration.ofSeconds(30));
    assertTrue(acquire(six).allowed());
    RateLimiter.Decision retried = acquireMore(six, 4);
    assertTrue(retried.allowed(), "after Retry-After the whole batch fits");
    assertEquals(0, retried.remaining(), "and took all of it");
  }
}

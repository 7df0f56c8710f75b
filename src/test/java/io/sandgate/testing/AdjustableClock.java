package io.sandgate.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The beans' clock in tests: the wall clock, until a test moves it forward (e.g. past a lease's
 * deadline) instead of sleeping. Each test application starts with it unmoved.
 */
@Alternative
@Priority(1)
@Singleton
public class AdjustableClock extends Clock {

  private final AtomicLong offsetMillis = new AtomicLong();

  /** Moves this clock forward by {@code amount}. */
  public void advance(Duration amount) {
    offsetMillis.addAndGet(amount.toMillis());
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMillis.get());
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the beans' clock is UTC");
  }
}

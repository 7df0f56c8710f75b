package io.sandgate.tenant;

import io.github.bucket4j.TimeMeter;
import io.sandgate.cluster.RedisBuckets;
import io.sandgate.cluster.RedisLink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Rates for the whole cluster: each bucket in Redis when one is configured and answers, else —
 * Redis unreachable — this gateway's own bucket of the same size. Never unlimited, and never a
 * refusal only because Redis is away.
 */
final class ClusterRates {

  private final RateLimiter local;
  private final RedisLink link;
  private final RedisBuckets shared;

  ClusterRates(RateLimiter local, RedisLink link, TimeMeter time) {
    this.local = local;
    this.link = link;
    this.shared = link.configured() ? new RedisBuckets(link, time) : null;
  }

  /**
   * Takes {@code spending}'s tokens, all or none, of the bucket {@code key} of {@code limit} tokens
   * per {@code period}.
   */
  CompletableFuture<RateLimiter.Decision> tryAcquire(
      String key, long limit, Duration period, RateLimiter.Spending spending) {
    if (shared == null) {
      return CompletableFuture.completedFuture(local.tryAcquire(key, limit, period, spending));
    }
    if (!link.usable()) {
      return CompletableFuture.completedFuture(fallBack(key, limit, period, spending));
    }
    // The size is in the key: a bucket resized by configuration starts afresh, as locally.
    return shared
        .tryConsume(
            key + ":" + limit + "/" + period.toMillis() + "ms", limit, period, spending.tokens())
        .thenApply(probe -> RateLimiter.Decision.of(probe, limit, period, spending))
        .exceptionally(failure -> fallBack(key, limit, period, spending));
  }

  private RateLimiter.Decision fallBack(
      String key, long limit, Duration period, RateLimiter.Spending spending) {
    link.countFallback("rate");
    return local.tryAcquire(key, limit, period, spending);
  }
}

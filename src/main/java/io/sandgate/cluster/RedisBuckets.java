package io.sandgate.cluster;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * bucket4j's token buckets kept in Redis, one key per bucket: a bucket4j proxy manager whose
 * read-modify-write is a compare-and-swap done by one Lua script, so gateways racing on a bucket
 * never lose a token. A key lives until its bucket would be full again (plus a second), then Redis
 * forgets it: an idle tenant costs nothing.
 */
public final class RedisBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

  /**
   * KEYS[1] the bucket; ARGV: 1 if it must not exist yet, the state expected, the new state, its
   * TTL in ms.
   */
  private static final String COMPARE_AND_SWAP =
      """
            local current = redis.call('GET', KEYS[1])
            if ARGV[1] == '1' then
              if current then return 0 end
            elseif current ~= ARGV[2] then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
            return 1""";

  private static final ExpirationAfterWriteStrategy EXPIRY =
      ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1));

  private final RedisLink link;
  private final String prefix;

  /** Buckets under {@code <key-prefix>rate:}, timed by {@code time} (the gateway's clock). */
  public RedisBuckets(RedisLink link, TimeMeter time) {
    super(
        ClientSideConfig.getDefault()
            .withClientClock(time)
            .withExpirationAfterWriteStrategy(EXPIRY));
    this.link = link;
    this.prefix = link.config().keyPrefix() + "rate:";
  }

  /**
   * Takes {@code tokens} tokens of the bucket {@code key}, all or none (one compare-and-swap):
   * {@code limit} tokens, refilled greedily over {@code period}. Fails when Redis cannot be used;
   * the caller decides what then.
   */
  public CompletableFuture<ConsumptionProbe> tryConsume(
      String key, long limit, Duration period, long tokens) {
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
            .build();
    return asAsync()
        .builder()
        .build(prefix + key, () -> CompletableFuture.completedFuture(configuration))
        .tryConsumeAndReturnRemaining(tokens);
  }

  @Override
  protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
    return new AsyncCompareAndSwapOperation() {
      @Override
      public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
        return link.send(Request.cmd(Command.GET).arg(key))
            .thenApply(state -> Optional.ofNullable(state).map(Response::toBytes));
      }

      @Override
      public CompletableFuture<Boolean> compareAndSwap(
          byte[] expected, byte[] next, RemoteBucketState state, Optional<Long> timeoutNanos) {
        long ttl = Math.max(1, EXPIRY.calculateTimeToLiveMillis(state, currentTimeNanos()));
        return link.send(
                Request.cmd(Command.EVAL)
                    .arg(COMPARE_AND_SWAP)
                    .arg(1)
                    .arg(key)
                    .arg(expected == null ? "1" : "0")
                    .arg(expected == null ? new byte[0] : expected)
                    .arg(next)
                    .arg(ttl))
            .thenApply(swapped -> swapped != null && swapped.toInteger() == 1);
      }
    };
  }

  @Override
  protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
    AsyncCompareAndSwapOperation async = beginAsyncCompareAndSwapOperation(key);
    return new CompareAndSwapOperation() {
      @Override
      public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
        return async.getStateData(timeoutNanos).join();
      }

      @Override
      public boolean compareAndSwap(
          byte[] expected, byte[] next, RemoteBucketState state, Optional<Long> timeoutNanos) {
        return async.compareAndSwap(expected, next, state, timeoutNanos).join();
      }
    };
  }

  @Override
  public void removeProxy(String key) {
    removeAsync(key).join();
  }

  @Override
  protected CompletableFuture<Void> removeAsync(String key) {
    return link.send(Request.cmd(Command.DEL).arg(key)).thenApply(deleted -> null);
  }

  @Override
  public boolean isAsyncModeSupported() {
    return true;
  }

  @Override
  public boolean isExpireAfterWriteSupported() {
    return true;
  }
}

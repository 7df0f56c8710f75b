package io.sandgate.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links to a real Redis as gateways make them, each on its own Vert.x: one per simulated gateway.
 */
public final class Redises implements AutoCloseable {

  private final List<Vertx> vertxes = new ArrayList<>();

  /** A started link to {@code url}, with {@code leaseTtl}; its meters in {@code registry}. */
  public RedisLink link(String url, Duration leaseTtl, MeterRegistry registry) {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    RedisLink link = new RedisLink(config(url, leaseTtl), vertx, registry);
    link.start(null);
    return link;
  }

  public RedisLink link(String url, Duration leaseTtl) {
    return link(url, leaseTtl, new SimpleMeterRegistry());
  }

  /** A gateway that dies: its event loops stop, so nothing of it reaches Redis again. */
  public static void kill(RedisLink link) {
    link.vertx().close().toCompletionStage().toCompletableFuture().join();
  }

  private static RedisConfig config(String url, Duration leaseTtl) {
    return new RedisConfig() {
      @Override
      public Optional<String> url() {
        return Optional.of(url);
      }

      @Override
      public Duration timeout() {
        return Duration.ofMillis(500);
      }

      @Override
      public Duration probeInterval() {
        return Duration.ofMillis(100);
      }

      @Override
      public Duration leaseTtl() {
        return leaseTtl;
      }

      @Override
      public String keyPrefix() {
        return "sandgate-test:";
      }
    };
  }

  @Override
  public void close() {
    vertxes.forEach(v -> v.close().toCompletionStage().toCompletableFuture().join());
  }
}

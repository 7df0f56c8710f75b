package io.sandgate.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection to the shared Redis, and whether it can be used right now. A command that fails or
 * outlasts the timeout marks Redis unreachable; from then on callers go to their local limits at
 * once, without waiting on Redis, until a probe (a PING every probe-interval) is answered. Then the
 * recovery listeners run, and the shared limits are back without a restart.
 */
@Singleton
public class RedisLink {

  private final RedisConfig config;
  private final Vertx vertx;
  private final MeterRegistry registry;
  private final Optional<Redis> client;
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final List<Runnable> onRecovery = new CopyOnWriteArrayList<>();
  private volatile String lastFailure = "";

  RedisLink(RedisConfig config, Vertx vertx, MeterRegistry registry) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.client =
        config
            .url()
            .filter(url -> !url.isBlank())
            .map(
                url ->
                    Redis.createClient(
                        vertx,
                        new RedisOptions()
                            .setConnectionString(url)
                            .setMaxPoolSize(8)
                            .setMaxPoolWaiting(512)
                            .setNetClientOptions(
                                new NetClientOptions()
                                    .setConnectTimeout((int) config.timeout().toMillis())
                                    .setTcpNoDelay(true)
                                    .setTcpKeepAlive(true))));
    if (client.isPresent()) {
      Gauge.builder("sandgate.redis.up", reachable, r -> r.get() ? 1 : 0)
          .description(
              "1 while the shared Redis answers and tenant limits hold cluster-wide; 0 while"
                  + " this gateway uses its own limits")
          .register(registry);
    }
  }

  void start(@Observes StartupEvent event) {
    if (client.isEmpty()) {
      return;
    }
    long every = Math.max(50, config.probeInterval().toMillis());
    vertx.setPeriodic(every, id -> probe());
    sendAnyway(
        Request.cmd(Command.PING)); // an unreachable Redis shows at once, not at the first request
  }

  void stop(@Observes ShutdownEvent event) {
    client.ifPresent(Redis::close);
  }

  /** Whether a Redis is configured at all. */
  public boolean configured() {
    return client.isPresent();
  }

  /** Whether the shared limits can be used now: Redis is configured and answered last time. */
  public boolean usable() {
    return client.isPresent() && reachable.get();
  }

  /** What went wrong with Redis last, for the readiness data; empty while it answers. */
  public String lastFailure() {
    return reachable.get() ? "" : lastFailure;
  }

  public RedisConfig config() {
    return config;
  }

  Vertx vertx() {
    return vertx;
  }

  /**
   * Sends one command. Fails after the timeout, or at once when Redis is unreachable; either way
   * Redis counts as unreachable until a probe gets through.
   */
  public CompletableFuture<Response> send(Request request) {
    if (!usable()) {
      return CompletableFuture.failedFuture(new IllegalStateException("Redis is unreachable"));
    }
    return sendAnyway(request);
  }

  private CompletableFuture<Response> sendAnyway(Request request) {
    return timed(request)
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                lost(failure);
              }
            });
  }

  /** The command's answer, or a failure once the timeout has passed. */
  private CompletableFuture<Response> timed(Request request) {
    return client
        .orElseThrow()
        .send(request)
        .toCompletionStage()
        .toCompletableFuture()
        .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code listener} each time Redis answers again after being unreachable. */
  public void onRecovery(Runnable listener) {
    onRecovery.add(listener);
  }

  /** Runs {@code task} every {@code period} on the event loop, while the gateway runs. */
  public void every(Duration period, Runnable task) {
    vertx.setPeriodic(
        Math.max(10, period.toMillis()),
        id -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            Log.warnf(e, "a periodic Redis task failed");
          }
        });
  }

  /** Counts one decision this gateway took on its own limits because Redis could not be used. */
  public void countFallback(String limit) {
    Counter.builder("sandgate.limits.local.fallbacks")
        .description(
            "Limit decisions taken on this gateway's own limits because the shared Redis was unreachable")
        .tag("limit", limit)
        .register(registry)
        .increment();
  }

  private void probe() {
    if (reachable.get()) {
      return;
    }
    timed(Request.cmd(Command.PING))
        .whenComplete(
            (pong, failure) -> {
              if (failure == null && reachable.compareAndSet(false, true)) {
                Log.info("Redis answers again: tenant limits are shared by every gateway again");
                onRecovery.forEach(Runnable::run);
              }
            });
  }

  private void lost(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    lastFailure =
        cause instanceof TimeoutException
            ? "no answer within " + config.timeout().toMillis() + " ms"
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (reachable.compareAndSet(true, false)) {
      Log.warnf(
          "Redis is unreachable (%s): each gateway uses its own tenant limits until Redis answers",
          lastFailure);
    }
  }
}

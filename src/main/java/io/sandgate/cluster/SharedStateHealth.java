package io.sandgate.cluster;

import io.quarkus.scheduler.Scheduled;
import io.sandgate.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data on what the gateways share: the store and Redis. It reports, it never fails the
 * probe: when the shared PostgreSQL or Redis is away it is away for every replica at once, and
 * taking them all out of their Service would turn a degraded gateway (runs go on; limits fall back
 * to each replica's own; function calls and Judge0 reads answer 503) into no gateway at all. Alert
 * on {@code sandgate_redis_up} and on these fields instead. The store is checked in the background,
 * so a probe never waits on a connection timeout.
 */
@ApplicationScoped
class SharedStateHealth {

  /** What the last check found of the store, as readiness shows it. */
  enum StoreState {
    UNKNOWN("unknown"),
    OPENING("opening"),
    UP("up"),
    UNREACHABLE("unreachable");

    final String shown;

    StoreState(String shown) {
      this.shown = shown;
    }
  }

  private final Database store;
  private volatile StoreState storeState = StoreState.UNKNOWN;

  SharedStateHealth(Database store) {
    this.store = store;
  }

  @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkStore() {
    if (!store.isOpen()) {
      storeState = StoreState.OPENING;
      return;
    }
    try (Connection c = store.connection()) {
      storeState = c.isValid(2) ? StoreState.UP : StoreState.UNREACHABLE;
    } catch (SQLException | RuntimeException e) {
      storeState = StoreState.UNREACHABLE;
    }
  }

  @Produces
  @Readiness
  HealthCheck sharedState(RedisLink redis) {
    return () -> {
      String limits =
          !redis.configured() ? "local" : redis.usable() ? "cluster" : "local (Redis unreachable)";
      var response =
          HealthCheckResponse.named("shared-state")
              .up()
              .withData("store", storeState.shown)
              .withData(
                  "redis",
                  !redis.configured() ? "not configured" : redis.usable() ? "up" : "unreachable")
              .withData("limits", limits);
      if (!redis.lastFailure().isEmpty()) {
        response.withData("redisFailure", redis.lastFailure());
      }
      return response.build();
    };
  }
}

package io.sandgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.DockerCli;
import io.sandgate.testing.GatewayProcess;
import io.sandgate.testing.PoolProbe;
import io.sandgate.testing.PostgresServer;
import io.sandgate.testing.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one engine, one real Redis and one real PostgreSQL, as two replicas of a
 * deployment: a tenant's limits hold for both together, a replica killed with SIGKILL frees its
 * tenant's slot within the lease TTL, Redis stopped and started again mid-test degrades the limits
 * to each replica's own and back, and what one replica stores the other reads.
 */
class TwoReplicasIT {

  private static final Duration LEASE_TTL = Duration.ofSeconds(4);

  /** 6 requests per hour, one run at once. */
  private static final String COUNTED = "counted-key-2f9a41";

  /** One run at once, any number of requests. */
  private static final String SOLO = "solo-key-8e13c7";

  private final RedisServer redis = RedisServer.start();
  private final List<GatewayProcess> gateways = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (GatewayProcess g : gateways) {
      g.close();
    }
    redis.close();
  }

  private GatewayProcess replica(String name, int port, int managementPort, String store)
      throws Exception {
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                "sandgate.pool.size",
                "2",
                "sandgate.redis.url",
                redis.url(),
                "sandgate.redis.lease-ttl",
                LEASE_TTL.toSeconds() + "s",
                "sandgate.store.url",
                store,
                "sandgate.store.username",
                PostgresServer.user()));
    config.putAll(
        Map.of(
            "sandgate.tenants.counted.api-key", COUNTED,
            "sandgate.tenants.counted.rate.limit", "6",
            "sandgate.tenants.counted.rate.period", "1h",
            "sandgate.tenants.solo.api-key", SOLO,
            "sandgate.tenants.solo.rate.limit", "100000",
            "sandgate.tenants.solo.rate.period", "1s",
            "sandgate.tenants.solo.max-concurrent", "1"));
    GatewayProcess gateway =
        GatewayProcess.start(
            "it-replica-" + name + "-" + UUID.randomUUID().toString().substring(0, 6),
            port,
            managementPort,
            config);
    gateways.add(gateway);
    return gateway;
  }

  private List<GatewayProcess> twoReplicas() throws Exception {
    String store = PostgresServer.get().newDatabase();
    return List.of(replica("a", 18187, 19197, store), replica("b", 18188, 19198, store));
  }

  private static HttpResponse<String> get(GatewayProcess g, String key, String path)
      throws Exception {
    return g.send(key, "GET", path, "application/json", null);
  }

  private static HttpResponse<String> run(GatewayProcess g, String key, String code, int timeoutMs)
      throws Exception {
    String json =
        "{\"runtime\": \"python3\", \"timeoutMs\": " + timeoutMs + ", \"code\": \"" + code + "\"}";
    return g.send(key, "POST", "/v1/executions", "application/json", json);
  }

  private static int allowedOf(List<GatewayProcess> replicas, int requests) throws Exception {
    int allowed = 0;
    for (int i = 0; i < requests; i++) {
      allowed +=
          get(replicas.get(i % replicas.size()), COUNTED, "/v1/runtimes").statusCode() == 200
              ? 1
              : 0;
    }
    return allowed;
  }

  @Test
  void aTenantsLimitsHoldForBothReplicasAndAKilledReplicasSlotFreesAfterTheTtl() throws Exception {
    List<GatewayProcess> replicas = twoReplicas();
    GatewayProcess a = replicas.get(0);
    GatewayProcess b = replicas.get(1);

    List<String> remaining = new ArrayList<>();
    int allowed = 0;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = get(replicas.get(i % 2), COUNTED, "/v1/runtimes");
      if (r.statusCode() == 200) {
        allowed++;
        remaining.add(r.headers().firstValue("RateLimit-Remaining").orElseThrow());
      } else {
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(r.body().contains("rate-limited"), r.body());
      }
    }
    assertEquals(6, allowed, "6 requests per hour in total, whichever replica answers");
    assertEquals(
        List.of("5", "4", "3", "2", "1", "0"),
        remaining,
        "RateLimit-Remaining counts both replicas");

    // A run on a holds the tenant's one slot: b refuses while it lasts, and admits after.
    CompletableFuture<HttpResponse<String>> holding = holdTheSlot(a, 8);
    HttpResponse<String> refused = run(b, SOLO, "print(1)", 5_000);
    if (!holding.isDone()) {
      assertEquals(429, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("concurrency-limited"), refused.body());
    }
    assertTrue(holding.join().body().contains("held"), holding.join().body());
    PoolProbe.await(
        () -> call(() -> run(b, SOLO, "print(1)", 5_000)).statusCode() == 200,
        "the slot to be free once a's run is over");

    // SIGKILL a while its run holds the slot: nobody releases it, the lease's TTL does.
    holdTheSlot(a, 25);
    a.kill();
    long killed = System.nanoTime();
    HttpResponse<String> stillHeld = run(b, SOLO, "print(1)", 5_000);
    if (Duration.ofNanos(System.nanoTime() - killed).compareTo(LEASE_TTL) < 0) {
      assertEquals(
          429, stillHeld.statusCode(), "within the TTL the killed replica's slot still counts");
    }
    PoolProbe.await(
        () -> call(() -> run(b, SOLO, "print(1)", 5_000)).statusCode() == 200,
        "the killed replica's slot to free itself");
    Duration freedAfter = Duration.ofNanos(System.nanoTime() - killed);
    System.out.printf(
        "slot of the killed replica free after %d ms (lease TTL %d ms)%n",
        freedAfter.toMillis(), LEASE_TTL.toMillis());
    assertTrue(
        freedAfter.compareTo(Duration.ofSeconds(20)) < 0,
        "freed by the TTL, long before the killed run would have ended: " + freedAfter);
    PoolProbe.await(
        () ->
            DockerCli.docker(
                    List.of(
                        "docker",
                        "ps",
                        "-aq",
                        "--filter",
                        "label=io.sandgate.instance=" + a.instanceId()))
                .isBlank(),
        "replica b to reap the killed one's sandboxes");
  }

  @Test
  void withRedisStoppedEachReplicaKeepsItsOwnLimitsAndSharesThemAgainWhenItIsBack()
      throws Exception {
    List<GatewayProcess> replicas = twoReplicas();
    redis.stop();
    for (GatewayProcess g : replicas) {
      assertEquals(
          6,
          allowedOf(List.of(g), 7),
          "each replica on its own bucket: limited, not refused outright");
      String ready = g.management("/q/health/ready");
      assertTrue(
          ready.matches("(?s)\\{\\s*\"status\":\\s*\"UP\".*"), "the probe stays UP: " + ready);
      assertTrue(ready.contains("local (Redis unreachable)"), ready);
      assertTrue(
          g.management("/q/metrics").contains("sandgate_redis_up 0.0"), "the metric says so");
      assertEquals(200, run(g, SOLO, "print(1)", 5_000).statusCode(), "runs go on");
    }
    redis.startAgain();
    for (GatewayProcess g : replicas) {
      PoolProbe.await(
          () -> call(() -> g.management("/q/metrics")).contains("sandgate_redis_up 1.0"),
          g.instanceId() + " to see Redis back");
    }
    assertEquals(
        6,
        allowedOf(replicas, 8),
        "shared again without a restart (a restarted Redis starts afresh)");
    assertTrue(
        metric(
                replicas.get(0).management("/q/metrics"),
                "sandgate_limits_local_fallbacks_total\\{limit=\"rate\"\\}")
            >= 7);
  }

  @Test
  void whatOneReplicaStoresTheOtherReads() throws Exception {
    List<GatewayProcess> replicas = twoReplicas();
    GatewayProcess a = replicas.get(0);
    GatewayProcess b = replicas.get(1);
    String function =
        "{\"code\": \"def handler(event):\\n    return 'from the store'\\n\", \"runtime\": \"python3\"}";
    assertEquals(201, a.send("PUT", "/v1/functions/shared", function).statusCode());
    HttpResponse<String> called = b.send("GET", "/fn/it/shared", null);
    assertEquals(200, called.statusCode(), called.body());
    assertEquals("from the store", called.body());

    // A public function's own rate (2 per hour) holds across both replicas too, without a key.
    String open =
        "{\"code\": \"def handler(event):\\n    return 'open'\\n\", \"runtime\": \"python3\","
            + " \"public\": true, \"rate\": {\"limit\": 2, \"period\": \"1h\"}}";
    assertEquals(201, a.send("PUT", "/v1/functions/open", open).statusCode());
    List<Integer> anonymous = new ArrayList<>();
    for (GatewayProcess g : List.of(a, b, a)) {
      anonymous.add(g.send("no-key", "GET", "/fn/it/open", "application/json", null).statusCode());
    }
    assertEquals(List.of(200, 200, 429), anonymous, "2 calls in total, whichever replica answers");

    HttpResponse<String> accepted =
        a.send(
            "POST",
            "/submissions?base64_encoded=false",
            "{\"source_code\": \"print(6 * 7)\", \"language_id\": 71}");
    assertEquals(201, accepted.statusCode(), accepted.body());
    Matcher token = Pattern.compile("\"token\":\"([0-9a-f-]+)\"").matcher(accepted.body());
    assertTrue(token.find(), accepted.body());
    PoolProbe.await(
        () ->
            call(() ->
                    b.send("GET", "/submissions/" + token.group(1) + "?base64_encoded=false", null))
                .body()
                .contains("\"stdout\":\"42\\n\""),
        "replica b to read the submission replica a ran");
  }

  /**
   * Starts a run of {@code seconds} on {@code g} as the one-slot tenant, once its lease is in
   * Redis.
   */
  private CompletableFuture<HttpResponse<String>> holdTheSlot(GatewayProcess g, int seconds) {
    PoolProbe.await(
        () -> "0".equals(redis.command("ZCARD", "sandgate:slots:solo")), "the slot to be free");
    CompletableFuture<HttpResponse<String>> holding =
        CompletableFuture.supplyAsync(
            () ->
                call(
                    () ->
                        run(
                            g,
                            SOLO,
                            "import time; time.sleep(" + seconds + "); print('held')",
                            (seconds + 5) * 1000)));
    PoolProbe.await(
        () -> {
          if (holding.isDone()) {
            throw new AssertionError("the run was to hold the slot: " + holding.join().body());
          }
          return "1".equals(redis.command("ZCARD", "sandgate:slots:solo"));
        },
        "the run's lease in Redis");
    return holding;
  }

  private static double metric(String metrics, String name) {
    Matcher m = Pattern.compile("^" + name + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.sandgate.pool;

import static io.sandgate.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sandgate.sandbox.SandboxRuntime;
import io.sandgate.testing.DockerCli;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A burst of long runs against a cap of four: never more than four containers, every request one
 * answer.
 */
@QuarkusTest
@QuarkusTestResource(io.sandgate.testing.DockerEngine.class)
@TestProfile(CapacityCapTest.CapOfFour.class)
class CapacityCapTest {

  /** Two warm, four at most. */
  public static class CapOfFour implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.pool.size",
          "2",
          "sandgate.pool.max-sandboxes",
          "4",
          "sandgate.tenants.greedy.api-key",
          GREEDY_KEY,
          "sandgate.tenants.greedy.max-concurrent",
          "2");
    }
  }

  static final String GREEDY_KEY = "greedy-key-0123456789";

  @Inject PoolProbe pool;

  @Inject SandboxRuntime runtime;

  @Test
  void aTenantsQuotaLeavesTheRestOfTheCapToOthers() throws Exception {
    pool.awaitFull();
    ExecutorService clients = Executors.newFixedThreadPool(5);
    try {
      List<Future<Response>> greedy = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        greedy.add(
            clients.submit(
                () ->
                    RestAssured.given()
                        .header("Authorization", "Bearer " + GREEDY_KEY)
                        .contentType("text/plain")
                        .body("import time; time.sleep(4)")
                        .when()
                        .post("/v1/executions")));
      }
      PoolProbe.await(() -> pool.snapshot().leased() == 2, "the greedy tenant's two runs to start");
      // Two of the four places are the greedy tenant's; another tenant is served at once, beside
      // them.
      given()
          .contentType("text/plain")
          .body("print('served')")
          .when()
          .post("/v1/executions")
          .then()
          .statusCode(200);
      int ran = 0;
      int refused = 0;
      for (Future<Response> f : greedy) {
        Response r = f.get();
        if (r.statusCode() == 200) {
          ran++;
        } else {
          assertEquals(429, r.statusCode(), r.asString());
          assertEquals(
              "https://sandgate.io/problems/concurrency-limited", r.jsonPath().getString("type"));
          refused++;
        }
      }
      assertEquals(2, ran, "the quota, not the cap, bounds one tenant");
      assertEquals(3, refused);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void tenLongRunsNeverMakeMoreThanFourSandboxes() throws Exception {
    pool.awaitFull();
    AtomicInteger most = new AtomicInteger();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                int live =
                    DockerCli.docker(
                            List.of(
                                "docker",
                                "ps",
                                "-aq",
                                "--filter",
                                "label=io.sandgate.instance=" + runtime.instanceId()))
                        .strip()
                        .lines()
                        .toList()
                        .size();
                most.accumulateAndGet(live, Math::max);
              }
            });
    sampler.start();
    ExecutorService clients = Executors.newFixedThreadPool(10);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Response>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return given()
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "runtime",
                              "python3",
                              "code",
                              "import time; time.sleep(5); print('done')"))
                      .when()
                      .post("/v1/executions");
                }));
      }
      go.countDown();
      int done = 0;
      int refused = 0;
      for (Future<Response> f : answers) {
        Response r = f.get();
        if (r.statusCode() == 200) {
          assertEquals("done\n", r.jsonPath().getString("stdout"));
          done++;
        } else {
          assertEquals(503, r.statusCode(), r.asString());
          assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
          refused++;
        }
      }
      assertTrue(done >= 4, done + " ran: the four the cap allows at least");
      assertTrue(refused >= 1, "ten 5-second runs cannot all fit four sandboxes within a 5 s wait");
    } finally {
      clients.shutdownNow();
      sampling.set(false);
      sampler.join();
    }
    assertTrue(most.get() <= 4, most.get() + " containers at once, over the cap of 4");
    assertTrue(most.get() >= 3, "the burst reached the cap (" + most.get() + ")");
    String metrics = RestAssured.given().port(9001).get("/q/metrics").asString();
    assertTrue(metrics.contains("sandgate_pool_capacity 4.0"), metrics);
    assertTrue(
        metrics.contains("sandgate_pool_refusals_total{reason=\"wait_timed_out\"}"), metrics);
    // Readiness is about failure, not load: UP throughout, and after.
    assertEquals(200, RestAssured.given().port(9001).get("/q/health/ready").statusCode());
    pool.awaitFull();
  }
}

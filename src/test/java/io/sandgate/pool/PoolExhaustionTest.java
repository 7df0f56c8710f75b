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
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A pool too small for the load answers 503 with Retry-After, and every request gets exactly one
 * answer.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(PoolExhaustionTest.TinyPool.class)
class PoolExhaustionTest {

  /** One sandbox, a short wait, one waiter. */
  public static class TinyPool implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.pool.size", "1",
          "sandgate.pool.acquire-timeout", "200ms",
          "sandgate.pool.max-waiters", "1",
          "sandgate.pool.max-parallel-creations", "1");
    }
  }

  @Inject PoolProbe pool;

  @Test
  void readinessStaysUpWhileEverySandboxIsBusy() throws Exception {
    pool.awaitFull();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      List<Future<Response>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(
            executor.submit(
                () ->
                    given()
                        .contentType(ContentType.JSON)
                        .body(Map.of("code", "import time; time.sleep(3)", "runtime", "python3"))
                        .when()
                        .post("/v1/executions")));
      }
      int saturated = 0;
      for (int i = 0; i < 25; i++) {
        Response ready = RestAssured.given().port(9001).get("/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.asString());
        Map<?, ?> data = ready.jsonPath().getMap("checks.find { it.name == 'sandbox-pool' }.data");
        if (((Number) data.get("ready")).intValue() == 0
            && ((Number) data.get("leased")).intValue() >= 1) {
          saturated++;
        }
        Thread.sleep(100);
      }
      assertTrue(saturated > 0, "the pool was seen with every sandbox busy");
      for (Future<Response> run : runs) {
        run.get();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void exhaustedPoolAnswers503WithRetryAfter() throws Exception {
    pool.awaitFull();
    int clients = 6;
    ExecutorService executor = Executors.newFixedThreadPool(clients);
    List<Future<Response>> answers = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < clients; i++) {
        answers.add(
            executor.submit(
                () -> {
                  start.await();
                  return given()
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "code",
                              "import time, socket; time.sleep(2); print(socket.gethostname())",
                              "runtime",
                              "python3"))
                      .when()
                      .post("/v1/executions");
                }));
      }
      start.countDown();
      int ok = 0;
      int unavailable = 0;
      Set<String> sandboxes = new HashSet<>();
      for (Future<Response> f : answers) {
        Response r = f.get();
        if (r.statusCode() == 200) {
          sandboxes.add(r.jsonPath().getString("stdout"));
          ok++;
        } else {
          assertEquals(503, r.statusCode(), r.asString());
          assertEquals("application/problem+json", r.contentType());
          assertEquals(
              "https://sandgate.io/problems/no-sandbox-available", r.jsonPath().getString("type"));
          assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
          unavailable++;
        }
      }
      assertTrue(ok >= 1, "the ready sandbox served someone");
      assertEquals(ok, sandboxes.size(), "every run had a sandbox of its own");
      // One sandbox ready, one waiter allowed, and perhaps one more made within the 200 ms wait:
      // the queue's bound turns the rest away.
      assertTrue(unavailable >= clients - 3, ok + " ran, " + unavailable + " refused");
    } finally {
      executor.shutdownNow();
    }
    pool.awaitFull();
    given()
        .contentType("text/plain")
        .body("print('after')")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200);
  }
}

package io.sandgate.pool;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.DockerSocketProxy;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine goes away and comes back: 503 with Retry-After meanwhile, readiness DOWN, then healing
 * by itself.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@QuarkusTestResource(value = DockerSocketProxy.class, restrictToAnnotatedClass = true)
@TestProfile(EngineOutageTest.SmallPool.class)
class EngineOutageTest {

  /** One sandbox, checks every half second. */
  public static class SmallPool implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.pool.size", "1",
          "sandgate.pool.refill-interval", "500ms",
          "sandgate.pool.acquire-timeout", "500ms",
          "sandgate.pool.max-backoff", "1s");
    }
  }

  @Inject PoolProbe pool;

  @Test
  void engineOutageIs503ThenHealsWithoutRestart() {
    pool.awaitFull();
    DockerSocketProxy.cut();
    try {
      // The one warm sandbox may still serve (it needs no engine); after it, nothing can be made.
      PoolProbe.await(() -> post().statusCode() == 503, "a 503 while the engine is away");
      Response unavailable = post();
      assertEquals(503, unavailable.statusCode());
      assertEquals(
          "https://sandgate.io/problems/no-sandbox-available",
          unavailable.jsonPath().getString("type"));
      assertTrue(Integer.parseInt(unavailable.header("Retry-After")) >= 1);
      given()
          .port(9001)
          .when()
          .get("/q/health/ready")
          .then()
          .statusCode(503)
          .body("status", equalTo("DOWN"))
          .body("checks.find { it.name == 'sandbox-pool' }.data.engine", equalTo("down"));
      given().port(9001).when().get("/q/health/live").then().statusCode(200);
    } finally {
      DockerSocketProxy.restore();
    }
    pool.awaitFull();
    given().port(9001).when().get("/q/health/ready").then().statusCode(200);
    post().then().statusCode(200).body("stdout", equalTo("back\n"));
  }

  private static Response post() {
    return given().contentType("text/plain").body("print('back')").when().post("/v1/executions");
  }
}

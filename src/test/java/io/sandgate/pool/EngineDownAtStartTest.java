package io.sandgate.pool;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no engine at all the gateway still starts, is live but not ready, and answers 503. */
@QuarkusTest
@TestProfile(EngineDownAtStartTest.NoEngine.class)
class EngineDownAtStartTest {

  /** An engine address where nothing listens. */
  public static class NoEngine implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.sandbox.docker.host", "unix:///tmp/sandgate-no-engine-here.sock",
          "sandgate.sandbox.image-build", "never");
    }
  }

  @Test
  void startsLiveNotReadyAndAnswers503() {
    given().port(9001).when().get("/q/health/live").then().statusCode(200);
    given()
        .port(9001)
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'sandbox-pool' }.data.engine", equalTo("down"));
    given()
        .contentType("text/plain")
        .body("print(1)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("type", equalTo("https://sandgate.io/problems/no-sandbox-available"));
    given().when().get("/v1/runtimes").then().statusCode(503).header("Retry-After", notNullValue());
  }
}

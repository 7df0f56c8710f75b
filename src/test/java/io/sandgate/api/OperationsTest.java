package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics on the management port, the OpenAPI description, and an access log without secrets. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class OperationsTest {

  @Inject PoolProbe pool;

  @Test
  void metricsCoverPoolExecutionsAndRejections() {
    pool.awaitFull();
    given()
        .contentType("text/plain")
        .body("print(1)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200);
    given()
        .contentType("application/json")
        .body("{\"code\": \"while True: pass\", \"timeoutMs\": 300}")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200);
    RestAssured.given().when().get("/v1/runtimes").then().statusCode(401);
    String metrics =
        RestAssured.given()
            .port(9001)
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    for (String expected :
        new String[] {
          "sandgate_pool_ready ",
          "sandgate_pool_leased ",
          "sandgate_pool_creating ",
          "sandgate_pool_waiters ",
          "sandgate_pool_target 3.0",
          "sandgate_agent_answer_bytes ",
          "sandgate_containers_created_total ",
          "sandgate_containers_destroyed_total ",
          "sandgate_container_ready_seconds_count ",
          "sandgate_pool_wait_seconds_bucket",
          "sandgate_executions_seconds_count{outcome=\"ok\",runtime=\"pypy3\"}",
          "sandgate_executions_seconds_count{outcome=\"timeout\",runtime=\"pypy3\"}",
          "sandgate_executions_seconds_bucket{outcome=\"ok\",runtime=\"pypy3\"",
          "sandgate_rejections_total{reason=\"auth\",tenant=\"-\"}"
        }) {
      assertTrue(metrics.contains(expected), "missing " + expected);
    }
    assertFalse(metrics.contains(Api.KEY), "no key in metrics");
    // Metrics stay off the public port.
    RestAssured.given().when().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void openApiDescribesBothEndpointsAndEveryProblem() {
    var spec =
        RestAssured.given()
            .port(9001)
            .accept("application/json")
            .when()
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String post = "paths.'/v1/executions'.post";
    assertTrue(
        spec.getMap(post + ".responses")
            .keySet()
            .containsAll(List.of("200", "400", "401", "413", "415", "429", "502", "503")),
        spec.getMap(post + ".responses").keySet().toString());
    assertThat(spec.get(post + ".requestBody.content.'application/json'.examples"), notNullValue());
    assertThat(
        spec.get(post + ".responses.'400'.content.'application/problem+json'.example.type"),
        equalTo("https://sandgate.io/problems/invalid-request"));
    assertThat(
        spec.getMap("paths.'/v1/runtimes'.get.responses").keySet(),
        hasItems("200", "401", "429", "503"));
    assertThat(spec.getMap("components.securitySchemes").keySet(), hasItems("bearer", "apiKey"));
    RestAssured.given()
        .port(9001)
        .when()
        .get("/q/swagger-ui/")
        .then()
        .statusCode(200)
        .body(containsString("swagger"));
  }

  @Test
  void accessLogHasNoSecrets() {
    try (LogCapture logs = LogCapture.start()) {
      given()
          .contentType("text/plain")
          .body("print('visible?')")
          .when()
          .post("/v1/executions")
          .then()
          .statusCode(200);
      PoolProbe.await(
          () ->
              logs.lines().stream()
                  .anyMatch(l -> l.contains("\"POST /v1/executions HTTP/1.1\" 200")),
          "the access log line");
      for (String line : logs.lines()) {
        assertFalse(line.contains(Api.KEY), line);
        assertFalse(line.contains("visible?"), "program text in logs: " + line);
      }
    }
  }
}

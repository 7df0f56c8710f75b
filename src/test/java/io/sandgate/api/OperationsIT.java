package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.sandgate.testing.Api;
import io.sandgate.testing.Management;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health probes, metrics and the API description of the packaged gateway, on the management port
 * only.
 */
@QuarkusIntegrationTest
class OperationsIT {

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  @Test
  void healthProbesAreUp() {
    Management.given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'sandbox-pool' }.data.engine", equalTo("up"));
    Management.given()
        .when()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
    Management.given()
        .when()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'store-open' }.status", equalTo("UP"));
    RestAssured.given().when().get("/q/health/ready").then().statusCode(404);
  }

  @Test
  void metricsCountARun() {
    given()
        .contentType("text/plain")
        .body("print(1)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200);
    String metrics =
        Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String expected :
        new String[] {
          "sandgate_pool_ready ",
          "sandgate_pool_target 3.0",
          "sandgate_containers_created_total ",
          "sandgate_executions_seconds_count{outcome=\"ok\",runtime=\"pypy3\"}"
        }) {
      assertTrue(metrics.contains(expected), "missing " + expected);
    }
    assertFalse(metrics.contains(Api.KEY), "no key in metrics");
    RestAssured.given().when().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void theApiDescriptionIsServedButNoSwaggerUiInProduction() {
    Management.given()
        .accept("application/json")
        .when()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("info.title", equalTo("Sandgate"))
        .body("paths.'/v1/executions'.post.responses.'429'", notNullValue());
    Management.given()
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/v1/executions:"));
    Management.given().when().get("/q/swagger-ui/").then().statusCode(404);
  }
}

package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static io.sandgate.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.sandgate.testing.Management;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input answers its problem from the packaged gateway: 400 (the JVM test's
 * cases), 401, 404, 413, 415.
 */
@QuarkusIntegrationTest
class BadInputIT {

  private static final String INVALID = "The request is not valid";
  private static final String TOO_LARGE = "The request is too large";

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  @ParameterizedTest
  @MethodSource("io.sandgate.api.BadInputTest#badJson")
  void badJsonIs400(String body, String detail) {
    assertProblem(
            given().contentType(ContentType.JSON).body(body).when().post("/v1/executions"),
            400,
            "invalid-request",
            INVALID)
        .body("detail", containsString(detail));
  }

  @Test
  void invalidUtf8ProgramIs400() {
    assertProblem(
            given()
                .contentType("text/plain")
                .body(new byte[] {'p', (byte) 0xff, 'x'})
                .when()
                .post("/v1/executions"),
            400,
            "invalid-request",
            INVALID)
        .body("detail", containsString("UTF-8"));
  }

  @Test
  void bodyOverTheLimitIs413() {
    assertProblem(
        given()
            .contentType("text/plain")
            .body(new byte[8 * 1024 * 1024 + 1])
            .when()
            .post("/v1/executions"),
        413,
        "payload-too-large",
        TOO_LARGE);
  }

  @Test
  void codeOverTheLimitIs413() {
    assertProblem(
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("code", "#".repeat(256 * 1024 + 1)))
                .when()
                .post("/v1/executions"),
            413,
            "payload-too-large",
            TOO_LARGE)
        .body("detail", containsString("the limit is 262144 bytes"));
  }

  @Test
  void otherContentTypesAre415() {
    assertProblem(
        given()
            .contentType("application/xml")
            .body("<code>print(1)</code>")
            .when()
            .post("/v1/executions"),
        415,
        "unsupported-media-type",
        "Unsupported content type");
  }

  @Test
  void noKeyOrAWrongKeyIs401() {
    assertProblem(
            RestAssured.given()
                .contentType("text/plain")
                .body("print(1)")
                .when()
                .post("/v1/executions"),
            401,
            "unauthorized",
            "A valid API key is required")
        .header("WWW-Authenticate", startsWith("Bearer"));
    String wrong = "wrong-key-never-echoed";
    assertProblem(
            RestAssured.given()
                .header("Authorization", "Bearer " + wrong)
                .when()
                .get("/v1/runtimes"),
            401,
            "unauthorized",
            "A valid API key is required")
        .body(not(containsString(wrong)));
  }

  @Test
  void unknownPathAndMethodAreProblems() {
    assertProblem(given().when().get("/v1/nothing-here"), 404, "not-found", "No such resource");
    assertProblem(
        given().when().get("/v1/executions"), 405, "method-not-allowed", "Method not allowed");
  }
}

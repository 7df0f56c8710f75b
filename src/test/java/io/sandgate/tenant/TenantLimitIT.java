package io.sandgate.tenant;

import static io.sandgate.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.sandgate.testing.Api;
import io.sandgate.testing.Management;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's request rate, enforced by the packaged gateway with Retry-After and RateLimit-*
 * headers.
 */
@QuarkusIntegrationTest
class TenantLimitIT {

  /** The test profile's 'limited' tenant: 2 requests per hour. */
  private static final String LIMITED_KEY = "limited-key-5b8e0c";

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  static Response run(String key, String code) {
    return RestAssured.given()
        .header("X-API-Key", key)
        .contentType("text/plain")
        .body(code)
        .when()
        .post("/v1/executions");
  }

  @Test
  void thirdRequestInTheHourIs429WhileAnotherTenantIsUntouched() {
    run(LIMITED_KEY, "print(1)")
        .then()
        .statusCode(200)
        .header("RateLimit-Limit", "2")
        .header("RateLimit-Remaining", "1");
    run(LIMITED_KEY, "print(2)")
        .then()
        .statusCode(200)
        .header("RateLimit-Limit", "2")
        .header("RateLimit-Remaining", "0");

    Response limited = run(LIMITED_KEY, "print(3)");
    assertProblem(limited, 429, "rate-limited", "Request rate limit reached");
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(
        retryAfter >= 1 && retryAfter <= 1800, "one request back every 30 min: " + retryAfter);
    assertEquals("2", limited.header("RateLimit-Limit"));
    assertEquals("0", limited.header("RateLimit-Remaining"));
    assertTrue(
        Long.parseLong(limited.header("RateLimit-Reset")) > 0, limited.header("RateLimit-Reset"));

    run(Api.KEY, "print('fine')").then().statusCode(200).body("stdout", equalTo("fine\n"));
  }
}

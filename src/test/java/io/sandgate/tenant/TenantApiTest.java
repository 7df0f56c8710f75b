package io.sandgate.tenant;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** API keys, rate limits and concurrency quotas, over real runs. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(TenantApiTest.Tenants.class)
class TenantApiTest {

  static final String TIGHT_KEY = "tight-key-3f9a";
  static final String OTHER_KEY = "other-key-77b1";
  static final String SINGLE_KEY = "single-key-c2d4";
  static final String HASHED_KEY = "hashed-key-e5f6";

  /** Four tenants with different limits; one configured by hash only. */
  public static class Tenants implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.tenants.tight.api-key",
          TIGHT_KEY,
          "sandgate.tenants.tight.rate.limit",
          "2",
          "sandgate.tenants.tight.rate.period",
          "1h",
          "sandgate.tenants.other.api-key",
          OTHER_KEY,
          "sandgate.tenants.single.api-key",
          SINGLE_KEY,
          "sandgate.tenants.single.max-concurrent",
          "1",
          "sandgate.tenants.single.max-timeout",
          "5s",
          "sandgate.tenants.hashed.api-key-sha256",
          HexFormat.of().formatHex(TenantRegistry.sha256(HASHED_KEY)),
          "sandgate.pool.size",
          "3");
    }
  }

  @Inject Rejections rejections;

  @Inject PoolProbe pool;

  static Response run(String header, String value, String code) {
    return RestAssured.given()
        .header(header, value)
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "runtime", "python3"))
        .when()
        .post("/v1/executions");
  }

  @Test
  void noKeyIs401WithChallenge() {
    RestAssured.given()
        .contentType("text/plain")
        .body("print(1)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .contentType("application/problem+json")
        .body("type", equalTo("https://sandgate.io/problems/unauthorized"))
        .body("detail", containsString("Authorization: Bearer"));
    RestAssured.given().when().get("/v1/runtimes").then().statusCode(401);
    RestAssured.given().when().get("/v1/no-such-thing").then().statusCode(401);
  }

  @Test
  void wrongKeyIs401AndNotEchoed() {
    String wrong = "wrong-key-should-not-echo";
    Response r = run("Authorization", "Bearer " + wrong, "print(1)");
    assertEquals(401, r.statusCode());
    assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"));
    assertFalse(r.asString().contains(wrong));
    assertEquals(401, run("X-API-Key", OTHER_KEY + "x", "print(1)").statusCode());
    assertEquals(401, run("Authorization", "Basic " + OTHER_KEY, "print(1)").statusCode());
  }

  @Test
  void bothHeaderFormsWorkAndCarryRateLimitHeaders() {
    run("Authorization", "Bearer " + OTHER_KEY, "print('bearer')")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("bearer\n"))
        .header("RateLimit-Limit", "120")
        .header("RateLimit-Remaining", notNullValue())
        .header("RateLimit-Reset", notNullValue());
    run("X-API-Key", OTHER_KEY, "print('header')")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("header\n"));
    run("X-API-Key", HASHED_KEY, "print('hashed')")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("hashed\n"));
    // Errors of an authenticated request carry them too.
    RestAssured.given()
        .header("X-API-Key", OTHER_KEY)
        .contentType(ContentType.JSON)
        .body("{}")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(400)
        .header("RateLimit-Limit", "120");
  }

  @Test
  void tightTenantHits429WhileAnotherIsUntouched() {
    long before = rejections.count("tight", Rejections.Reason.RATE);
    run("X-API-Key", TIGHT_KEY, "print(1)")
        .then()
        .statusCode(200)
        .header("RateLimit-Remaining", "1");
    run("X-API-Key", TIGHT_KEY, "print(2)")
        .then()
        .statusCode(200)
        .header("RateLimit-Remaining", "0");
    Response limited = run("X-API-Key", TIGHT_KEY, "print(3)");
    assertEquals(429, limited.statusCode());
    assertEquals("application/problem+json", limited.contentType());
    assertEquals("https://sandgate.io/problems/rate-limited", limited.jsonPath().getString("type"));
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 1800, "one token per 30 min: " + retryAfter);
    assertEquals("2", limited.header("RateLimit-Limit"));
    assertEquals("0", limited.header("RateLimit-Remaining"));
    assertTrue(Long.parseLong(limited.header("RateLimit-Reset")) > 0);
    assertEquals(before + 1, rejections.count("tight", Rejections.Reason.RATE));
    run("X-API-Key", OTHER_KEY, "print('fine')")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("fine\n"));
  }

  @Test
  void secondParallelRunOfSingleTenantIs429ThenFreeAgain() {
    CompletableFuture<Response> slow =
        CompletableFuture.supplyAsync(
            () -> run("X-API-Key", SINGLE_KEY, "import time; time.sleep(3); print('slow')"));
    try {
      // Once its sandbox is leased, the slow run holds the tenant's only slot.
      PoolProbe.await(() -> pool.snapshot().leased() == 1, "the slow run to start");
      Response second = run("X-API-Key", SINGLE_KEY, "print('second')");
      assertEquals(429, second.statusCode());
      assertEquals(
          "https://sandgate.io/problems/concurrency-limited", second.jsonPath().getString("type"));
      assertTrue(Long.parseLong(second.header("Retry-After")) >= 1);
      // Another tenant is not affected meanwhile.
      run("X-API-Key", OTHER_KEY, "print('other')").then().statusCode(200);
    } finally {
      assertEquals("slow\n", slow.join().jsonPath().getString("stdout"));
    }
    run("X-API-Key", SINGLE_KEY, "print('again')")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("again\n"));
    assertTrue(rejections.count("single", Rejections.Reason.CONCURRENCY) >= 1);
  }

  @Test
  void maxTimeoutCapsTimeoutMs() {
    RestAssured.given()
        .header("X-API-Key", SINGLE_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("code", "pass", "timeoutMs", 5001))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(400)
        .body("detail", containsString("between 1 and 5000"));
  }

  @Test
  void keysNeverAppearInLogs() {
    try (LogCapture logs = LogCapture.start()) {
      run("X-API-Key", OTHER_KEY, "print(1)").then().statusCode(200);
      run("Authorization", "Bearer not-a-real-key-9d8c", "print(1)").then().statusCode(401);
      run("X-API-Key", TIGHT_KEY, "raise SystemExit(3)");
      run("X-API-Key", OTHER_KEY, "{").then().statusCode(200);
      assertTrue(
          logs.lines().stream().anyMatch(l -> l.contains("tenant=other")), "runs are logged");
      for (String line : logs.lines()) {
        for (String key :
            new String[] {OTHER_KEY, TIGHT_KEY, "not-a-real-key-9d8c", SINGLE_KEY, HASHED_KEY}) {
          assertFalse(line.contains(key), "a key was logged: " + line);
        }
      }
    }
  }
}

package io.sandgate.compat.judge0;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sandgate.store.Database;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one tenant can do to others through Judge0's asynchronous path, over real runs: its backlog
 * does not hold another tenant's submission up behind all of it (the queue serves tenants in turn),
 * and a batch spends one request of the rate per submission, all or none.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(Judge0FairnessTest.Tenants.class)
class Judge0FairnessTest {

  static final String PROMPT_KEY = "prompt-key-4e7a";
  static final String FIVE_KEY = "five-key-9c3d";
  static final String THREE_KEY = "three-key-2b8f";
  private static final int WORKERS = 2;

  /**
   * Two workers; 'prompt', a second tenant with room for polling; 'five' and 'three', tenants whose
   * buckets hold 5 and 3 requests an hour.
   */
  public static class Tenants implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.judge0.workers",
          Integer.toString(WORKERS),
          "sandgate.tenants.prompt.api-key",
          PROMPT_KEY,
          "sandgate.tenants.prompt.rate.limit",
          "100000",
          "sandgate.tenants.prompt.rate.period",
          "1s",
          "sandgate.tenants.five.api-key",
          FIVE_KEY,
          "sandgate.tenants.five.rate.limit",
          "5",
          "sandgate.tenants.five.rate.period",
          "1h",
          "sandgate.tenants.three.api-key",
          THREE_KEY,
          "sandgate.tenants.three.rate.limit",
          "3",
          "sandgate.tenants.three.rate.period",
          "1h");
    }
  }

  @Inject Database db;

  private static RequestSpecification as(String key) {
    return RestAssured.given().header("X-Auth-Token", key).contentType(ContentType.JSON);
  }

  private static Map<String, Object> batch(int n, String code) {
    return Map.of(
        "submissions", Collections.nCopies(n, Map.of("source_code", code, "language_id", 71)));
  }

  @Test
  void anotherTenantsSubmissionRunsWhileOnesBacklogStillWaits() {
    int backlog = 8 * WORKERS;
    List<String> slow =
        JsonPath.from(
                given()
                    .contentType(ContentType.JSON)
                    .body(batch(backlog, "import time\ntime.sleep(4)"))
                    .post("/submissions/batch")
                    .then()
                    .statusCode(201)
                    .extract()
                    .asString())
            .getList("token");
    String token =
        as(PROMPT_KEY)
            .body(Map.of("source_code", "print('my turn')", "language_id", 71))
            .post("/submissions")
            .then()
            .statusCode(201)
            .extract()
            .path("token");

    JsonPath[] prompt = new JsonPath[1];
    PoolProbe.await(
        () -> {
          prompt[0] =
              JsonPath.from(
                  as(PROMPT_KEY)
                      .get("/submissions/" + token)
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString());
          return prompt[0].getInt("status.id") > 2;
        },
        "the other tenant's submission to finish");
    List<Integer> statuses =
        given()
            .queryParam("tokens", String.join(",", slow))
            .queryParam("fields", "status_id")
            .get("/submissions/batch")
            .then()
            .statusCode(200)
            .extract()
            .path("submissions.status_id");

    assertEquals(3, prompt[0].getInt("status.id"), prompt[0].prettify());
    assertEquals("my turn\n", prompt[0].getString("stdout"));
    long inQueue = statuses.stream().filter(s -> s == 1).count();
    // First in, first out, it would have run after every one of the backlog had started: none in
    // queue.
    // In turn, it ran after at most one more of them per worker.
    assertTrue(
        inQueue >= backlog / 2,
        "the backlog still waits, " + inQueue + " of " + backlog + " In Queue: " + statuses);
  }

  @Test
  void aBatchLargerThanTheBucketIs429AndQueuesNothing() throws SQLException {
    Response refused = as(FIVE_KEY).body(batch(6, "print(1)")).post("/submissions/batch");
    assertEquals(429, refused.statusCode(), refused.asString());
    assertTrue(refused.jsonPath().getString("error").contains("6 runs"), refused.asString());
    assertEquals("3600", refused.header("Retry-After"), "no wait makes 6 fit in 5: the period");
    assertEquals("5", refused.header("RateLimit-Limit"));
    assertEquals(
        "4", refused.header("RateLimit-Remaining"), "the request's own token, nothing more");
    assertEquals(0, stored("five"), "nothing of the batch was stored or queued");

    as(FIVE_KEY)
        .body(batch(4, "print(2)"))
        .post("/submissions/batch")
        .then()
        .statusCode(201)
        .body("token", hasSize(4))
        .header("RateLimit-Limit", "5")
        .header("RateLimit-Remaining", "0"); // 4 before, one per submission
    assertEquals(4, stored("five"));
    as(FIVE_KEY)
        .body(batch(1, "print(3)"))
        .post("/submissions/batch")
        .then()
        .statusCode(429)
        .header("RateLimit-Remaining", "0");
  }

  @Test
  void aBatchTheBucketCannotCoverNowIs429UntilItCan() throws SQLException {
    as(THREE_KEY)
        .body(batch(2, "print(1)"))
        .post("/submissions/batch")
        .then()
        .statusCode(201)
        .header("RateLimit-Remaining", "1");
    // An item Judge0 refuses is no run: this batch asks for 2, and 1 was left.
    Response refused =
        as(THREE_KEY)
            .body(
                Map.of(
                    "submissions",
                    List.of(
                        Map.of("source_code", "print(2)", "language_id", 71),
                        Map.of("source_code", "print(3)", "language_id", 71),
                        Map.of("source_code", "print(4)", "language_id", 9999))))
            .post("/submissions/batch");
    assertEquals(429, refused.statusCode(), refused.asString());
    assertEquals("0", refused.header("RateLimit-Remaining"));
    // A retry spends both again, one token per 20 minutes: 40 minutes from empty, not the 20 of the
    // rest alone.
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter > 20 * 60 && retryAfter <= 40 * 60, "Retry-After " + retryAfter);
    assertEquals(2, stored("three"), "the refused batch stored nothing");
    as(THREE_KEY)
        .get("/submissions/batch?tokens=x")
        .then()
        .statusCode(429)
        .body("error", containsString("over its limit"));
  }

  /** Submissions of the tenant in the store, queued, running or done. */
  private long stored(String tenant) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM judge0_submissions WHERE tenant = ?")) {
      s.setString(1, tenant);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}

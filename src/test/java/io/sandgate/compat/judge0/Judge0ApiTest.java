package io.sandgate.compat.judge0;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Judge0 CE's API against real sandboxes: its documented requests (the C programs of its examples
 * as the same programs in Python, language 71), its answers' shapes, statuses and errors.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class Judge0ApiTest {

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final String HELLO = "name = input()\nprint(f'hello, {name}')";

  @Test
  void aSubmissionIsQueuedThenReadByItsToken() {
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("source_code", HELLO, "language_id", 71, "stdin", "world"))
            .post("/submissions")
            .then()
            .statusCode(201)
            .body("token", matchesPattern(UUID))
            .body("size()", equalTo(1))
            .extract()
            .path("token");
    JsonPath done = finished(token, "");
    assertEquals(
        List.of(
            "stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status"),
        List.copyOf(done.getMap("").keySet()),
        "Judge0's default fields, in its order");
    assertEquals("hello, world\n", done.getString("stdout"));
    assertEquals(Map.of("id", 3, "description", "Accepted"), done.getMap("status"));
    assertEquals(token, done.getString("token"));
    org.hamcrest.MatcherAssert.assertThat(done.getString("time"), matchesPattern("\\d+\\.\\d{3}"));
  }

  @Test
  void waitTrueAnswersWithTheResultAndChecksTheExpectedOutput() {
    given()
        .contentType(ContentType.JSON)
        .queryParam("wait", "true")
        .body(
            Map.of(
                "source_code",
                HELLO,
                "language_id",
                "71",
                "stdin",
                "Judge0",
                "expected_output",
                "hello, Judge0"))
        .post("/submissions")
        .then()
        .statusCode(201)
        .body("stdout", equalTo("hello, Judge0\n"))
        .body("stderr", nullValue())
        .body("compile_output", nullValue())
        .body("message", nullValue())
        .body("status.id", equalTo(3))
        .body("status.description", equalTo("Accepted"))
        .body("token", matchesPattern(UUID));
    given()
        .contentType(ContentType.JSON)
        .queryParam("wait", "true")
        .body(
            Map.of(
                "source_code",
                HELLO,
                "language_id",
                1071,
                "stdin",
                "Judge0",
                "expected_output",
                "hello"))
        .post("/submissions")
        .then()
        .statusCode(201)
        .body("status.id", equalTo(4))
        .body("status.description", equalTo("Wrong Answer"));
  }

  @Test
  void judge0sDocumentedErrorsComeInItsShape() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("source_code", HELLO))
        .post("/submissions")
        .then()
        .statusCode(422)
        .body("language_id", contains("can't be blank", "language with id  doesn't exist"));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "source_code",
                HELLO,
                "language_id",
                150000,
                "stdin",
                "world",
                "expected_output",
                "hello, world"))
        .post("/submissions")
        .then()
        .statusCode(422)
        .body("language_id", contains("language with id 150000 doesn't exist"));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.ofEntries(
                Map.entry("source_code", HELLO),
                Map.entry("language_id", 71),
                Map.entry("number_of_runs", 1),
                Map.entry("stdin", "Judge0"),
                Map.entry("expected_output", "hello, Judge0"),
                Map.entry("cpu_time_limit", 1),
                Map.entry("cpu_extra_time", 0.5),
                Map.entry("wall_time_limit", 100000),
                Map.entry("memory_limit", 128000),
                Map.entry("stack_limit", 128000),
                Map.entry("enable_per_process_and_thread_time_limit", false),
                Map.entry("enable_per_process_and_thread_memory_limit", false),
                Map.entry("max_file_size", 1024)))
        .post("/submissions")
        .then()
        .statusCode(422)
        .body("wall_time_limit", contains("must be less than or equal to 20.0"));
    given()
        .queryParam("fields", "stdout,nope")
        .get("/submissions/" + java.util.UUID.randomUUID())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid fields: [nope]"));
    given()
        .get("/submissions/" + java.util.UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("error", containsString("not found"));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "source_code", HELLO, "language_id", 71, "callback_url", "http://127.0.0.1:9/cb"))
        .post("/submissions")
        .then()
        .statusCode(422)
        .body("callback_url[0]", equalTo(CallbackTargets.PUBLIC_ONLY));
  }

  @Test
  void base64GoesBothWaysLineWrappedAsJudge0Writes() {
    // Judge0's documented example: "Judge0" in, "hello, Judge0\n" out as "aGVsbG8sIEp1ZGdlMAo=\n".
    String source =
        java.util.Base64.getMimeEncoder(60, new byte[] {'\n'}).encodeToString(HELLO.getBytes())
            + "\n";
    given()
        .contentType(ContentType.JSON)
        .queryParam("base64_encoded", "true")
        .queryParam("wait", "true")
        .body(Map.of("source_code", source, "language_id", 71, "stdin", "SnVkZ2Uw"))
        .post("/submissions")
        .then()
        .statusCode(201)
        .body("stdout", equalTo("aGVsbG8sIEp1ZGdlMAo=\n"))
        .body("status.id", equalTo(3));
  }

  @Test
  void fieldsAreChosenAndKeepJudge0sOrder() {
    String token =
        given()
            .contentType(ContentType.JSON)
            .queryParam("wait", "true")
            .body(Map.of("source_code", "print('hello from Python')", "language_id", 71))
            .post("/submissions")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    JsonPath some =
        JsonPath.from(
            given()
                .queryParam("fields", "stderr,language_id,stdout,status_id")
                .get("/submissions/" + token)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertEquals(
        List.of("language_id", "stdout", "status_id", "stderr"),
        List.copyOf(some.getMap("").keySet()));
    JsonPath all =
        JsonPath.from(
            given()
                .queryParam("fields", "*")
                .get("/submissions/" + token)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertEquals(Judge0Fields.ALL, List.copyOf(all.getMap("").keySet()));
    assertEquals("5.0", all.getString("cpu_time_limit"));
    assertEquals(Map.of("id", 71, "name", all.getString("language.name")), all.getMap("language"));
    org.hamcrest.MatcherAssert.assertThat(
        all.getString("created_at"),
        matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
  }

  @Test
  void outcomesMapToJudge0sStatuses() {
    assertEquals(
        5,
        waitFor("while True: pass", Map.of("cpu_time_limit", 1, "cpu_extra_time", 0))
            .getInt("status.id"));
    JsonPath nzec = waitFor("import sys\nsys.exit(3)", Map.of());
    assertEquals(11, nzec.getInt("status.id"));
    assertEquals(3, nzec.getInt("exit_code"));
    assertEquals("Exited with error status 3", nzec.getString("message"));
    JsonPath segv = waitFor("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", Map.of());
    assertEquals(7, segv.getInt("status.id"));
    assertEquals(11, segv.getInt("exit_signal"));
    assertEquals(
        12,
        waitFor("x = bytearray(1 << 30)", Map.of()).getInt("status.id"),
        "out of memory: SIGKILL");
    assertEquals(
        8,
        waitFor("import sys\nwhile True: sys.stdout.write('z' * 4096)", Map.of())
            .getInt("status.id"),
        "output past the limit: SIGXFSZ, as past isolate's file size");
    JsonPath redirected =
        waitFor(
            "import sys\nprint('out')\nprint('err', file=sys.stderr)",
            Map.of("redirect_stderr_to_stdout", true));
    assertEquals("out\nerr\n", redirected.getString("stdout"));
    assertEquals(null, redirected.getString("stderr"));
    JsonPath args =
        waitFor("import sys\nprint(sys.argv[1:])", Map.of("command_line_arguments", "a 'b c'"));
    assertEquals("['a', 'b c']\n", args.getString("stdout"));
  }

  @Test
  void aBatchIsCheckedItemByItemAndReadInOrder() {
    List<Map<String, Object>> items =
        List.of(
            Map.of("language_id", 71, "source_code", "print(\"hello from Python\")"),
            Map.of("language_id", 123456789, "source_code", "print(\"hello from Python\")"),
            Map.of("language_id", 1071, "source_code", ""));
    JsonPath answer =
        JsonPath.from(
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("submissions", items))
                .post("/submissions/batch")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    String token = answer.getString("[0].token");
    assertEquals(
        List.of("language with id 123456789 doesn't exist"), answer.getList("[1].language_id"));
    assertEquals(List.of("can't be blank"), answer.getList("[2].source_code"));
    finished(token, "");
    given()
        .queryParam("tokens", token + "," + java.util.UUID.randomUUID())
        .queryParam("fields", "token,stdout,stderr,status_id,language_id")
        .get("/submissions/batch")
        .then()
        .statusCode(200)
        .body("submissions", hasSize(2))
        .body("submissions[0].stdout", equalTo("hello from Python\n"))
        .body("submissions[0].status_id", equalTo(3))
        .body("submissions[0].language_id", equalTo(71))
        .body("submissions[1]", nullValue());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("submissions", List.of()))
        .post("/submissions/batch")
        .then()
        .statusCode(400)
        .body("error", equalTo("there should be at least one submission in a batch"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("submissions", List.of(items.get(1))))
        .post("/submissions/batch")
        .then()
        .statusCode(422);
  }

  @Test
  void judge0sDocumentedBatchRequestAsWritten() {
    // Byte for byte from Judge0's docs (create_a_submission_batch.md): Bash and Ruby are not
    // Sandgate's languages, so those two come back as Judge0 answers an unknown language.
    String documented =
        """
                {
                    "submissions":
                    [
                        {
                            "language_id": 46,
                            "source_code": "echo hello from Bash"
                        },
                        {
                            "language_id": 71,
                            "source_code": "print(\\"hello from Python\\")"
                        },
                        {
                            "language_id": 72,
                            "source_code": "puts(\\"hello from Ruby\\")"
                        }
                    ]
                }""";
    JsonPath answer =
        JsonPath.from(
            given()
                .contentType(ContentType.JSON)
                .body(documented)
                .post("/submissions/batch")
                .then()
                .statusCode(201)
                .extract()
                .asString());
    assertEquals(List.of("language with id 46 doesn't exist"), answer.getList("[0].language_id"));
    assertEquals(List.of("language with id 72 doesn't exist"), answer.getList("[2].language_id"));
    String token = answer.getString("[1].token");
    assertEquals("hello from Python\n", finished(token, "").getString("stdout"));
  }

  @Test
  void languagesStatusesAndAbout() {
    given()
        .get("/languages")
        .then()
        .statusCode(200)
        .body("id", contains(71, 1071))
        .body("[0].name", matchesPattern("Python \\(3\\.\\d+\\.\\d+\\)"))
        .body("[1].name", matchesPattern("PyPy \\(3\\.\\d+\\.\\d+\\)"));
    given()
        .get("/languages/71")
        .then()
        .statusCode(200)
        .body("is_archived", equalTo(false))
        .body("source_file", equalTo("main.py"))
        .body("compile_cmd", nullValue());
    given().get("/languages/4").then().statusCode(404);
    given()
        .get("/statuses")
        .then()
        .statusCode(200)
        .body("", hasSize(14))
        .body("[4].description", equalTo("Time Limit Exceeded"))
        .body("[10].id", equalTo(11))
        .body("[10].description", equalTo("Runtime Error (NZEC)"));
    given()
        .get("/about")
        .then()
        .statusCode(200)
        .body("version", equalTo("1.13.1"))
        .body("$", hasKey("homepage"));
  }

  @Test
  void judge0sTokenHeaderIsATenantKeyAndOtherTenantsSeeNothing() {
    String token =
        RestAssured.given()
            .header("X-Auth-Token", Api.KEY)
            .contentType(ContentType.JSON)
            .body(Map.of("source_code", "print(1)", "language_id", 71))
            .post("/submissions")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    RestAssured.given()
        .get("/submissions/" + token)
        .then()
        .statusCode(401)
        .body("error", not(nullValue()));
    RestAssured.given()
        .header("X-Auth-Token", "other-key-7c1d2e")
        .get("/submissions/" + token)
        .then()
        .statusCode(404);
    finished(token, "");
  }

  private static JsonPath waitFor(String code, Map<String, Object> extra) {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("source_code", code);
    body.put("language_id", 71);
    return JsonPath.from(
        given()
            .contentType(ContentType.JSON)
            .queryParam("wait", "true")
            .queryParam("fields", "*")
            .body(body)
            .post("/submissions")
            .then()
            .statusCode(201)
            .extract()
            .asString());
  }

  /** Polls until the submission is neither queued nor processing. */
  static JsonPath finished(String token, String fields) {
    JsonPath[] last = new JsonPath[1];
    PoolProbe.await(
        () -> {
          last[0] =
              JsonPath.from(
                  given()
                      .queryParam("fields", fields)
                      .get("/submissions/" + token)
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString());
          int status =
              fields.isEmpty() || fields.contains("status") ? last[0].getInt("status.id") : 3;
          return status > 2;
        },
        "submission " + token + " to finish");
    return last[0];
  }
}

package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.PoolProbe;
import io.sandgate.testing.RawHttp;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input answers a problem with the right status and leaves the pool whole. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class BadInputTest {

  private static final String INVALID = "https://sandgate.io/problems/invalid-request";
  private static final String TOO_LARGE = "https://sandgate.io/problems/payload-too-large";

  @Inject PoolProbe pool;

  private List<String> containersBefore;
  private LogCapture log;

  @BeforeEach
  void fullPool() {
    pool.awaitFull();
    containersBefore = pool.containerIds();
    log = LogCapture.start();
  }

  @AfterEach
  void poolIsWhole() {
    log.close();
    // A client's mistake is one INFO line, never an ERROR with a stack trace.
    assertEquals(List.of(), log.errors());
    PoolProbe.await(() -> pool.snapshot().leased() == 0, "no lease left open");
    assertEquals(pool.target(), pool.snapshot().ready() + pool.snapshot().creating());
    // Nothing was consumed: bad input never reaches a sandbox.
    assertEquals(
        containersBefore.stream().sorted().toList(),
        pool.containerIds().stream().sorted().toList());
  }

  static Stream<Arguments> badJson() {
    return Stream.of(
        Arguments.of("{", "not valid JSON"),
        Arguments.of("[]", "must be a JSON object"),
        Arguments.of("\"print(1)\"", "must be a JSON object"),
        Arguments.of("{}", "'code' is required"),
        Arguments.of("{\"code\": null}", "'code' is required"),
        Arguments.of("{\"code\": \"\"}", "'code' is required and must not be empty"),
        Arguments.of("{\"code\": 42}", "'code' must be a string"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"runtime\": \"jython\"}", "unknown runtime 'jython'"),
        Arguments.of("{\"code\": \"print(1)\", \"runtime\": 3}", "'runtime' must be a string"),
        Arguments.of("{\"code\": \"print(1)\", \"stdin\": 1}", "'stdin' must be a string"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"args\": \"a b\"}", "'args' must be an array of strings"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"args\": [1]}", "'args' must be an array of strings"),
        Arguments.of("{\"code\": \"print(1)\", \"args\": [\"a\\u0000b\"]}", "NUL"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"timeoutMs\": 0}", "'timeoutMs' must be at least 1"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"timeoutMs\": -5}", "'timeoutMs' must be at least 1"),
        Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": 30001}", "between 1 and 30000"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"timeoutMs\": 1e20}", "'timeoutMs' must be an integer"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"timeoutMs\": 1.5}", "'timeoutMs' must be an integer"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"timeoutMs\": \"1000\"}", "'timeoutMs' must be an integer"),
        Arguments.of(
            "{\"code\": \"print(1)\", \"timeoutMs\": true}", "'timeoutMs' must be an integer"),
        Arguments.of("{\"code\": \"print(1)\", \"timeout\": 5}", "unknown field 'timeout'"),
        Arguments.of(
            "{\"code\": \"x\", \"args\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}",
            "nested too deeply"),
        Arguments.of("{\"code\": \"x\", \"timeoutMs\": " + "9".repeat(1_500) + "}", "too long"),
        Arguments.of(
            "{\"code\": \"x\", \"timeoutMs\": " + "9".repeat(100) + "}",
            "'timeoutMs' must be an integer"),
        Arguments.of(
            "{\"code\": \"x\", \"stdin\": \"a\\ud800b\"}", "'stdin' is not valid Unicode text"),
        Arguments.of(
            "{\"code\": \"x\", \"args\": [\"\\udc00\"]}", "'args' is not valid Unicode text"),
        Arguments.of("{\"code\": \"print(1)\\ud83d\"}", "'code' is not valid Unicode text"),
        Arguments.of("{\"code\": \"x\", \"stdin\": \"\\udc00\\ud800\"}", "lone surrogate"),
        Arguments.of(
            "{\"code\": \"print('a')\", \"code\": \"print('b')\"}", "Duplicate field 'code'"),
        Arguments.of(
            "{\"code\": \"print('a')\"} {\"code\": \"print('b')\"}", "more after the JSON object"),
        Arguments.of("{\"code\": \"print('a')\"}]", "not valid JSON"),
        Arguments.of("{\"code\": \"print('a')\"} x", "not valid JSON"),
        Arguments.of("{\"code\": [\"print(1)\"]}", "'code' must be a string"),
        Arguments.of("{\"code\": \"x\", \"stdin\": {}}", "'stdin' must be a string"),
        Arguments.of("{\"code\": \"x\", \"args\": {\"0\": \"a\"}}", "'args' must be an array"),
        Arguments.of("{\"code\": \"x\", \"files\": {}}", "'files' must be an array"),
        Arguments.of("{\"code\": \"x\", \"files\": [\"a.txt\"]}", "'files[0]' must be an object"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"content\": \"1\"}]}", "'files[0].name' is required"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"a\"}]}", "'files[0].content' is required"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"a\", \"content\": \"1\", \"mode\": 7}]}",
            "unknown field 'files[0].mode'"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"a\", \"content\": \"1\", \"encoding\": \"hex\"}]}",
            "'files[0].encoding' must be utf8 or base64"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"a\", \"content\": \"*\", \"encoding\": \"base64\"}]}",
            "'files[0].content' is not valid base64"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"a\", \"content\": \"\\ud800\"}]}",
            "'files[0].content' is not valid Unicode text"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"../up\", \"content\": \"1\"}]}",
            "file name '../up' is not a relative path"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"/etc/x\", \"content\": \"1\"}]}",
            "file name '/etc/x' is not a relative path"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"main.py\", \"content\": \"1\"}]}",
            "the program's own"),
        Arguments.of(
            "{\"code\": \"x\", \"files\": [{\"name\": \"d\", \"content\": \"1\"},"
                + " {\"name\": \"d/e\", \"content\": \"1\"}]}",
            "also a directory of another"),
        Arguments.of("", "must be a JSON object"));
  }

  @ParameterizedTest
  @MethodSource("badJson")
  void badJsonIs400(String body, String detail) {
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo(INVALID))
        .body("status", equalTo(400))
        .body("detail", containsString(detail));
  }

  @Test
  void codeOverTheLimitIs413() {
    given()
        .contentType(ContentType.JSON)
        .body(java.util.Map.of("code", "#".repeat(256 * 1024 + 1)))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo(TOO_LARGE))
        .body("detail", containsString("'code' is 262145 bytes; the limit is 262144 bytes"));
  }

  @Test
  void filesOverTheirTotalAre413() {
    String half = java.util.Base64.getEncoder().encodeToString(new byte[512 * 1024 + 1]);
    given()
        .contentType(ContentType.JSON)
        .body(
            java.util.Map.of(
                "code",
                "print(1)",
                "files",
                java.util.List.of(
                    java.util.Map.of("name", "a.bin", "content", half, "encoding", "base64"),
                    java.util.Map.of("name", "b.bin", "content", half, "encoding", "base64"))))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(413)
        .body("type", equalTo(TOO_LARGE))
        .body("detail", containsString("'files' total 1048578 bytes; the limit is 1048576 bytes"));
  }

  @Test
  void codeCountsUtf8Bytes() {
    // 100k three-byte characters: 300k bytes, over the limit though only 100k characters.
    given()
        .contentType("text/plain; charset=utf-8")
        .body("#" + "€".repeat(100_000))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(413)
        .body("type", equalTo(TOO_LARGE));
  }

  @Test
  void stdinOverTheLimitIs413() {
    given()
        .contentType(ContentType.JSON)
        .body(java.util.Map.of("code", "pass", "stdin", "x".repeat(1024 * 1024 + 1)))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(413)
        .body("type", equalTo(TOO_LARGE))
        .body("detail", containsString("'stdin'"));
  }

  @Test
  void bodyOverTheLimitIsRefusedBeforeItIsRead() {
    given()
        .contentType("text/plain")
        .body(new byte[8 * 1024 * 1024 + 1])
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo(TOO_LARGE));
  }

  @Test
  void otherContentTypesAre415() {
    given()
        .contentType("application/xml")
        .body("<code>print(1)</code>")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("type", equalTo("https://sandgate.io/problems/unsupported-media-type"));
    given()
        .contentType("application/x-www-form-urlencoded")
        .body("code=1")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(415);
  }

  @Test
  void invalidUtf8ProgramIs400() {
    given()
        .contentType("text/plain")
        .body(new byte[] {'p', (byte) 0xff, 'x'})
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(400)
        .body("detail", containsString("UTF-8"));
  }

  @Test
  void chunkedBodyOverTheLimitIs413WithAProblem() throws Exception {
    byte[] spaces = new byte[9 * 1024 * 1024];
    java.util.Arrays.fill(spaces, (byte) ' ');
    RawHttp.Answer answer = RawHttp.chunked("/v1/executions", "application/json", spaces);
    assertEquals(413, answer.status(), answer.text());
    assertTrue(answer.text().contains("application/problem+json"), answer.text());
    assertTrue(answer.text().contains(TOO_LARGE), answer.text());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/executions%2F",
        "/v1/%2e%2e/executions",
        "/v1/executions;x=1",
        "//v1/executions",
        "/v1/executions%00",
        "/v1/exec%ZZutions",
        "/v1/executions/..%2f..%2fq/health",
        "/v1/\u00e9"
      })
  void oddPathEncodingsAreClientErrors(String path) throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            "POST "
                + path
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + Api.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\n\r\n"
                + "{\"code\": \"print(1)\"}".substring(0, 19));
    assertTrue(answer.status() >= 400 && answer.status() < 500, path + " -> " + answer.text());
  }

  @Test
  void aRequestWithoutHostIsAProblem() throws Exception {
    RawHttp.Answer answer = RawHttp.send("GET /v1/runtimes HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertEquals(400, answer.status(), answer.text());
    assertTrue(answer.text().contains(INVALID), answer.text());
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            "GET /v1/runtimes HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertEquals(431, answer.status(), answer.text());
    RawHttp.Answer longLine =
        RawHttp.send(
            "GET /v1/"
                + "a".repeat(5_000)
                + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
    assertEquals(414, longLine.status(), longLine.text());
  }

  @Test
  void http2IsNotSpokenOnTheApiPort() throws Exception {
    // Prior knowledge: an HTTP/2 server would answer with a SETTINGS frame, not an HTTP/1.1 status
    // line.
    RawHttp.Answer preface = RawHttp.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertTrue(
        preface.text().contains(" 400 ") && preface.text().contains(INVALID), preface.text());
    assertFalse(preface.text().contains("\"stack\""), preface.text());
    RawHttp.Answer upgrade =
        RawHttp.send(
            "GET /v1/runtimes HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, "
                + "HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nAuthorization: Bearer "
                + Api.KEY
                + "\r\n\r\n");
    assertEquals(200, upgrade.status(), upgrade.text());
  }

  @Test
  void unknownPathAndMethodAreProblems() {
    given()
        .when()
        .get("/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .when()
        .get("/v1/executions")
        .then()
        .statusCode(405)
        .contentType("application/problem+json");
  }
}

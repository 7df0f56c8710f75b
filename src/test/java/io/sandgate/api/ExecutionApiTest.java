package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import io.sandgate.testing.RawHttp;
import jakarta.inject.Inject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/executions} and {@code GET /v1/runtimes} over real containers, field by field.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class ExecutionApiTest {

  @Inject PoolProbe pool;

  static Response execute(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/v1/executions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void everyFieldOfAFinishedRun(String runtime) {
    execute(
            Map.of(
                "runtime",
                runtime,
                "code",
                "import sys\nprint('out')\nprint('err', file=sys.stderr)"))
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("stdout", equalTo("out\n"))
        .body("stderr", equalTo("err\n"))
        .body("combined", equalTo("out\nerr\n"))
        .body("exitCode", equalTo(0))
        .body("isError", is(false))
        .body("timedOut", is(false))
        .body("oomKilled", is(false))
        .body("outputTruncated", is(false))
        .body("durationMs", greaterThanOrEqualTo(0))
        .body("runtime", equalTo(runtime));
  }

  @Test
  void stdinOfNulCharactersReachesTheProgram() {
    // Each NUL is six bytes of JSON on its way to the agent: the agent's bound follows from the
    // limits.
    execute(
            Map.of(
                "runtime",
                "python3",
                "code",
                "import sys; d = sys.stdin.buffer.read(); print(len(d), set(d))",
                "stdin",
                "\0".repeat(900_000)))
        .then()
        .statusCode(200)
        .body("stdout", equalTo("900000 {0}\n"));
  }

  @Test
  void argsOfControlCharactersAtTheirLimitsReachTheProgram() {
    List<String> args = java.util.Collections.nCopies(256, "\u0001".repeat(256));
    execute(
            Map.of(
                "runtime",
                "python3",
                "code",
                "import sys; print(len(sys.argv) - 1, len(''.join(sys.argv[1:])))",
                "args",
                args))
        .then()
        .statusCode(200)
        .body("stdout", equalTo("256 65536\n"));
  }

  @Test
  void aChunkedBodyWithinTheLimitRuns() throws Exception {
    RawHttp.Answer answer =
        RawHttp.chunked(
            "/v1/executions",
            "application/json",
            "{\"code\": \"print(6 * 7)\", \"runtime\": \"python3\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.text().contains("\"stdout\":\"42\\n\""), answer.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void filesArriveBesideTheProgramReadOnlyAndImportable(String runtime) {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    String code =
        "import os, helper\n"
            + "data = open('data/all.bin', 'rb').read()\n"
            + "print(helper.GREETING, len(data), data == bytes(range(256)))\n"
            + "print(open('notes/a_b.txt', encoding='utf-8').read())\n"
            + "try:\n    open('helper.py', 'a')\nexcept PermissionError:\n    print('read-only')\n";
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "runtime",
                runtime,
                "code",
                code,
                "files",
                List.of(
                    Map.of("name", "helper.py", "content", "GREETING = 'héllo'"),
                    Map.of(
                        "name",
                        "data/all.bin",
                        "content",
                        Base64.getEncoder().encodeToString(binary),
                        "encoding",
                        "base64"),
                    Map.of("name", "notes/a_b.txt", "content", "ünïcode", "encoding", "utf8"))))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stderr", equalTo(""))
        .body("stdout", equalTo("héllo 256 True\nünïcode\nread-only\n"));
  }

  @Test
  void defaultRuntimeIsPypy() {
    execute(Map.of("code", "import sys; print(sys.implementation.name)"))
        .then()
        .statusCode(200)
        .body("stdout", equalTo("pypy\n"))
        .body("runtime", equalTo("pypy3"));
  }

  @Test
  void stdinAndArgs() {
    execute(
            Map.of(
                "runtime",
                "python3",
                "code",
                "import sys\nprint(sys.argv[1:], sys.stdin.read())",
                "stdin",
                "fed",
                "args",
                List.of("a", "b c")))
        .then()
        .statusCode(200)
        .body("stdout", equalTo("['a', 'b c'] fed\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "text/x-python", "text/plain; charset=utf-8"})
  void plainTextBodyIsTheProgram(String contentType) {
    given()
        .contentType(contentType)
        .body("print(6 * 7)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("42\n"))
        .body("runtime", equalTo("pypy3"));
  }

  @Test
  void failingProgramIsAnErrorResultNotAnApiError() {
    execute(Map.of("code", "import sys; sys.exit(4)"))
        .then()
        .statusCode(200)
        .body("exitCode", equalTo(4))
        .body("isError", is(true))
        .body("timedOut", is(false));
  }

  @Test
  void timeoutIsAnErrorResult() {
    execute(Map.of("code", "while True: pass", "timeoutMs", 500))
        .then()
        .statusCode(200)
        .body("timedOut", is(true))
        .body("isError", is(true))
        .body("exitCode", equalTo(137))
        .body("durationMs", greaterThanOrEqualTo(500));
  }

  @Test
  void outputOverTheCapIsCut() {
    execute(Map.of("code", "print('x' * (2 * 1024 * 1024))", "runtime", "python3"))
        .then()
        .statusCode(200)
        .body("outputTruncated", is(true))
        .body("stdout.length()", equalTo(1024 * 1024));
  }

  @Test
  void runtimesListsEachWithItsVersion() {
    given()
        .when()
        .get("/v1/runtimes")
        .then()
        .statusCode(200)
        .body("", hasSize(3))
        .body("[0].name", equalTo("pypy3"))
        .body("[0].version", matchesPattern("3\\.\\d+\\.\\d+"))
        .body("[1].name", equalTo("python3"))
        .body("[1].version", matchesPattern("3\\.\\d+\\.\\d+"))
        .body("[2].name", equalTo("python3-data"))
        .body("[2].version", matchesPattern("3\\.\\d+\\.\\d+"));
  }

  @Test
  void nothingWrittenInOneRunIsSeenByAnother() {
    int runs = pool.target() + 3;
    for (int i = 0; i < runs; i++) {
      execute(
              Map.of(
                  "runtime",
                  "python3",
                  "code",
                  """
                    import os, glob
                    print(sorted(glob.glob('/tmp/marker-*')))
                    open('/tmp/marker-%d' % os.getpid(), 'w').write('x')
                    """))
          .then()
          .statusCode(200)
          .body("stdout", equalTo("[]\n"))
          .body("exitCode", equalTo(0));
    }
  }

  @Test
  void poolRefillsAfterMoreRunsThanItsSize() {
    for (int i = 0; i < pool.target() * 2 + 1; i++) {
      execute(Map.of("code", "print(1)")).then().statusCode(200).body("stdout", equalTo("1\n"));
    }
    pool.awaitFull();
    assertEquals(pool.target(), pool.snapshot().ready());
  }

  @Test
  void containerRemovedOutOfBandIsReplacedAndNeverHandedOut() {
    pool.awaitFull();
    List<String> ready = pool.readyContainerIds();
    ready.forEach(pool::removeOutOfBand);
    for (int i = 0; i < ready.size() + 1; i++) {
      execute(Map.of("code", "print('alive')"))
          .then()
          .statusCode(200)
          .body("stdout", equalTo("alive\n"));
    }
    // Runs of the other size meet the data sandbox, when earlier tests made the pool keep one.
    for (int i = 0; i < 2; i++) {
      execute(Map.of("code", "print('alive')", "runtime", "python3-data"))
          .then()
          .statusCode(200)
          .body("stdout", equalTo("alive\n"));
    }
    pool.awaitFull();
    assertTrue(pool.readyContainerIds().stream().noneMatch(ready::contains));
  }

  @Test
  void aClientThatHangsUpMidRunStillGetsItsSandboxRemoved() throws Exception {
    pool.awaitFull();
    List<String> before = pool.containerIds();
    byte[] body =
        "{\"runtime\":\"python3\",\"code\":\"import time; time.sleep(2)\"}"
            .getBytes(StandardCharsets.UTF_8);
    try (Socket client = new Socket("localhost", 8081)) {
      String head =
          "POST /v1/executions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + Api.KEY
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      client.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().write(body);
      client.getOutputStream().flush();
      PoolProbe.await(() -> pool.snapshot().leased() == 1, "the run to start");
    }
    // The answer has nowhere to go; the sandbox is handed back all the same once the run ends.
    PoolProbe.await(() -> pool.snapshot().leased() == 0, "the lease to end");
    pool.awaitFull();
    PoolProbe.await(
        () -> before.stream().filter(pool.containerIds()::contains).count() == before.size() - 1,
        "the used container to be removed");
  }

  @Test
  void healthProbesOnTheManagementPort() {
    pool.awaitFull();
    given()
        .port(9001)
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'sandbox-pool' }.data.engine", equalTo("up"))
        // What replicas would share: reported, never a reason to fail the probe.
        .body("checks.find { it.name == 'shared-state' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'shared-state' }.data.redis", equalTo("not configured"))
        .body("checks.find { it.name == 'shared-state' }.data.limits", equalTo("local"));
    given()
        .port(9001)
        .when()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
    given()
        .port(9001)
        .when()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
    given().when().get("/q/health/ready").then().statusCode(404);
  }

  @Test
  void problemBodyNeverLeaksInternals() {
    given()
        .contentType(ContentType.JSON)
        .body("{")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://sandgate.io/problems/invalid-request"))
        .body("title", equalTo("The request is not valid"))
        .body("status", equalTo(400))
        .body("detail", matchesPattern("the body is not valid JSON.*"))
        .body("stackTrace", nullValue())
        .body("detail", org.hamcrest.Matchers.not(emptyString()));
  }
}

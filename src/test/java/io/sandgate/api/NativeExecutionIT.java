package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sandgate.testing.Management;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs against the packaged gateway (the native binary under -Dnative): a finished, a timed-out and
 * an OOM-killed run.
 */
@QuarkusIntegrationTest
class NativeExecutionIT {

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  static Response execute(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/v1/executions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void runsAProgram(String runtime) {
    execute(
            Map.of(
                "runtime",
                runtime,
                "code",
                "import sys\nprint(input(), sys.argv[1:])",
                "stdin",
                "hi",
                "args",
                List.of("a")))
        .then()
        .statusCode(200)
        .body("stdout", equalTo("hi ['a']\n"))
        .body("exitCode", equalTo(0))
        .body("isError", is(false))
        .body("runtime", equalTo(runtime));
  }

  @Test
  void listsTheRuntimes() {
    given()
        .when()
        .get("/v1/runtimes")
        .then()
        .statusCode(200)
        .body("", hasSize(3))
        .body("name", equalTo(List.of("pypy3", "python3", "python3-data")))
        .body("[1].version", matchesPattern("3\\.\\d+\\.\\d+"));
  }

  @Test
  void theDataRuntimeImportsPandasAndReturnsAChart() {
    execute(
            Map.of(
                "runtime",
                "python3-data",
                "code",
                "import pandas, matplotlib.pyplot as plt\n"
                    + "print(pandas.__version__)\nplt.plot([1, 2, 3])\nplt.show()\n"))
        .then()
        .statusCode(200)
        .body("exitCode", equalTo(0))
        .body("stderr", equalTo(""))
        .body("stdout", matchesPattern("\\d+\\.\\d+\\.\\d+\\n"))
        .body("files.name", equalTo(List.of("chart-1.png")))
        .body("files[0].contentType", equalTo("image/png"))
        .body("files[0].content", startsWith("iVBORw0KGgo")); // PNG's signature
  }

  @Test
  void thePlaygroundPageIsServed() {
    RestAssured.given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/html"))
        .body(containsString("<title>Sandgate playground</title>"));
    RestAssured.given()
        .get("/playground.js")
        .then()
        .statusCode(200)
        .body(containsString("/v1/executions"));
  }

  @Test
  void sleepPastTheTimeoutIsKilled() {
    execute(Map.of("runtime", "python3", "code", "import time\ntime.sleep(60)", "timeoutMs", 1000))
        .then()
        .statusCode(200)
        .body("timedOut", is(true))
        .body("isError", is(true))
        .body("oomKilled", is(false))
        .body("exitCode", equalTo(137))
        .body("durationMs", allOf(greaterThanOrEqualTo(1000), lessThan(11_000)));
  }

  @Test
  void memoryBombIsOomKilled() {
    // Small steps, each touched, so the cgroup limit (not a failed allocation) stops it.
    execute(
            Map.of(
                "runtime",
                "python3",
                "timeoutMs",
                20000,
                "code",
                """
                hoard = []
                while True:
                    hoard.append(bytearray(4 * 1024 * 1024))
                """))
        .then()
        .statusCode(200)
        .body("oomKilled", is(true))
        .body("isError", is(true))
        .body("timedOut", is(false))
        .body("stdout", equalTo(""));
  }

  /**
   * Sandgate's seccomp profile (its resource in the image) reaches every sandbox the packaged
   * gateway makes.
   */
  @Test
  void ioUringIsRefused() {
    execute(
            Map.of(
                "runtime",
                "python3",
                "code",
                """
                import ctypes, errno
                libc = ctypes.CDLL(None, use_errno=True)
                params = ctypes.create_string_buffer(120)
                fd = libc.syscall(ctypes.c_long(425), ctypes.c_long(8), params)  # io_uring_setup on x86_64
                print('refused' if fd < 0 else 'a ring', errno.errorcode.get(ctypes.get_errno(), ''))
                """))
        .then()
        .statusCode(200)
        .body("stdout", equalTo("refused EPERM\n"));
  }
}

package io.sandgate.compat.piston;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.Management;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Piston's v2 API as a Piston client sees it, against real sandboxes: its fields, defaults, version
 * ranges, aliases, files, statuses and its {@code {"message"}} errors. PistonIT runs the same cases
 * against the packaged gateway.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class PistonApiTest {

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  /**
   * As Piston clients send it: a JSON string, with whatever Content-Type they set (often
   * text/plain).
   */
  static Response execute(String body) {
    return given().contentType("text/plain").body(body).when().post("/api/v2/execute");
  }

  @Test
  void runtimesListBothLanguagesWithTheirAliasesAndTheImagesVersions() {
    String cpython =
        given()
            .when()
            .get("/v1/runtimes")
            .then()
            .statusCode(200)
            .extract()
            .path("find { it.name == 'python3' }.version");
    given()
        .when()
        .get("/api/v2/runtimes")
        .then()
        .statusCode(200)
        .body("language", containsInAnyOrder("python", "pypy"))
        .body("find { it.language == 'python' }.version", equalTo(cpython))
        .body(
            "find { it.language == 'python' }.aliases", containsInAnyOrder("py", "py3", "python3"))
        .body("find { it.language == 'pypy' }.aliases", equalTo(List.of("pypy3")));
  }

  @Test
  void pistonsNoLimitOfMinusOneForMemoryLeavesTheSandboxesLimit() {
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"run_memory_limit\": -1, \"compile_memory_limit\": -1,"
                + " \"files\": [{\"content\": \"print(1)\"}]}")
        .then()
        .statusCode(200)
        .body("run.stdout", equalTo("1\n"));
  }

  @Test
  void executeWithPistonsDefaults() {
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": \"print('hi')\"}]}")
        .then()
        .statusCode(200)
        .body("language", equalTo("python"))
        .body("version", startsWith("3."))
        .body("run.stdout", equalTo("hi\n"))
        .body("run.stderr", equalTo(""))
        .body("run.output", equalTo("hi\n"))
        .body("run.code", equalTo(0))
        .body("run.signal", nullValue())
        .body("run.status", nullValue())
        .body("run.message", nullValue())
        .body("run.cpu_time", nullValue())
        .body("run.memory", nullValue())
        .body("run.wall_time", greaterThanOrEqualTo(0))
        // Piston's shape: every field of the stage present (null when unknown), no compile stage.
        .body(
            "run.keySet()",
            containsInAnyOrder(
                "stdout",
                "stderr",
                "output",
                "code",
                "signal",
                "message",
                "status",
                "cpu_time",
                "wall_time",
                "memory"))
        .body("keySet()", containsInAnyOrder("language", "version", "run"));
  }

  @ParameterizedTest
  @CsvSource({"py,python", "py3,python", "python3,python", "pypy,pypy", "pypy3,pypy"})
  void aliasesNameTheirLanguage(String alias, String language) {
    execute(
            "{\"language\": \""
                + alias
                + "\", \"version\": \"3.x\", \"files\": [{\"content\":"
                + " \"import platform; print(platform.python_implementation())\"}]}")
        .then()
        .statusCode(200)
        .body("language", equalTo(language))
        .body("run.stdout", equalTo(language.equals("pypy") ? "PyPy\n" : "CPython\n"));
  }

  @Test
  void aVersionRangeMatchesTheRuntimesVersionOrNothing() {
    String version =
        given()
            .when()
            .get("/api/v2/runtimes")
            .then()
            .extract()
            .path("find { it.language == 'python' }.version");
    String[] parts = version.split("\\.");
    for (String range :
        List.of(
            version,
            parts[0] + "." + parts[1],
            "^" + parts[0] + "." + parts[1],
            ">=3.0.0 <4",
            "2 || 3")) {
      execute(
              "{\"language\": \"python\", \"version\": \""
                  + range
                  + "\", \"files\": [{\"content\": \"print(1)\"}]}")
          .then()
          .statusCode(200)
          .body("version", equalTo(version));
    }
    execute(
            "{\"language\": \"python\", \"version\": \"2.7\", \"files\": [{\"content\": \"print(1)\"}]}")
        .then()
        .statusCode(400)
        .body("message", equalTo("python-2.7 runtime is unknown"));
  }

  @Test
  void stdinGetsPistonsTrailingNewlineAndArgsArriveInOrder() {
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"stdin\": \"a\\nb\", \"args\": [\"x\", \"y z\"],"
                + " \"files\": [{\"content\": \"import sys\\nprint(repr(sys.stdin.read()), sys.argv[1:])\"}]}")
        .then()
        .statusCode(200)
        .body("run.stdout", equalTo("'a\\nb\\n' ['x', 'y z']\n"));
  }

  @Test
  void theFirstUtf8FileIsTheProgramAndTheOthersAreBesideIt() {
    String data = Base64.getEncoder().encodeToString("42 \u00e9".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"language\": \"pypy\", \"version\": \"*\", \"files\": ["
            + "{\"name\": \"data.bin\", \"content\": \""
            + data
            + "\", \"encoding\": \"base64\"},"
            + "{\"name\": \"main.py\", \"content\": \"import helper\\nprint(helper.answer())\"},"
            + "{\"name\": \"helper.py\", \"content\": \"def answer():\\n    return open('data.bin', encoding='utf-8').read()\"},"
            + "{\"name\": \"pkg/notes.txt\", \"content\": \"6e6f746573\", \"encoding\": \"hex\"}]}";
    execute(body).then().statusCode(200).body("run.stdout", equalTo("42 \u00e9\n"));
    execute(body.replace("print(helper.answer())", "print(open('pkg/notes.txt').read())"))
        .then()
        .statusCode(200)
        .body("run.stdout", equalTo("notes\n"));
  }

  @Test
  void statusesAreIsolatesLetters() {
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": \"import sys; sys.exit(3)\"}]}")
        .then()
        .statusCode(200)
        .body("run.code", equalTo(3))
        .body("run.signal", nullValue())
        .body("run.status", equalTo("RE"))
        .body("run.message", equalTo("Exited with error status 3"));
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\":"
                + " \"import os, signal; os.kill(os.getpid(), signal.SIGSEGV)\"}]}")
        .then()
        .statusCode(200)
        .body("run.code", nullValue())
        .body("run.signal", equalTo("SIGSEGV"))
        .body("run.status", equalTo("SG"))
        .body("run.message", equalTo("Caught fatal signal 11"));
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"run_timeout\": 500, \"files\": [{\"content\":"
                + " \"print('started', flush=True)\\nwhile True: pass\"}]}")
        .then()
        .statusCode(200)
        .body("run.stdout", equalTo("started\n"))
        .body("run.code", nullValue())
        .body("run.signal", equalTo("SIGKILL"))
        .body("run.status", equalTo("TO"))
        .body("run.message", equalTo("Time limit exceeded (wall clock)"));
    execute(
            "{\"language\": \"pypy\", \"version\": \"*\", \"run_timeout\": 2000, \"files\": [{\"content\":"
                + " \"import sys\\nwhile True: sys.stdout.write('z' * 1023 + '\\\\n')\"}]}")
        .then()
        .statusCode(200)
        .body("run.signal", equalTo("SIGKILL"))
        .body("run.status", equalTo("OL"))
        .body("run.message", equalTo("stdout length exceeded"));
    execute(
            "{\"language\": \"pypy\", \"version\": \"*\", \"run_timeout\": 2000, \"files\": [{\"content\":"
                + " \"import sys\\nwhile True: sys.stderr.write('z' * 1023 + '\\\\n')\"}]}")
        .then()
        .statusCode(200)
        .body("run.stdout", equalTo(""))
        .body("run.status", equalTo("EL"))
        .body("run.message", equalTo("stderr length exceeded"));
  }

  @Test
  void pistonsOwnRefusalsWithPistonsMessages() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("{}", "language is required as a string"),
            Map.entry("{\"language\": 3}", "language is required as a string"),
            Map.entry("{\"language\": \"python\"}", "version is required as a string"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\"}", "files is required as an array"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": 1}]}",
                "files[0].content is required as a string"),
            Map.entry(
                "{\"language\": \"cobol\", \"version\": \"*\", \"files\": []}",
                "cobol-* runtime is unknown"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": \"AA==\","
                    + " \"encoding\": \"base64\"}]}",
                "files must include at least one utf8 encoded file"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"run_timeout\": \"1\", \"files\": [{\"content\":"
                    + " \"1\"}]}",
                "If specified, run_timeout must be a number"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"run_timeout\": 30001, \"files\":"
                    + " [{\"content\": \"1\"}]}",
                "run_timeout cannot exceed the configured limit of 30000"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"run_memory_limit\": -2, \"files\":"
                    + " [{\"content\": \"1\"}]}",
                "run_memory_limit must be non-negative"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"run_timeout\": -1, \"files\":"
                    + " [{\"content\": \"1\"}]}",
                "run_timeout must be non-negative"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"run_memory_limit\": 1000000000000,"
                    + " \"files\": [{\"content\": \"1\"}]}",
                "run_memory_limit cannot exceed the configured limit of 134217728"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"99999999999\", \"files\": [{\"content\": \"1\"}]}",
                "python-99999999999 runtime is unknown"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": \"1\","
                    + " \"encoding\": \"UTF8\"}]}",
                "files must include at least one utf8 encoded file"),
            Map.entry(
                "{\"language\": \"python\", \"version\": \"*\", \"compile_timeout\": 10001, \"files\":"
                    + " [{\"content\": \"1\"}]}",
                "compile_timeout cannot exceed the configured limit of 10000"),
            Map.entry("not json", "the request body is not valid JSON"));
    cases.forEach(
        (body, message) ->
            execute(body)
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("message", equalTo(message)));
  }

  @Test
  void sandgatesOwnLimitsAnswerInPistonsShape() {
    execute(
            "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": \"1\"},"
                + " {\"name\": \"../escape.py\", \"content\": \"1\"}]}")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("message", startsWith("file name '../escape.py' is not a relative path"));
  }

  @ParameterizedTest
  @CsvSource({"python, out", "pypy, out/x", "python, main.py"})
  void aNameTheSandboxMakesIsRefusedInPistonsShapeAndTheNextRunWorks(String language, String name) {
    try (LogCapture log = LogCapture.start()) {
      execute(
              "{\"language\": \""
                  + language
                  + "\", \"version\": \"*\", \"files\": [{\"content\": \"print(1)\"},"
                  + " {\"name\": \""
                  + name
                  + "\", \"content\": \"x\"}]}")
          .then()
          .statusCode(400)
          .contentType("application/json")
          .body("message", startsWith("file name '" + name + "' is "))
          .body("message", containsString("reserved by the sandbox"));
      assertEquals(List.of(), log.errors(), "a client's mistake is no ERROR");
    }
    execute(
            "{\"language\": \""
                + language
                + "\", \"version\": \"*\", \"files\": [{\"content\":"
                + " \"print(open('d/"
                + name
                + "').read())\"}, {\"name\": \"d/"
                + name
                + "\", \"content\": \"x\"}]}")
        .then()
        .statusCode(200)
        .body("run.stdout", equalTo("x\n"))
        .body("run.status", nullValue());
  }

  @Test
  void aKeyByBasicAuthAsPasswordOrAsUserAndNoneIs401InPistonsShape() {
    String asPassword =
        Base64.getEncoder().encodeToString(("test:" + Api.KEY).getBytes(StandardCharsets.UTF_8));
    String asUser =
        Base64.getEncoder().encodeToString((Api.KEY + ":").getBytes(StandardCharsets.UTF_8));
    for (String credentials : List.of(asPassword, asUser)) {
      RestAssured.given()
          .header("Authorization", "Basic " + credentials)
          .when()
          .get("/api/v2/runtimes")
          .then()
          .statusCode(200)
          .body("language", hasItems("python", "pypy"));
    }
    Response none =
        RestAssured.given()
            .contentType("application/json")
            .body(
                "{\"language\": \"python\", \"version\": \"*\", \"files\": [{\"content\": \"1\"}]}")
            .when()
            .post("/api/v2/execute");
    assertEquals(401, none.statusCode());
    assertEquals("application/json", none.contentType().split(";")[0]);
    assertEquals("Bearer realm=\"sandgate\"", none.header("WWW-Authenticate"));
    String wrong =
        Base64.getEncoder().encodeToString("test:wrong-key".getBytes(StandardCharsets.UTF_8));
    RestAssured.given()
        .header("Authorization", "Basic " + wrong)
        .when()
        .get("/api/v2/runtimes")
        .then()
        .statusCode(401)
        .body("message", not(emptyOrNullString()));
    // The same credentials open the native API.
    RestAssured.given()
        .header("Authorization", "Basic " + asPassword)
        .contentType("text/plain")
        .body("print(2)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("2\n"));
  }
}

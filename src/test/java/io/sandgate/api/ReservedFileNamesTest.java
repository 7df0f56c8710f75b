package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A file of the request named as something the sandbox makes in the program's directory (the
 * program, /tmp/out, the data runtime's matplotlib directory) would collide with it: a 400 that
 * names the file, before any sandbox is spent, and the pool serves the next run.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class ReservedFileNamesTest {

  @Inject PoolProbe pool;

  @ParameterizedTest
  @CsvSource({
    "pypy3, out, the program's output directory",
    "python3, out/x, under 'out'",
    "pypy3, out/deep/er.txt, under 'out'",
    "python3, main.py/x, the program's own",
    "python3-data, out, the program's output directory",
    "python3-data, .matplotlib, matplotlib's configuration directory",
    "python3-data, .matplotlib/fontlist-v330.json, under '.matplotlib'"
  })
  void aReservedNameIs400NamingTheFileAndSpendsNothing(String runtime, String name, String why) {
    pool.awaitFull();
    List<String> ready = pool.readyContainerIds();
    try (LogCapture log = LogCapture.start()) {
      given()
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "runtime",
                  runtime,
                  "code",
                  "print(1)",
                  "files",
                  List.of(
                      Map.of("name", "data.txt", "content", "ok"),
                      Map.of("name", name, "content", "x"))))
          .when()
          .post("/v1/executions")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("https://sandgate.io/problems/invalid-request"))
          .body("detail", containsString("file name '" + name + "'"))
          .body("detail", containsString(why));
      assertEquals(List.of(), log.errors(), "a client's mistake is no ERROR");
    }
    assertTrue(pool.readyContainerIds().containsAll(ready), "no sandbox was spent");

    // The same name deeper down is the client's to use, and the pool serves the next run.
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "runtime",
                runtime,
                "code",
                "print(open('data/" + name + "').read())",
                "files",
                List.of(Map.of("name", "data/" + name, "content", "x"))))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("exitCode", equalTo(0))
        .body("stdout", equalTo("x\n"));
  }

  @Test
  void theDataRuntimesOwnNamesAreFreeOnTheOthers() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "runtime",
                "pypy3",
                "code",
                "print(open('.matplotlib').read())",
                "files",
                List.of(Map.of("name", ".matplotlib", "content", "mine"))))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("exitCode", equalTo(0))
        .body("stdout", equalTo("mine\n"));
  }
}

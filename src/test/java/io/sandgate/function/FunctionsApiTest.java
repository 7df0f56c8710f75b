package io.sandgate.function;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sandgate.testing.DockerEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The control plane of functions, against the real store and real sandboxes. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class FunctionsApiTest {

  private static final String HELLO =
      "def handler(event):\n    return {'hello': event['path'], 'q': event['query']}\n";

  @Test
  void deployReadCallLogAndDelete() {
    String name = unique("hello");
    deploy(name, Map.of("code", HELLO, "runtime", "python3", "description", "greets"))
        .then()
        .statusCode(201)
        .body("name", equalTo(name))
        .body("version", equalTo(1))
        .body("runtime", equalTo("python3"))
        .body("handler", equalTo("handler"))
        .body("timeoutMs", equalTo(10000))
        .body("public", equalTo(false))
        .body("sha256", matchesPattern("[0-9a-f]{64}"))
        .body("url", matchesPattern("http://localhost:[0-9]+/fn/test/" + name))
        .body("createdAt", matchesPattern("\\d{4}-.*Z"));
    deploy(name, Map.of("code", HELLO.replace("hello", "hi"), "runtime", "python3"))
        .then()
        .statusCode(200)
        .body("version", equalTo(2));

    given().get("/v1/functions").then().statusCode(200).body("functions.name", hasItem(name));
    given()
        .get("/v1/functions/" + name)
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("code", containsString("'hi'"))
        .body("versions", equalTo(List.of(1, 2)));
    given()
        .get("/v1/functions/" + name + "/versions/1")
        .then()
        .statusCode(200)
        .body("code", equalTo(HELLO))
        .body("description", equalTo("greets"));

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("method", "GET", "path", "/x", "query", Map.of("a", List.of("1"))))
        .post("/v1/functions/" + name + "/invoke")
        .then()
        .statusCode(200)
        .body("status", equalTo(200))
        .body("version", equalTo(2))
        .body("body", equalTo("{\"hi\":\"/x\",\"q\":{\"a\":[\"1\"]}}"))
        .body("headers.content-type", equalTo("application/json"));
    given()
        .get("/v1/functions/" + name + "/logs")
        .then()
        .statusCode(200)
        .body("invocations", hasSize(1))
        .body("invocations[0].status", equalTo(200))
        .body("invocations[0].version", equalTo(2));

    given().delete("/v1/functions/" + name).then().statusCode(204);
    given()
        .get("/v1/functions/" + name)
        .then()
        .statusCode(404)
        .body("type", equalTo("https://sandgate.io/problems/not-found"));
    given().delete("/v1/functions/" + name).then().statusCode(404);
    deploy(name, Map.of("code", HELLO)).then().statusCode(201).body("version", equalTo(1));
  }

  @Test
  void aFailingHandlerIsReportedWithItsTraceback() {
    String name = unique("fails");
    deploy(
            name,
            Map.of(
                "code",
                "def handler(event):\n    print('before')\n    raise KeyError('k')\n",
                "runtime",
                "python3"))
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/functions/" + name + "/invoke")
        .then()
        .statusCode(200)
        .body("status", equalTo(500))
        .body("error.type", equalTo("function-error"))
        .body("error.detail", equalTo("KeyError: 'k'"))
        .body("error.traceback", containsString("/tmp/function.py"))
        .body("stdout", equalTo("before\n"));
    given()
        .get("/v1/functions/" + name + "/logs")
        .then()
        .body("invocations[0].status", equalTo(500))
        .body("invocations[0].stdout", equalTo("before\n"));
  }

  @Test
  void oldVersionsArePrunedBeyondTheKeptCount() {
    String name = unique("pruned");
    for (int i = 1; i <= 12; i++) {
      deploy(name, Map.of("code", "def handler(event):\n    return " + i + "\n"))
          .then()
          .statusCode(i == 1 ? 201 : 200);
    }
    given()
        .get("/v1/functions/" + name)
        .then()
        .body("versions", equalTo(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
    given().get("/v1/functions/" + name + "/versions/2").then().statusCode(404);
  }

  @Test
  void concurrentDeploysOfOneNameGetDistinctConsecutiveVersions() throws Exception {
    String name = unique("raced");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Response>> deploys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String code = "def handler(event):\n    return " + i + "\n";
        deploys.add(pool.submit(() -> deploy(name, Map.of("code", code))));
      }
      List<Integer> versions = new ArrayList<>();
      int created = 0;
      for (Future<Response> f : deploys) {
        Response r = f.get();
        versions.add(r.jsonPath().getInt("version"));
        created += r.statusCode() == 201 ? 1 : 0;
      }
      versions.sort(Integer::compare);
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), versions);
      assertEquals(1, created, "exactly one deploy created the function");
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\": 1}",
        "{\"runtime\": \"python3\"}",
        "{\"code\": \"x\", \"runtime\": \"ruby\"}",
        "{\"code\": \"x\", \"handler\": \"not-an-identifier\"}",
        "{\"code\": \"x\", \"timeoutMs\": 999999999}",
        "{\"code\": \"x\", \"timeoutMs\": 0}",
        "{\"code\": \"x\", \"env\": {\"bad-name\": \"v\"}}",
        "{\"code\": \"x\", \"env\": {\"SANDGATE_X\": \"v\"}}",
        "{\"code\": \"x\", \"env\": {\"A\": 1}}",
        "{\"code\": \"x\", \"public\": \"yes\"}",
        "{\"code\": \"x\", \"rate\": {\"limit\": 0, \"period\": \"1s\"}}",
        "{\"code\": \"x\", \"rate\": {\"limit\": 5, \"period\": \"soon\"}}",
        "{\"code\": \"x\", \"timeout\": 5}",
        "{\"code\": \"x\", \"code\": \"y\"}"
      })
  void badDeploysAre400ProblemsAndStoreNothing(String body) {
    String name = unique("bad");
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .put("/v1/functions/" + name)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://sandgate.io/problems/invalid-request"));
    given().get("/v1/functions/" + name).then().statusCode(404);
  }

  @Test
  void badNamesAreRefused() {
    for (String name : List.of("Upper", "1starts-with-digit", "under_score", "x".repeat(64))) {
      deploy(name, Map.of("code", HELLO)).then().statusCode(400);
    }
  }

  private static Response deploy(String name, Map<String, Object> body) {
    return given()
        .contentType(ContentType.JSON)
        .body(new HashMap<>(body))
        .put("/v1/functions/" + name);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

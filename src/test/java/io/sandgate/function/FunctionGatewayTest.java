package io.sandgate.function;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.sandgate.testing.DockerEngine;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The data plane: HTTP in, the handler's answer out, each call in a fresh sandbox. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class FunctionGatewayTest {

  private static final String ECHO =
      """
            def handler(event, context):
                return {'statusCode': 200, 'headers': {'X-Method': event['method']},
                        'body': {'path': event['path'], 'query': event['query'], 'rawQuery': event['rawQuery'],
                                 'headers': sorted(event['headers']), 'body': event['body'],
                                 'version': event['function']['version']}}
            """;

  @Test
  void theRequestIsTheEventAndTheKeysStayOut() {
    String name = deploy(ECHO, Map.of());
    given()
        .urlEncodingEnabled(false)
        .header("X-API-Key", "test-key-0123456789")
        .header("X-Custom", "yes")
        .body("hello")
        .post("/fn/test/" + name + "/a/b?x=1&x=2&y=%20z")
        .then()
        .statusCode(200)
        .header("X-Method", "POST")
        .header("Sandgate-Request-Id", matchesPattern("[0-9a-f-]{36}"))
        .header("Sandgate-Function-Version", "1")
        .body("path", equalTo("/a/b"))
        .body("rawQuery", equalTo("x=1&x=2&y=%20z"))
        .body("query.x", equalTo(java.util.List.of("1", "2")))
        .body("query.y", equalTo(java.util.List.of(" z")))
        .body("body", equalTo("hello"))
        .body("headers", org.hamcrest.Matchers.hasItem("x-custom"))
        .body("headers", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("authorization")))
        .body("headers", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("x-api-key")));
    given().get("/fn/test/" + name).then().statusCode(200).body("path", equalTo("/"));
  }

  @Test
  void privateFunctionsNeedTheirTenantsKey() {
    String name = deploy(ECHO, Map.of());
    RestAssured.given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    // Without the key a private function looks like a missing one, and like a deleted one.
    RestAssured.given().get("/fn/test/no-such-function").then().statusCode(404);
    given().delete("/v1/functions/" + name).then().statusCode(204);
    RestAssured.given().get("/fn/test/" + name).then().statusCode(404);
    given().get("/fn/test/" + name).then().statusCode(404);
    String kept = deploy(ECHO, Map.of());
    RestAssured.given()
        .header("Authorization", "Bearer other-key-7c1d2e")
        .get("/fn/test/" + kept)
        .then()
        .statusCode(404);
    given()
        .get("/fn/test/no-such-function")
        .then()
        .statusCode(404)
        .body("type", equalTo("https://sandgate.io/problems/not-found"));
    given().get("/fn/nobody/" + kept).then().statusCode(404);
  }

  @Test
  void publicFunctionsNeedNoKeyAndKeepTheirOwnRate() {
    String name =
        deploy(
            "def handler(event):\n    return 'open'\n",
            Map.of("public", true, "rate", Map.of("limit", 2, "period", "1h")));
    for (int i = 0; i < 2; i++) {
      RestAssured.given()
          .get("/fn/test/" + name)
          .then()
          .statusCode(200)
          .body(equalTo("open"))
          .header("Content-Type", containsString("text/plain"));
    }
    RestAssured.given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(429)
        .header("Retry-After", notNullValue());
    RestAssured.given()
        .header("Authorization", "Bearer other-key-7c1d2e")
        .get("/fn/test/" + name)
        .then()
        .statusCode(429); // another tenant's key is no key here: the function's own rate
    given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(200); // the key spends the tenant's rate instead
  }

  @Test
  void binaryBodiesRoundTrip() {
    String name =
        deploy(
            """
                import base64
                def handler(event):
                    data = base64.b64decode(event['body']) if event['isBase64Encoded'] else event['body'].encode()
                    return bytes(reversed(data))
                """,
            Map.of());
    byte[] sent = new byte[256];
    byte[] expected = new byte[256];
    for (int i = 0; i < 256; i++) {
      sent[i] = (byte) i;
      expected[255 - i] = (byte) i;
    }
    byte[] got =
        given()
            .contentType("application/octet-stream")
            .body(sent)
            .post("/fn/test/" + name)
            .then()
            .statusCode(200)
            .header("Content-Type", "application/octet-stream")
            .extract()
            .asByteArray();
    assertArrayEquals(expected, got);
  }

  @Test
  void aPinnedVersionStaysAfterARedeploy() {
    String name = deploy("def handler(event):\n    return 'one'\n", Map.of());
    deployAgain(name, "def handler(event):\n    return 'two'\n");
    given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(200)
        .body(equalTo("two"))
        .header("Sandgate-Function-Version", "2");
    given()
        .get("/fn/test/" + name + "@1/any/path")
        .then()
        .statusCode(200)
        .body(equalTo("one"))
        .header("Sandgate-Function-Version", "1");
    given().get("/fn/test/" + name + "@9").then().statusCode(404);
    given().get("/fn/test/" + name + "@x").then().statusCode(404);
    given().delete("/v1/functions/" + name).then().statusCode(204);
    given().get("/fn/test/" + name).then().statusCode(404);
  }

  @Test
  void failuresAreProblemsAndTheTracebackIsOnlyForTheTenant() {
    String name =
        deploy("def handler(event):\n    raise RuntimeError('nope')\n", Map.of("public", true));
    given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(500)
        .contentType("application/problem+json")
        .body("type", equalTo("https://sandgate.io/problems/function-error"))
        .body("detail", equalTo("RuntimeError: nope"))
        .body("traceback", containsString("function.py"));
    RestAssured.given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(500)
        .body("detail", equalTo("RuntimeError: nope"))
        .body("traceback", nullValue());
    String slow =
        deploy("import time\ndef handler(event):\n    time.sleep(10)\n", Map.of("timeoutMs", 1000));
    given()
        .get("/fn/test/" + slow)
        .then()
        .statusCode(504)
        .body("type", equalTo("https://sandgate.io/problems/function-timeout"));
    String bad =
        deploy(
            "def handler(event):\n    return {'statusCode': 200, 'headers': {'Transfer-Encoding': 'x'}}\n",
            Map.of());
    given()
        .get("/fn/test/" + bad)
        .then()
        .statusCode(500)
        .body("detail", containsString("Transfer-Encoding"));
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String name = deploy(ECHO, Map.of());
    given()
        .contentType("application/octet-stream")
        .body(new byte[1024 * 1024 + 1])
        .post("/fn/test/" + name)
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    // Refused by its declared length before a byte is read: even without a key, even for no
    // function.
    RestAssured.given()
        .contentType("application/octet-stream")
        .body(new byte[4 * 1024 * 1024])
        .post("/fn/test/no-such-function")
        .then()
        .statusCode(413)
        .body("detail", containsString("for a function call"));
  }

  private static String deploy(String code, Map<String, Object> extra) {
    String name = "fn-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new HashMap<>(extra);
    body.put("code", code);
    body.put("runtime", "python3");
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .put("/v1/functions/" + name)
        .then()
        .statusCode(201);
    return name;
  }

  private static void deployAgain(String name, String code) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "runtime", "python3"))
        .put("/v1/functions/" + name)
        .then()
        .statusCode(200);
  }
}

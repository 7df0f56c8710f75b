package io.sandgate.function;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.sandgate.testing.Management;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Functions against the packaged gateway (the native binary under -Dnative): store, data plane,
 * logs.
 */
@QuarkusIntegrationTest
class FunctionsIT {

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  @Test
  void deployCallPinAndReadTheLogs() {
    String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "code",
                "def handler(event):\n    print('seen', event['path'])\n    return {'v': 1, 'q': event['query']}\n",
                "runtime",
                "python3"))
        .put("/v1/functions/" + name)
        .then()
        .statusCode(201)
        .body("version", equalTo(1));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", "def handler(event):\n    return 'two'\n", "public", true))
        .put("/v1/functions/" + name)
        .then()
        .statusCode(200)
        .body("version", equalTo(2));
    RestAssured.given()
        .get("/fn/test/" + name + "/x")
        .then()
        .statusCode(200)
        .body(equalTo("two"))
        .header("Sandgate-Function-Version", "2");
    given()
        .get("/fn/test/" + name + "@1/p?q=1")
        .then()
        .statusCode(200)
        .body("v", equalTo(1))
        .body("q.q[0]", equalTo("1"));
    given()
        .get("/v1/functions/" + name + "/logs")
        .then()
        .statusCode(200)
        .body("invocations", hasSize(2))
        .body("invocations[0].stdout", equalTo("seen /p\n"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/functions/" + name + "/invoke")
        .then()
        .statusCode(200)
        .body("body", equalTo("two"));
    given().get("/v1/functions/" + name).then().body("code", containsString("'two'"));
    given().delete("/v1/functions/" + name).then().statusCode(204);
    given().get("/fn/test/" + name).then().statusCode(404);
  }
}

package io.sandgate.compat.judge0;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.sandgate.testing.Management;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Judge0 against the packaged gateway (the native binary under -Dnative): sync, async, checks,
 * lists.
 */
@QuarkusIntegrationTest
class Judge0IT {

  @BeforeEach
  void ready() {
    Management.awaitReady();
  }

  @Test
  void judge0sPathsWorkOnThePackagedGateway() {
    given()
        .contentType(ContentType.JSON)
        .queryParam("wait", "true")
        .queryParam("base64_encoded", "true")
        .body(
            Map.of(
                "source_code",
                "cHJpbnQoZidoZWxsbywge2lucHV0KCl9Jyk=",
                "language_id",
                71,
                "stdin",
                "SnVkZ2Uw",
                "expected_output",
                "aGVsbG8sIEp1ZGdlMA=="))
        .post("/submissions")
        .then()
        .statusCode(201)
        .body("stdout", equalTo("aGVsbG8sIEp1ZGdlMAo=\n"))
        .body("status.id", equalTo(3));
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("source_code", "import sys\nsys.exit(2)", "language_id", 1071))
            .post("/submissions")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    Judge0ApiTest.finished(token, "");
    given()
        .queryParam("fields", "status,exit_code")
        .get("/submissions/" + token)
        .then()
        .statusCode(200)
        .body("status.id", equalTo(11))
        .body("exit_code", equalTo(2));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("source_code", "print(1)"))
        .post("/submissions")
        .then()
        .statusCode(422)
        .body("language_id", contains("can't be blank", "language with id  doesn't exist"));
    given().get("/languages").then().statusCode(200).body("id", contains(71, 1071));
    given()
        .get("/statuses")
        .then()
        .statusCode(200)
        .body("[12].description", equalTo("Internal Error"));
  }
}

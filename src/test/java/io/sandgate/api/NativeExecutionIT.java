package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.sandgate.testing.PoolProbe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The execution happy path against the packaged gateway (the native binary under -Dnative). */
@QuarkusIntegrationTest
class NativeExecutionIT {

    @ParameterizedTest
    @ValueSource(strings = {"pypy3", "python3"})
    void runsAProgram(String runtime) {
        PoolProbe.await(() -> RestAssured.given().port(9001).get("/q/health/ready")
                .statusCode() == 200, "the pool to be ready");
        given().contentType("application/json")
                .body(Map.of("runtime", runtime, "code", "import sys\nprint(input(), sys.argv[1:])", "stdin", "hi",
                        "args", List.of("a")))
                .when().post("/v1/executions")
                .then().statusCode(200)
                .body("stdout", equalTo("hi ['a']\n"))
                .body("exitCode", equalTo(0))
                .body("isError", equalTo(false))
                .body("runtime", equalTo(runtime));
    }

    @Test
    void listsRuntimesAndRefusesBadInput() {
        PoolProbe.await(() -> RestAssured.given().port(9001).get("/q/health/ready")
                .statusCode() == 200, "the pool to be ready");
        given().when().get("/v1/runtimes").then().statusCode(200).body("", hasSize(2));
        given().contentType("application/json").body("{\"code\": 1}").when().post("/v1/executions")
                .then().statusCode(400).contentType("application/problem+json");
        RestAssured.given().contentType("text/plain").body("print(1)").when().post("/v1/executions")
                .then().statusCode(401);
        given().contentType("application/json").body("{\"code\": \"while True: pass\", \"timeoutMs\": 500}")
                .when().post("/v1/executions")
                .then().statusCode(200).body("timedOut", equalTo(true));
    }
}

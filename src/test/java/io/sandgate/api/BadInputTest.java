package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input answers a problem with the right status and leaves the pool whole. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class BadInputTest {

    private static final String INVALID = "https://sandgate.io/problems/invalid-request";
    private static final String TOO_LARGE = "https://sandgate.io/problems/payload-too-large";

    @Inject
    PoolProbe pool;

    private List<String> containersBefore;

    @BeforeEach
    void fullPool() {
        pool.awaitFull();
        containersBefore = pool.containerIds();
    }

    @AfterEach
    void poolIsWhole() {
        PoolProbe.await(() -> pool.snapshot().leased() == 0, "no lease left open");
        assertEquals(pool.target(), pool.snapshot().ready() + pool.snapshot().creating());
        // Nothing was consumed: bad input never reaches a sandbox.
        assertEquals(containersBefore.stream().sorted().toList(), pool.containerIds().stream().sorted().toList());
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
                Arguments.of("{\"code\": \"print(1)\", \"runtime\": \"jython\"}", "unknown runtime 'jython'"),
                Arguments.of("{\"code\": \"print(1)\", \"runtime\": 3}", "'runtime' must be a string"),
                Arguments.of("{\"code\": \"print(1)\", \"stdin\": 1}", "'stdin' must be a string"),
                Arguments.of("{\"code\": \"print(1)\", \"args\": \"a b\"}", "'args' must be an array of strings"),
                Arguments.of("{\"code\": \"print(1)\", \"args\": [1]}", "'args' must be an array of strings"),
                Arguments.of("{\"code\": \"print(1)\", \"args\": [\"a\\u0000b\"]}", "NUL"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": 0}", "'timeoutMs' must be at least 1"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": -5}", "'timeoutMs' must be at least 1"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": 30001}", "between 1 and 30000"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": 1e20}", "'timeoutMs' must be an integer"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": 1.5}", "'timeoutMs' must be an integer"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": \"1000\"}", "'timeoutMs' must be an integer"),
                Arguments.of("{\"code\": \"print(1)\", \"timeoutMs\": true}", "'timeoutMs' must be an integer"),
                Arguments.of("{\"code\": \"print(1)\", \"timeout\": 5}", "unknown field 'timeout'"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void badJsonIs400(String body, String detail) {
        given().contentType(ContentType.JSON).body(body).when().post("/v1/executions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(INVALID))
                .body("status", equalTo(400))
                .body("detail", containsString(detail));
    }

    @Test
    void codeOverTheLimitIs413() {
        given().contentType(ContentType.JSON).body(java.util.Map.of("code", "#".repeat(256 * 1024 + 1)))
                .when().post("/v1/executions")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo(TOO_LARGE))
                .body("detail", containsString("'code' is 262145 bytes; the limit is 262144 bytes"));
    }

    @Test
    void codeCountsUtf8Bytes() {
        // 100k three-byte characters: 300k bytes, over the limit though only 100k characters.
        given().contentType("text/plain; charset=utf-8").body("#" + "€".repeat(100_000))
                .when().post("/v1/executions")
                .then().statusCode(413).body("type", equalTo(TOO_LARGE));
    }

    @Test
    void stdinOverTheLimitIs413() {
        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("code", "pass", "stdin", "x".repeat(1024 * 1024 + 1)))
                .when().post("/v1/executions")
                .then().statusCode(413).body("type", equalTo(TOO_LARGE)).body("detail", containsString("'stdin'"));
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeItIsRead() {
        given().contentType("text/plain").body(new byte[8 * 1024 * 1024 + 1])
                .when().post("/v1/executions")
                .then().statusCode(413).contentType("application/problem+json").body("type", equalTo(TOO_LARGE));
    }

    @Test
    void otherContentTypesAre415() {
        given().contentType("application/xml").body("<code>print(1)</code>").when().post("/v1/executions")
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("https://sandgate.io/problems/unsupported-media-type"));
        given().contentType("application/x-www-form-urlencoded").body("code=1").when().post("/v1/executions")
                .then().statusCode(415);
    }

    @Test
    void invalidUtf8ProgramIs400() {
        given().contentType("text/plain").body(new byte[] {'p', (byte) 0xff, 'x'}).when().post("/v1/executions")
                .then().statusCode(400).body("detail", containsString("UTF-8"));
    }

    @Test
    void unknownPathAndMethodAreProblems() {
        given().when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/v1/executions").then().statusCode(405).contentType("application/problem+json");
    }
}

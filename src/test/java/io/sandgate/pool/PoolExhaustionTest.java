package io.sandgate.pool;

import static io.sandgate.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A pool too small for the load answers 503 with Retry-After, and every request gets exactly one answer. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(PoolExhaustionTest.TinyPool.class)
class PoolExhaustionTest {

    /** One sandbox, a short wait, one waiter. */
    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sandgate.pool.size", "1",
                    "sandgate.pool.acquire-timeout", "200ms",
                    "sandgate.pool.max-waiters", "1",
                    "sandgate.pool.max-parallel-creations", "1");
        }
    }

    @Inject
    PoolProbe pool;

    @Test
    void exhaustedPoolAnswers503WithRetryAfter() throws Exception {
        pool.awaitFull();
        int clients = 6;
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                answers.add(executor.submit(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("code", "import time; time.sleep(2); print('done')", "runtime", "python3"))
                        .when().post("/v1/executions")));
            }
            int ok = 0;
            int unavailable = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                if (r.statusCode() == 200) {
                    assertEquals("done\n", r.jsonPath().getString("stdout"));
                    ok++;
                } else {
                    assertEquals(503, r.statusCode(), r.asString());
                    assertEquals("application/problem+json", r.contentType());
                    assertEquals("https://sandgate.io/problems/no-sandbox-available", r.jsonPath().getString("type"));
                    assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
                    unavailable++;
                }
            }
            assertEquals(clients, ok + unavailable, "every request got exactly one answer");
            assertTrue(ok >= 1, "the ready sandbox served someone");
            assertTrue(unavailable >= 1, "a pool of one cannot serve six 2-second runs within 200 ms");
        } finally {
            executor.shutdownNow();
        }
        pool.awaitFull();
        given().contentType("text/plain").body("print('after')").when().post("/v1/executions")
                .then().statusCode(200);
    }
}

package io.sandgate.pool;

import static io.sandgate.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pool warms interpreters by demand: the default runtime's before any, a runtime asked for gets
 * warm ones after, and a run of a runtime with none warm takes any ready sandbox at once.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(WarmPoolTest.Warm.class)
class WarmPoolTest {

  /** Its own application, so that no other test's demand counts. */
  public static class Warm implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sandgate.pool.size", "3");
    }
  }

  @Inject SandboxPool sandboxes;

  @Inject PoolProbe pool;

  @Test
  void warmInterpretersFollowTheRuntimesAskedFor() {
    pool.awaitFull();
    assertEquals(
        3,
        sandboxes.warmReady(PythonRuntime.PYPY3),
        "before any demand, every warm interpreter is the default's");
    assertEquals(0, sandboxes.warmReady(PythonRuntime.PYTHON3));

    run("python3");
    assertEquals(
        1.0, pool.acquired("python3", "cold"), "with none warm, any ready sandbox serves at once");

    PoolProbe.await(
        () -> sandboxes.warmReady(PythonRuntime.PYTHON3) >= 1 && pool.snapshot().ready() == 3,
        "a warm python3 interpreter once python3 was asked for");
    assertEquals(3, sandboxes.warmTarget(PythonRuntime.PYTHON3), "only python3 was asked for");
    assertEquals(0, sandboxes.warmTarget(PythonRuntime.PYPY3));
    run("python3");
    assertEquals(1.0, pool.acquired("python3", "warm"));
    run("pypy3");
    assertEquals(
        1.0, pool.acquired("pypy3", "warm"), "a pypy3 interpreter warmed before is still there");
    assertEquals(
        2,
        sandboxes.warmTarget(PythonRuntime.PYTHON3),
        "two python3 runs to one pypy3, and one of each");
    assertEquals(1, sandboxes.warmTarget(PythonRuntime.PYPY3));
    PoolProbe.await(
        () ->
            sandboxes.warmReady(PythonRuntime.PYTHON3) == 2
                && sandboxes.warmReady(PythonRuntime.PYPY3) == 1,
        "the pool to follow its targets");
  }

  private void run(String runtime) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", "print('hi')", "runtime", runtime))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", org.hamcrest.Matchers.equalTo("hi\n"));
  }
}

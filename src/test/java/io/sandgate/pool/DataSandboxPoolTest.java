package io.sandgate.pool;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sandboxes of two sizes in one pool: with every ready sandbox a standard one, a python3-data run
 * makes one of its own size in place of one of them and is served; after that the pool keeps a warm
 * data interpreter while data runs are asked for, and standard runs never get a data sandbox's
 * memory.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(DataSandboxPoolTest.Small.class)
class DataSandboxPoolTest {

  /** Its own application and a pool of two, so that it is full of standard sandboxes at first. */
  public static class Small implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sandgate.pool.size", "2");
    }
  }

  private static final String ALLOCATE = "block = bytearray(200 << 20)\nprint('room')\n";

  @Inject SandboxPool sandboxes;

  @Inject PoolProbe pool;

  @Test
  void aDataRunGetsASandboxOfItsSizeWhenOnlyOthersAreReady() {
    pool.awaitFull();
    assertEquals(
        0, sandboxes.warmReady(PythonRuntime.PYTHON3_DATA), "before any demand, no data sandbox");

    run("python3-data", ALLOCATE).body("exitCode", equalTo(0)).body("stdout", equalTo("room\n"));
    assertEquals(
        1.0, pool.acquired("python3-data", "warm"), "served by a sandbox made for it, warm");

    PoolProbe.await(
        () -> sandboxes.warmReady(PythonRuntime.PYTHON3_DATA) == 1 && pool.snapshot().ready() == 2,
        "a warm data interpreter kept once data runs were asked for");
    assertTrue(sandboxes.warmTarget(PythonRuntime.PYTHON3_DATA) >= 1);
    run("python3-data", "import pandas\nprint('warm')\n").body("stdout", equalTo("warm\n"));
    assertEquals(2.0, pool.acquired("python3-data", "warm"));

    for (int i = 0; i < 3; i++) {
      run("pypy3", ALLOCATE).body("oomKilled", equalTo(true));
    }
    assertEquals(
        2.0,
        pool.acquired("python3-data", "warm") + pool.acquired("python3-data", "cold"),
        "the standard runs took no data sandbox");
  }

  private static ValidatableResponse run(String runtime, String code) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "runtime", runtime))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200);
  }
}

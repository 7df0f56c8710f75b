package io.sandgate.sandbox;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * For a gateway that does not run as root: socket directory and socket shared through one group.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(SocketGroupTest.SharedGroup.class)
class SocketGroupTest {

  static final int GID = 4242;

  /** Sockets in group 4242. */
  public static class SharedGroup implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.sandbox.socket-gid",
          Integer.toString(GID),
          "sandgate.pool.size",
          "2",
          "sandgate.sandbox.socket-root",
          "/tmp/sandgate-socket-group-test");
    }
  }

  @Inject PoolProbe pool;

  @Test
  void directoryAndSocketBelongToTheGroupAndNotToTheProgram() throws Exception {
    pool.awaitFull();
    try (var listing = Files.list(Path.of("/tmp/sandgate-socket-group-test"))) {
      // Every socket directory: at least the two of the warm pool (not the gateways' liveness
      // files).
      List<Path> dirs = listing.filter(d -> !d.getFileName().toString().startsWith(".")).toList();
      assertTrue(dirs.size() >= 2, dirs.toString());
      for (Path dir : dirs) {
        assertEquals(02770, (Integer) Files.getAttribute(dir, "unix:mode") & 07777, dir.toString());
        assertEquals(GID, Files.getAttribute(dir, "unix:gid"));
        Path socket = dir.resolve("agent.sock");
        assertEquals(0660, (Integer) Files.getAttribute(socket, "unix:mode") & 0777);
        assertEquals(GID, Files.getAttribute(socket, "unix:gid"));
      }
    }
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "runtime",
                "python3",
                "code",
                """
                import os, socket
                print(os.getgroups())
                try:
                    os.listdir('/run/sandgate')
                except OSError as e:
                    print(type(e).__name__)
                s = socket.socket(socket.AF_UNIX)
                try:
                    s.connect('/run/sandgate/agent.sock')
                except OSError as e:
                    print(type(e).__name__)
                """))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("[]\nPermissionError\nPermissionError\n"));
  }
}

package io.sandgate.agent;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.pool.Lease;
import io.sandgate.pool.SandboxPool;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.InternalNetwork;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tcp transport: sandboxes on an internal network, the agent reached at its address there. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@QuarkusTestResource(value = InternalNetwork.class, restrictToAnnotatedClass = true)
@TestProfile(TcpTransportTest.Tcp.class)
class TcpTransportTest {

  /** A small pool; the network and transport come from {@link InternalNetwork}. */
  public static class Tcp implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sandgate.pool.size", "2");
    }
  }

  @Inject SandboxPool pool;

  @Inject AgentClient agent;

  @Test
  void runsOverTcp() {
    given()
        .contentType("text/plain")
        .body("import sys; print(sys.version_info[0])")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("3\n"));
  }

  @Test
  void endpointIsAUrlAndASecondRunIsRefused() {
    try (Lease lease = pool.acquire(PythonRuntime.PYTHON3, Duration.ofSeconds(5), Runnable::run)) {
      assertInstanceOf(AgentEndpoint.Tcp.class, lease.endpoint());
      AgentRunRequest request =
          new AgentRunRequest("print(2)", "python3", "", List.of(), 5000, 1000);
      assertEquals("2\n", agent.run(lease.endpoint(), request).stdout());
      AgentException refused =
          assertThrows(AgentException.class, () -> agent.run(lease.endpoint(), request));
      assertEquals(AgentException.Reason.ALREADY_USED, refused.reason());
    }
  }
}

package io.sandgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/** An internal Docker network without inter-container traffic, for the tcp agent transport. */
public class InternalNetwork implements QuarkusTestResourceLifecycleManager {

  public static final String NAME = "sandgate-test-net";

  @Override
  public Map<String, String> start() {
    String existing =
        DockerCli.docker(
            List.of("docker", "network", "ls", "-q", "--filter", "name=^" + NAME + "$"));
    if (existing.isBlank()) {
      DockerCli.docker(
          List.of(
              "docker",
              "network",
              "create",
              "--internal",
              "-o",
              "com.docker.network.bridge.enable_icc=false",
              NAME));
    }
    return Map.of("sandgate.sandbox.network", NAME, "sandgate.agent.transport", "tcp");
  }

  @Override
  public void stop() {
    // Left in place: cheap, and the next run reuses it.
  }
}

package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentException;
import io.sandgate.agent.AgentRunRequest;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.testing.AdjustableClock;
import io.sandgate.testing.DockerCli;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LivenessHolder;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reaper: orphans, untracked containers, dead ready sandboxes and leases held too long. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(PoolReaperTest.ManualReaper.class)
class PoolReaperTest {

  /** The reaper runs only when a test calls it; leases expire one second past their run. */
  public static class ManualReaper implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.pool.size", "2",
          "sandgate.pool.reap-interval", "1h",
          "sandgate.pool.lease-grace", "0s",
          "sandgate.agent.run-grace", "1s");
    }
  }

  @Inject SandboxPool pool;

  @Inject PoolProbe probe;
  @Inject PoolState<Sandbox, PythonRuntime> state;

  private List<String> readyContainerIds() {
    return state.readyItems().stream().map(Sandbox::containerId).toList();
  }

  @Inject AgentClient agent;

  @Inject AdjustableClock clock;

  @Inject SandboxConfig sandboxConfig;

  @Test
  void orphanOfAnotherInstanceIsReaped() {
    String orphan = labelledContainer("crashed-gateway", System.currentTimeMillis() - 3_600_000);
    pool.reap();
    assertFalse(exists(orphan), "the orphan must be removed");
  }

  @Test
  void containerOfAnotherLiveInstanceIsLeftAlone() {
    // Younger than orphan-age: another gateway on this engine may be about to run code in it.
    String neighbours = labelledContainer("live-gateway", System.currentTimeMillis() - 60_000);
    try {
      pool.reap();
      assertTrue(exists(neighbours), "a sandbox of a live gateway must survive the reaper");
    } finally {
      DockerCli.docker(List.of("docker", "rm", "-f", neighbours));
    }
  }

  @Test
  void untrackedContainerOfThisInstanceIsReaped() {
    String lost = labelledContainer(probe.instanceId(), System.currentTimeMillis() - 3_600_000);
    pool.reap();
    assertFalse(exists(lost));
  }

  @Test
  void readySandboxWhoseAgentDiedIsReplaced() {
    probe.awaitFull();
    String dead = readyContainerIds().get(0);
    DockerCli.docker(List.of("docker", "kill", dead));
    pool.reap();
    assertFalse(readyContainerIds().contains(dead));
    probe.awaitFull();
    PoolProbe.await(() -> !exists(dead), "the dead sandbox to be removed");
  }

  @Test
  void leaseHeldPastItsDeadlineIsDestroyed() throws Exception {
    probe.awaitFull();
    try (Lease lease = pool.acquire(PythonRuntime.PYTHON3, Duration.ofMillis(1), Runnable::run)) {
      String id =
          probe.containerIds().stream()
              .filter(c -> c.startsWith(lease.shortId()))
              .findFirst()
              .orElseThrow();
      clock.advance(
          Duration.ofMillis(1_500)); // past the 1 ms run, its 1 s grace and no lease grace
      pool.reap();
      assertEquals(0, pool.snapshot().leased());
      PoolProbe.await(() -> !exists(id), "the expired lease's container to be removed");
      AgentException e =
          assertThrows(
              AgentException.class,
              () ->
                  agent.run(
                      lease.endpoint(),
                      new AgentRunRequest("print(1)", "python3", "", List.of(), 1000, 1000)));
      assertTrue(e.reason() == AgentException.Reason.NOT_CONNECTED, e.reason().name());
    }
    probe.awaitFull();
  }

  @Test
  void containerOfAGatewayThatAnswersOnItsLivenessSocketIsLeftAloneHoweverOld() throws Exception {
    Process gateway = LivenessHolder.start(sandboxConfig.socketRoot(), "old-but-alive");
    try {
      String old = labelledContainer("old-but-alive", System.currentTimeMillis() - 3_600_000);
      pool.reap();
      assertTrue(exists(old), "a live gateway's sandbox survives whatever its age");
      DockerCli.docker(List.of("docker", "rm", "-f", old));
    } finally {
      gateway.destroyForcibly().waitFor();
    }
  }

  @Test
  void containersOfAGatewayKilledWithSigkillAreReapedAtOnce() throws Exception {
    Process gateway = LivenessHolder.start(sandboxConfig.socketRoot(), "killed-gateway");
    String young = labelledContainer("killed-gateway", System.currentTimeMillis() - 1_000);
    pool.reap();
    assertTrue(exists(young), "alive: left alone");
    gateway
        .destroyForcibly()
        .waitFor(); // SIGKILL: the kernel closes its socket, nothing else happens
    pool.reap();
    assertFalse(exists(young), "a dead gateway's sandbox is an orphan at once, however young");
    assertFalse(
        java.nio.file.Files.exists(
            LivenessHolder.file(sandboxConfig.socketRoot(), "killed-gateway")),
        "its liveness socket goes with its last container");
  }

  @Test
  void aPlainFilePlantedAsALivenessSocketSaysNothing() throws Exception {
    java.nio.file.Path planted = LivenessHolder.file(sandboxConfig.socketRoot(), "planted-gateway");
    java.nio.file.Files.createDirectories(planted.getParent());
    java.nio.file.Files.writeString(planted, "not a socket");
    try {
      String young = labelledContainer("planted-gateway", System.currentTimeMillis() - 1_000);
      pool.reap();
      assertTrue(exists(young), "a file that refuses connections is no proof its gateway is dead");
      DockerCli.docker(List.of("docker", "rm", "-f", young));
    } finally {
      java.nio.file.Files.deleteIfExists(planted);
    }
  }

  private static String labelledContainer(String instance, long createdMillis) {
    return DockerCli.docker(
            List.of(
                "docker",
                "create",
                "--label",
                "io.sandgate.managed=true",
                "--label",
                "io.sandgate.instance=" + instance,
                "--label",
                "io.sandgate.created=" + createdMillis,
                "--network",
                "none",
                "sandgate-runner:0.3.0",
                "sleep",
                "600"))
        .strip();
  }

  private static boolean exists(String containerId) {
    return !DockerCli.docker(
            List.of("docker", "ps", "-aq", "--no-trunc", "--filter", "id=" + containerId))
        .isBlank();
  }
}

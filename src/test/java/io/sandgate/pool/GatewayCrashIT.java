package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.DockerCli;
import io.sandgate.testing.GatewayProcess;
import io.sandgate.testing.PoolProbe;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Gateways as separate processes on one engine: a gateway killed with SIGKILL leaves sandboxes that
 * the next one removes within seconds, while two live gateways, whose sandboxes are old enough by
 * age to count as orphans, never remove each other's.
 */
class GatewayCrashIT {

  private static final String RUN = "import socket; print(socket.gethostname())";

  @Test
  void aRestartedGatewayRemovesItsKilledPredecessorsSandboxesWithinSeconds() throws Exception {
    String crashed = "it-crashed-" + UUID.randomUUID().toString().substring(0, 8);
    GatewayProcess first =
        GatewayProcess.start(crashed, 18181, 19191, Map.of("sandgate.pool.size", "2"));
    assertEquals(200, first.execute(RUN).statusCode());
    PoolProbe.await(() -> containersOf(crashed).size() >= 2, "the first gateway's warm pool");
    first.kill();
    assertFalse(containersOf(crashed).isEmpty(), "SIGKILL leaves the sandboxes behind");

    try (GatewayProcess next =
        GatewayProcess.start(
            "it-next-" + UUID.randomUUID().toString().substring(0, 8),
            18182,
            19192,
            Map.of("sandgate.pool.size", "1"))) {
      long deadline = System.currentTimeMillis() + 30_000;
      while (!containersOf(crashed).isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(250);
      }
      assertEquals(
          List.of(), containersOf(crashed), "the dead gateway's sandboxes are gone within 30 s");
      assertEquals(200, next.execute(RUN).statusCode());
    }
  }

  @Test
  void twoLiveGatewaysOnOneEngineNeverRemoveEachOthersSandboxes() throws Exception {
    // Reaped every second, and old enough to be an orphan after two: only liveness keeps them
    // apart.
    Map<String, String> eager =
        Map.of(
            "sandgate.pool.size",
            "2",
            "sandgate.pool.reap-interval",
            "1s",
            "sandgate.pool.orphan-age",
            "2s");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    try (GatewayProcess left = GatewayProcess.start("it-left-" + suffix, 18183, 19193, eager);
        GatewayProcess right = GatewayProcess.start("it-right-" + suffix, 18184, 19194, eager)) {
      ExecutorService clients = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 4; round++) {
          Thread.sleep(3_000); // every warm sandbox is now past orphan-age
          List<Future<HttpResponse<String>>> answers = new ArrayList<>();
          for (GatewayProcess gateway : List.of(left, right, left, right)) {
            answers.add(clients.submit(() -> gateway.execute(RUN)));
          }
          for (Future<HttpResponse<String>> answer : answers) {
            assertEquals(200, answer.get().statusCode(), answer.get().body());
            assertTrue(answer.get().body().contains("\"exitCode\":0"), answer.get().body());
          }
        }
      } finally {
        clients.shutdownNow();
      }
      for (GatewayProcess gateway : List.of(left, right)) {
        assertFalse(
            gateway.log().contains("reaped orphaned"), gateway.instanceId() + ": " + gateway.log());
      }
      assertFalse(containersOf(left.instanceId()).isEmpty());
      assertFalse(containersOf(right.instanceId()).isEmpty());
    }
  }

  private static List<String> containersOf(String instanceId) {
    return DockerCli.docker(
            List.of("docker", "ps", "-aq", "--filter", "label=io.sandgate.instance=" + instanceId))
        .lines()
        .filter(l -> !l.isBlank())
        .toList();
  }
}

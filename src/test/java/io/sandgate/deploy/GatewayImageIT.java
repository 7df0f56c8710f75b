package io.sandgate.deploy;

import static io.sandgate.testing.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.GatewayProcess;
import io.sandgate.testing.PoolProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway image as it ships: built from src/main/docker (Dockerfile.native-micro for the native
 * binary, Dockerfile.jvm for the jar) on the locally made Debian base, run as a container the way
 * docs/operations.md and k8s/ run it — non-root, read-only root, every capability dropped — on the
 * machine's engine. It must serve runs, and remove its sandboxes when stopped.
 */
class GatewayImageIT {

  private static final String KEY = "image-it-key-0123456789";
  private static final int PORT = 18281;
  private static final int MANAGEMENT_PORT = 19281;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theImageServesRunsAsNonRootOnAReadOnlyRootAndCleansUpWhenStopped() throws Exception {
    GatewayProcess.Artifact artifact = GatewayProcess.Artifact.built();
    String tag = "sandgate-gateway:it-" + (artifact.isNative() ? "native" : "jvm");
    docker(
        List.of(
            "docker",
            "build",
            "-q",
            "--build-arg",
            "BASE_IMAGE=" + baseImage(),
            "-f",
            "src/main/docker/"
                + (artifact.isNative() ? "Dockerfile.native-micro" : "Dockerfile.jvm"),
            "-t",
            tag,
            "."),
        Duration.ofMinutes(10));

    String instance = "it-image-" + UUID.randomUUID().toString().substring(0, 8);
    // The socket directories have one path inside and outside (the engine resolves the bind
    // mounts), owned by the gateway's uid, which its sandboxes hand their sockets to.
    Path socketRoot =
        Files.createTempDirectory(
            Path.of("/var/tmp"),
            "sandgate-image-it-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setAttribute(socketRoot, "unix:uid", 10001);
    Files.setAttribute(socketRoot, "unix:gid", 10001);
    String socketGid =
        Long.toString((Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));
    List<String> run =
        new ArrayList<>(
            List.of(
                "docker",
                "run",
                "-d",
                "--name",
                instance,
                "--read-only",
                "--tmpfs",
                "/tmp:exec,size=32m",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "-p",
                "127.0.0.1:" + PORT + ":8080",
                "-p",
                "127.0.0.1:" + MANAGEMENT_PORT + ":9000",
                "-v",
                "/var/run/docker.sock:/var/run/docker.sock",
                "--group-add",
                socketGid,
                "-v",
                socketRoot + ":" + socketRoot,
                "-e",
                "SANDGATE_SANDBOX_SOCKET_ROOT=" + socketRoot,
                "-e",
                "SANDGATE_SANDBOX_SOCKET_GID=10001",
                "-e",
                "SANDGATE_SANDBOX_INSTANCE_ID=" + instance,
                "-e",
                "SANDGATE_POOL_SIZE=1",
                "-e",
                "SANDGATE_TENANTS_IMAGE_API_KEY=" + KEY,
                tag));
    docker(run);
    try {
      PoolProbe.await(() -> status("/q/health/ready") == 200, "the gateway container to be ready");
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(uri(PORT, "/v1/executions"))
                  .header("Authorization", "Bearer " + KEY)
                  .header("Content-Type", "text/plain")
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString("print(6 * 7)"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"stdout\":\"42\\n\""), answer.body());

      String settings =
          docker(
                  List.of(
                      "docker",
                      "inspect",
                      "--format",
                      "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}",
                      instance))
              .strip();
      assertEquals("10001:10001 true", settings);
      // The process itself, not only the image's setting: uid and gid 10001, no capabilities.
      String status = docker(List.of("docker", "exec", instance, "cat", "/proc/1/status"));
      assertTrue(
          status.lines().anyMatch(l -> l.matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001")),
          status);
      assertTrue(
          status.lines().anyMatch(l -> l.matches("Gid:\\s+10001\\s+10001\\s+10001\\s+10001")),
          status);
      assertTrue(status.lines().anyMatch(l -> l.equals("CapEff:\t0000000000000000")), status);
      if (artifact.isNative()) {
        // Without capabilities, under the engine's default seccomp profile, the gateway
        // still gives its start's pages back: madvise on its own memory needs neither.
        PoolProbe.await(
            () -> docker(List.of("docker", "logs", instance)).contains("start pages released"),
            "the gateway container to release its start pages");
      }
    } finally {
      docker(List.of("docker", "stop", "-t", "40", instance), Duration.ofSeconds(90));
      String logs = docker(List.of("docker", "logs", instance));
      docker(List.of("docker", "rm", instance));
      assertEquals(
          "",
          docker(
              List.of("docker", "ps", "-aq", "--filter", "label=io.sandgate.instance=" + instance)),
          "a stopped gateway leaves no sandbox behind; its log: " + logs);
      try (Stream<Path> left = Files.walk(socketRoot)) {
        left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The base the runner image was built on: the locally made one where no registry answered. */
  private static String baseImage() {
    for (String image : List.of("sandgate-base:bookworm", "debian:bookworm-slim")) {
      try {
        docker(List.of("docker", "image", "inspect", image));
        return image;
      } catch (AssertionError absent) {
        // try the next
      }
    }
    throw new AssertionError(
        "no Debian bookworm base image: runner-image/build.sh makes sandgate-base:bookworm");
  }

  private int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri(MANAGEMENT_PORT, path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}

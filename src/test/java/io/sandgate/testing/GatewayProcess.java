package io.sandgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A gateway as its own process, from the packaged artifact (the runnable jar, or the native binary
 * under -Dnative), for tests of what happens between gateways: a crash, a neighbour.
 */
public final class GatewayProcess implements AutoCloseable {

  public static final String KEY = "it-key-0123456789";

  private final Process process;
  private final String instanceId;
  private final int port;
  private final int managementPort;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private GatewayProcess(
      Process process, String instanceId, int port, int managementPort, Path log) {
    this.process = process;
    this.instanceId = instanceId;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  /**
   * Starts a gateway with its own ports and instance id, plus {@code config}, and waits until it
   * has started and is ready (as Kubernetes routes to it: the startup probe, then readiness).
   */
  public static GatewayProcess start(
      String instanceId, int port, int managementPort, Map<String, String> config)
      throws IOException {
    GatewayProcess gateway = launch(instanceId, port, managementPort, config);
    gateway.awaitReady();
    return gateway;
  }

  /** Starts a gateway as {@link #start} does, without waiting for it. */
  public static GatewayProcess launch(
      String instanceId, int port, int managementPort, Map<String, String> config)
      throws IOException {
    Map<String, String> all =
        new java.util.TreeMap<>(
            Map.of(
                "quarkus.http.port",
                Integer.toString(port),
                "quarkus.management.port",
                Integer.toString(managementPort),
                "sandgate.sandbox.instance-id",
                instanceId,
                "sandgate.data-dir",
                Path.of("target", "it-data", instanceId).toAbsolutePath().toString(),
                "sandgate.tenants.it.api-key",
                KEY,
                "sandgate.tenants.it.rate.limit",
                "100000",
                "sandgate.tenants.it.rate.period",
                "1s",
                "sandgate.tenants.it.max-concurrent",
                "32"));
    // Several gateways at once: functions on any free port of their own, and on the API port for
    // the tests.
    all.put("sandgate.functions.origin.port", "0");
    all.put("sandgate.functions.origin.on-api-port", "true");
    all.putAll(config);
    List<String> properties =
        all.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
    List<String> command = artifactCommand(properties);
    Path log = Path.of("target", "gateway-" + instanceId + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new GatewayProcess(process, instanceId, port, managementPort, log);
  }

  /**
   * What the build left in target/: the runnable jar or the native binary
   * (target/quarkus-artifact.properties).
   */
  public record Artifact(boolean isNative, Path path) {

    public static Artifact built() throws IOException {
      Properties artifact = new Properties();
      try (InputStream in =
          Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
        artifact.load(in);
      }
      return new Artifact(
          "native".equals(artifact.getProperty("type")),
          Path.of("target").resolve(artifact.getProperty("path")));
    }
  }

  /** {@code java -jar …} or the native binary, as the build left it. */
  private static List<String> artifactCommand(List<String> properties) throws IOException {
    Artifact artifact = Artifact.built();
    List<String> command = new ArrayList<>();
    if (artifact.isNative()) {
      command.add(artifact.path().toString());
      command.addAll(properties);
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx128m");
      command.addAll(properties);
      command.addAll(List.of("-jar", artifact.path().toString()));
    }
    return command;
  }

  private void awaitReady() {
    PoolProbe.await(
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("gateway " + instanceId + " exited: " + log());
          }
          return status(managementPort, "/q/health/started") == 200
              && status(managementPort, "/q/health/ready") == 200;
        },
        "gateway " + instanceId + " to be ready");
  }

  /** Runs a program as the test tenant; the HTTP status and body. */
  public HttpResponse<String> execute(String code) throws IOException, InterruptedException {
    return send("POST", "/v1/executions", "text/plain", code);
  }

  /** A request as the test tenant ({@code "it"}), a JSON body or none. */
  public HttpResponse<String> send(String method, String path, String json)
      throws IOException, InterruptedException {
    return send(method, path, "application/json", json);
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(KEY, method, path, contentType, body);
  }

  /** A request with the API key {@code key}. */
  public HttpResponse<String> send(
      String key, String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", contentType)
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A GET on the management port ({@code /q/metrics}, {@code /q/health/ready}): its body. */
  public String management(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private int status(int onPort, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  public String instanceId() {
    return instanceId;
  }

  /** What the gateway has logged so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Waits for the gateway to exit by itself: its exit code, or empty when it still runs after
   * {@code timeout}.
   */
  public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  /** SIGKILL: the gateway gets no chance to clean up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, and the wait for a clean shutdown. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

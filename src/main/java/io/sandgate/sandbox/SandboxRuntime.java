package io.sandgate.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.transport.DockerHttpClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.GatewayInstance;
import io.sandgate.runtime.PythonRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Creates, inspects and removes sandbox containers on the Docker engine. Docker types stay in here.
 */
@ApplicationScoped
public class SandboxRuntime {

  static final String LABEL_MANAGED = "io.sandgate.managed";
  static final String LABEL_INSTANCE = "io.sandgate.instance";
  static final String LABEL_CREATED = "io.sandgate.created";
  static final String LABEL_SOCKET_DIR = "io.sandgate.socket-dir";
  static final String LABEL_UID = "io.sandgate.uid";

  private final DockerClient docker;
  private final DockerHttpClient engine;
  private final ObjectMapper json;
  private final SandboxConfig config;
  private final ContainerSpec spec;
  private final GatewayInstance instance;
  private final Clock clock;
  private final SandboxUids uids;

  SandboxRuntime(
      DockerClient docker,
      DockerHttpClient engine,
      ObjectMapper json,
      SandboxConfig config,
      GatewayInstance instance,
      Clock clock) {
    this.docker = docker;
    this.engine = engine;
    this.json = json;
    this.config = config;
    this.spec = ContainerSpec.from(config);
    this.instance = instance;
    this.clock = clock;
    this.uids = new SandboxUids(config.uidStart(), config.uidCount(), config.socketGid());
  }

  /**
   * Creates and starts a sandbox of {@code kind} whose agent gets {@code agentEnvironment} and
   * starts the interpreter of {@code warmRuntime} at once; on any failure nothing of it is left
   * behind.
   */
  public Sandbox create(
      Map<String, String> agentEnvironment, SandboxKind kind, Optional<PythonRuntime> warmRuntime) {
    for (int attempt = 1; ; attempt++) {
      int uid =
          uids.take()
              .orElseThrow(
                  () ->
                      new SandboxException(
                          "every sandbox user id is taken: raise" + " sandgate.sandbox.uid-count"));
      try {
        Optional<Sandbox> sandbox = create(agentEnvironment, kind, warmRuntime, uid);
        if (sandbox.isPresent()) {
          return sandbox.get();
        }
      } catch (RuntimeException e) {
        uids.release(uid);
        throw e;
      }
      uids.release(uid);
      if (attempt == 3) {
        throw new SandboxException(
            "three sandbox user ids in a row were held by other gateways' sandboxes");
      }
    }
  }

  /**
   * Empty when another gateway's live sandbox holds {@code uid}: nothing of this one is left then.
   */
  private Optional<Sandbox> create(
      Map<String, String> agentEnvironment,
      SandboxKind kind,
      Optional<PythonRuntime> warmRuntime,
      int uid) {
    Instant now = clock.instant();
    Path socketDir = newSocketDir();
    String containerId = null;
    try {
      containerId =
          docker
              .createContainerCmd(spec.image())
              .withName(
                  "sandgate-"
                      + instance.id()
                      + "-"
                      + socketDir.getFileName().toString().substring(0, 8))
              .withHostConfig(HardenedHostConfig.of(spec, kind, socketDir))
              .withLabels(
                  Map.of(
                      LABEL_MANAGED, "true",
                      LABEL_INSTANCE, instance.id(),
                      LABEL_CREATED, Long.toString(now.toEpochMilli()),
                      LABEL_SOCKET_DIR, socketDir.toString(),
                      LABEL_UID, Integer.toString(uid)))
              .withEnv(environment(agentEnvironment, warmRuntime, uid))
              .exec()
              .getId();
      if (heldElsewhere(uid, containerId)) {
        removeQuietly(containerId);
        deleteDir(socketDir);
        return Optional.empty();
      }
      docker.startContainerCmd(containerId).exec();
      return Optional.of(
          new Sandbox(containerId, socketDir, agentUrl(containerId), now, uid, kind, warmRuntime));
    } catch (RuntimeException e) {
      if (containerId != null) {
        removeQuietly(containerId);
      }
      deleteDir(socketDir);
      throw new SandboxException("could not start a sandbox from image " + spec.image(), e);
    }
  }

  /**
   * Whether another container holds the uid: another gateway on this engine picked it too. The
   * label is written before the container starts, so of two gateways that pick one uid at once each
   * sees the other's, and both pick again.
   */
  private boolean heldElsewhere(int uid, String containerId) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(LABEL_UID, Integer.toString(uid)))
        .exec()
        .stream()
        .anyMatch(c -> !c.getId().equals(containerId));
  }

  /**
   * Removes the sandbox's container (forced) and its socket directory; idempotent. Its uid is free
   * once it is gone.
   */
  public void destroy(Sandbox sandbox) {
    remove(sandbox.containerId());
    uids.release(sandbox.uid());
    deleteDir(sandbox.socketDir());
  }

  /** Forced removal; a container that is already gone or going counts as removed. */
  public void remove(String containerId) {
    try {
      docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone: removal is idempotent
    } catch (ConflictException e) {
      Log.debugf("removal of %s already in progress", containerId);
    } catch (RuntimeException e) {
      throw new SandboxException("could not remove container " + containerId, e);
    }
  }

  /**
   * Removes a container found by label (e.g. an orphan), with its socket directory if it is ours to
   * delete.
   */
  public void remove(ManagedContainer container) {
    remove(container.containerId());
    container
        .socketDir()
        .filter(dir -> dir.normalize().startsWith(config.socketRoot().normalize()))
        .ifPresent(SandboxRuntime::deleteDir);
  }

  /** Every container carrying Sandgate's label, of any instance. */
  public List<ManagedContainer> listManaged() {
    try {
      List<Container> containers =
          docker
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of(LABEL_MANAGED, "true"))
              .exec();
      return containers.stream().map(SandboxRuntime::toManaged).toList();
    } catch (RuntimeException e) {
      throw new SandboxException("could not list containers", e);
    }
  }

  /** Whether the engine saw the kernel kill something in the container for memory. */
  public boolean oomKilled(String containerId) {
    try {
      InspectContainerResponse.ContainerState state =
          docker.inspectContainerCmd(containerId).exec().getState();
      return state != null && Boolean.TRUE.equals(state.getOOMKilled());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * After the agent vanished mid-run: whether the sandbox died of memory. Waits briefly for the
   * engine to see it exit. Nothing outside kills a sandbox during its run and the program cannot
   * signal the agent, so a sandbox that died by SIGKILL (137) met the OOM killer even where the
   * engine does not flag it (a gVisor sandbox is killed whole).
   */
  public boolean diedOfMemory(String containerId) {
    try {
      for (int i = 0; i < 60; i++) {
        InspectContainerResponse.ContainerState state =
            docker.inspectContainerCmd(containerId).exec().getState();
        if (state == null) {
          return false;
        }
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
          return true;
        }
        if (!Boolean.TRUE.equals(state.getRunning())) {
          Long exit = state.getExitCodeLong();
          return exit != null && exit == 137;
        }
        Thread.sleep(50);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The engine's machine, as the engine reports it; this process's own machine when the engine does
   * not answer (then only a guess: the engine may run elsewhere).
   */
  public EngineHost engineHost() {
    // Two fields of /info, read as such: docker-java's Info would need its whole model (swarm,
    // registries, plugins) registered for reflection in the native image.
    try (DockerHttpClient.Response response =
        engine.execute(
            DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/info")
                .build())) {
      EngineMachine machine =
          response.getStatusCode() == 200
              ? json.readValue(response.getBody(), EngineMachine.class)
              : null;
      if (machine != null && machine.memTotal() > 0 && machine.cpus() > 0) {
        return new EngineHost(machine.memTotal(), machine.cpus(), "the Docker engine");
      }
      Log.debugf("engine info unavailable: HTTP %d", response.getStatusCode());
    } catch (IOException | RuntimeException e) {
      Log.debugf("engine info unavailable: %s", e.getMessage());
    }
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long memory =
        os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    return new EngineHost(
        memory, java.lang.Runtime.getRuntime().availableProcessors(), "this process's machine");
  }

  /** Whether the engine answers. Never throws. */
  public boolean ping() {
    try {
      docker.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether the runner image is present on the engine. */
  public boolean imagePresent() {
    try {
      docker.inspectImageCmd(spec.image()).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  public ContainerSpec spec() {
    return spec;
  }

  public String instanceId() {
    return instance.id();
  }

  private List<String> environment(
      Map<String, String> agentEnvironment, Optional<PythonRuntime> warmRuntime, int uid) {
    List<String> env =
        new ArrayList<>(
            List.of(
                "SANDGATE_SOCKET_DIR=" + ContainerSpec.SOCKET_DIR_IN_CONTAINER,
                "SANDGATE_UID=" + uid));
    warmRuntime.ifPresent(r -> env.add("SANDGATE_WARM_RUNTIME=" + r.id()));
    agentEnvironment.forEach((name, value) -> env.add(name + "=" + value));
    spec.socketGid().ifPresent(gid -> env.add("SANDGATE_SOCKET_GID=" + gid));
    if (spec.network().isPresent()) {
      env.add("SANDGATE_AGENT_PORT=" + spec.agentPort());
    }
    return env;
  }

  /** The agent's URL on the sandbox network; costs an inspect, so only with a network. */
  private Optional<URI> agentUrl(String containerId) {
    if (spec.network().isEmpty()) {
      return Optional.empty();
    }
    Map<String, ContainerNetwork> networks =
        docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks();
    return Optional.ofNullable(networks.get(spec.network().get()))
        .map(ContainerNetwork::getIpAddress)
        .filter(ip -> !ip.isBlank())
        .map(ip -> URI.create("http://" + ip + ":" + spec.agentPort()));
  }

  private Path newSocketDir() {
    Path dir = config.socketRoot().resolve(UUID.randomUUID().toString().replace("-", ""));
    try {
      Files.createDirectories(config.socketRoot());
      // Only the gateway and the agent may enter: the program runs as another uid, in no group.
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (spec.socketGid().isPresent()) {
        Files.setAttribute(dir, "unix:gid", spec.socketGid().getAsInt());
        Files.setAttribute(dir, "unix:mode", 02770);
      }
      return dir;
    } catch (IOException e) {
      deleteDir(dir);
      throw new SandboxException(
          "could not create socket directory under " + config.socketRoot(), e);
    }
  }

  private void removeQuietly(String containerId) {
    try {
      remove(containerId);
    } catch (SandboxException e) {
      Log.warnf("could not remove failed container %s: %s", containerId, e.getCause());
    }
  }

  private static ManagedContainer toManaged(Container c) {
    Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
    Optional<Instant> created =
        Optional.ofNullable(labels.get(LABEL_CREATED)).flatMap(SandboxRuntime::parseEpochMillis);
    Optional<Path> socketDir = Optional.ofNullable(labels.get(LABEL_SOCKET_DIR)).map(Path::of);
    return new ManagedContainer(
        c.getId(),
        labels.getOrDefault(LABEL_INSTANCE, ""),
        created,
        socketDir,
        "running".equals(c.getState()));
  }

  private static Optional<Instant> parseEpochMillis(String value) {
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static void deleteDir(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      Log.warnf("could not delete socket directory %s: %s", dir, e.getMessage());
    }
  }

  /** What the gateway reads of the engine's /info. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record EngineMachine(@JsonProperty("MemTotal") long memTotal, @JsonProperty("NCPU") int cpus) {}
}

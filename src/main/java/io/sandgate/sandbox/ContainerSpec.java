package io.sandgate.sandbox;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything that decides how locked down a sandbox container is, in engine-neutral terms. {@link
 * HardenedHostConfig} is the one place it becomes Docker settings.
 */
public record ContainerSpec(
    String image,
    long memoryBytes,
    long dataMemoryBytes,
    long tmpBytes,
    long maxFileBytes,
    int maxOpenFiles,
    long pidsLimit,
    long nanoCpus,
    Optional<String> ociRuntime,
    Optional<String> network,
    int agentPort,
    OptionalInt socketGid) {

  /** The agent's socket directory inside the container. */
  public static final String SOCKET_DIR_IN_CONTAINER = "/run/sandgate";

  /** The memory limit of a sandbox of {@code kind}. */
  public long memoryBytes(SandboxKind kind) {
    return kind == SandboxKind.DATA ? dataMemoryBytes : memoryBytes;
  }

  /** Whether sandboxes run under gVisor ({@code runsc}), whose limits work differently. */
  public boolean gvisor() {
    return ociRuntime.map(ContainerSpec::isGvisor).orElse(false);
  }

  private static boolean isGvisor(String ociRuntime) {
    return ociRuntime.startsWith("runsc");
  }

  /** Defaults per kind of runtime: under gVisor every process costs its kernel memory too. */
  static final long MEMORY = 128L << 20;

  static final long GVISOR_MEMORY = 256L << 20;
  static final long DATA_MEMORY = 512L << 20;
  static final long GVISOR_DATA_MEMORY = 768L << 20;
  static final long PIDS = 64;

  /**
   * gVisor copies a forked process's memory in chunks far larger than a page (a byte written costs
   * ~1 MB), and a sandbox that meets its memory limit dies whole, agent and output included.
   * Measured per sleeping child: pypy3 ~8 MB, python3 ~5, python3-data ~29; at 32, pypy3 and
   * python3-data sandboxes died every time before fork() was refused. At 16 they peak at 194 of 256
   * MB and 627 of 768: the cap, not memory, stops a program that forks.
   */
  static final long GVISOR_PIDS = 16;

  /** The spec that configuration asks for, with the defaults of its kind of runtime. */
  public static ContainerSpec from(SandboxConfig config) {
    Optional<String> ociRuntime = config.ociRuntime().filter(r -> !r.isBlank());
    boolean gvisor = ociRuntime.map(ContainerSpec::isGvisor).orElse(false);
    return new ContainerSpec(
        config.image(),
        config.memory().map(m -> m.asLongValue()).orElse(gvisor ? GVISOR_MEMORY : MEMORY),
        config
            .dataMemory()
            .map(m -> m.asLongValue())
            .orElse(gvisor ? GVISOR_DATA_MEMORY : DATA_MEMORY),
        config.tmpSize().asLongValue(),
        config.maxFileSize().asLongValue(),
        config.maxOpenFiles(),
        config.pidsLimit().orElse(gvisor ? GVISOR_PIDS : PIDS),
        Math.round(config.cpus() * 1_000_000_000L),
        ociRuntime,
        config.network().filter(n -> !n.isBlank()),
        config.agentPort(),
        config.socketGid());
  }
}

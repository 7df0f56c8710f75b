package io.sandgate.sandbox;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** How sandbox containers are made: image, hardening limits and the Docker engine. */
@ConfigMapping(prefix = "sandgate.sandbox")
public interface SandboxConfig {

  /** Runner image holding the runtimes and the agent; runner-image/build.sh builds this tag. */
  @WithDefault("sandgate-runner:0.3.0")
  String image();

  /**
   * Whether the gateway builds the runner image with {@link #imageBuildScript()}: never,
   * if-missing, always.
   */
  @WithDefault("never")
  ImageBuild imageBuild();

  /** Script that builds the runner image (used by {@link #imageBuild()}). */
  @WithDefault("runner-image/build.sh")
  Path imageBuildScript();

  /**
   * OCI runtime for sandboxes, e.g. {@code runsc} for gVisor; the engine's default when unset. Also
   * read as {@code sandgate.sandbox.runtime}, its former name.
   */
  Optional<String> ociRuntime();

  /**
   * Memory limit of a sandbox; swap is set equal, so there is none. Default 128M (the agent, a
   * pypy3 program and one pypy3 child of it peak at 68 MB, kernel memory counted), or 256M under
   * gVisor, whose own kernel lives within the limit and spends 5 to 8 MB on every process.
   */
  Optional<MemorySize> memory();

  /**
   * Memory limit of a sandbox of the python3-data runtime, whose libraries alone take 85 MB (numpy,
   * pandas and pyplot imported). Default 512M, or 768M under gVisor.
   */
  Optional<MemorySize> dataMemory();

  /** Size of the sandbox's writable {@code /tmp} (tmpfs). Default 16M. */
  @WithDefault("16M")
  MemorySize tmpSize();

  /** Largest file a program may write (ulimit fsize). Default 8M. */
  @WithDefault("8M")
  MemorySize maxFileSize();

  /** Open files per process (ulimit nofile). Default 256. */
  @WithDefault("256")
  int maxOpenFiles();

  /**
   * Processes and threads in a sandbox (pids cgroup and RLIMIT_NPROC). Default 64, or 16 under
   * gVisor, where 16 pypy3 processes already take 190 of the 256M (and a sandbox out of memory dies
   * whole): the cap, not memory, stops a program that forks.
   */
  OptionalLong pidsLimit();

  /** CPUs a sandbox may use (fractions allowed). Default 1. */
  @WithDefault("1")
  double cpus();

  /**
   * First user id given to sandboxes; each live sandbox gets one of its own from [uid-start,
   * uid-start + uid-count). No host account and no /etc/subuid range may use them. Default 1000000.
   */
  @WithDefault("1000000")
  int uidStart();

  /**
   * How many user ids sandboxes may take (at least the number of live sandboxes, with room).
   * Default 65536.
   */
  @WithDefault("65536")
  int uidCount();

  /** Host directory under which each sandbox gets its agent socket directory. */
  @WithDefault("/tmp/sandgate")
  Path socketRoot();

  /**
   * Group shared by a non-root gateway and the agents: socket directories become 2770 with this
   * group and agents make their socket 0660 in it. Unset: directories 0700, for a root gateway.
   */
  OptionalInt socketGid();

  /** Docker network for the tcp agent transport; unset means {@code none} (no network at all). */
  Optional<String> network();

  /**
   * Port the agent listens on when sandboxes sit on {@link #network()} (tcp transport). Default
   * 8080.
   */
  @WithDefault("8080")
  int agentPort();

  /**
   * Id of this gateway instance, stamped on every container; random when unset. Read by {@link
   * io.sandgate.GatewayInstance}, which every package may use.
   */
  Optional<String> instanceId();

  /** How long a new sandbox may take for its agent to answer. Default 20s. */
  @WithDefault("20s")
  Duration startTimeout();

  /** The Docker engine. */
  Docker docker();

  /** Connection to the Docker engine. */
  interface Docker {
    /** Engine address. Default unix:///var/run/docker.sock. */
    @WithDefault("unix:///var/run/docker.sock")
    String host();

    /** Connect timeout. Default 3s. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Response timeout of one engine call. Default 30s. */
    @WithDefault("30s")
    Duration responseTimeout();

    /** Connections to the engine at once. Default 32. */
    @WithDefault("32")
    int maxConnections();
  }

  /** When the gateway builds the runner image itself. */
  enum ImageBuild {
    NEVER,
    IF_MISSING,
    ALWAYS
  }
}

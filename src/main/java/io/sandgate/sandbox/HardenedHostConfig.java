package io.sandgate.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one mapping from a {@link ContainerSpec} to Docker's HostConfig, with all hardening. */
final class HardenedHostConfig {

  /**
   * Under gVisor the host pids cgroup counts the sandbox kernel's own threads, so it only bounds
   * the sandbox as a whole; the program's processes are capped inside gVisor's kernel by
   * RLIMIT_NPROC instead. (Under runc RLIMIT_NPROC is a second fence below the pids cgroup: it
   * counts a user id's processes across the host, and each sandbox's uid is its own.) Measured: a
   * fork bomb of 32 Python processes keeps gVisor at up to ~1,300 host tasks; at 1,024 the
   * sandbox's kernel itself failed.
   */
  static final long GVISOR_HOST_PIDS = 2048;

  /**
   * Sandgate's seccomp profile ({@code seccomp.json} beside this class): Docker 20.10's default
   * less what later Docker took out of it — {@code io_uring_*} (Docker 25; a family behind many
   * kernel escapes), {@code socket} of AF_VSOCK (25) and AF_ALG (29.5) — and less the i386 {@code
   * socketcall}, which would reach those families past the check. Sent with every sandbox, because
   * an engine applies its own default otherwise, and Debian's 20.10 still allows io_uring. runsc
   * applies it only with {@code --oci-seccomp}, which gVisor's release of 2022-12-19 cannot take
   * (it ignores errnoRet: clone3 fails with EPERM, not ENOSYS, and no thread starts); there the
   * program's io_uring is gVisor's own, never the host's. Compact: it travels with every container
   * create.
   */
  static final String SECCOMP_PROFILE = seccompProfile();

  private HardenedHostConfig() {}

  static HostConfig of(ContainerSpec spec, SandboxKind kind, Path socketDir) {
    long memory = spec.memoryBytes(kind);
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode(spec.network().orElse("none"))
            .withReadonlyRootfs(true)
            .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,mode=1777,size=" + spec.tmpBytes()))
            .withMemory(memory)
            // Swap equal to memory means no swap: a memory bomb meets the limit at once.
            .withMemorySwap(memory)
            .withMemorySwappiness(0L)
            .withPidsLimit(spec.gvisor() ? GVISOR_HOST_PIDS : spec.pidsLimit())
            .withNanoCPUs(spec.nanoCpus())
            .withCapDrop(Capability.ALL)
            // The agent needs these to drop to the sandbox's uid and to kill the program's
            // processes.
            .withCapAdd(Capability.SETUID, Capability.SETGID, Capability.KILL)
            .withSecurityOpts(List.of("no-new-privileges", "seccomp=" + SECCOMP_PROFILE))
            .withIpcMode("private")
            // An init as pid 1 reaps orphans and zombies the program leaves behind.
            .withInit(true)
            .withUlimits(ulimits(spec))
            .withBinds(
                new Bind(socketDir.toString(), new Volume(ContainerSpec.SOCKET_DIR_IN_CONTAINER)));
    spec.ociRuntime().ifPresent(host::withRuntime);
    // The agent joins the socket group so that it may create its socket for a non-root gateway.
    spec.socketGid().ifPresent(gid -> host.withGroupAdd(List.of(Integer.toString(gid))));
    return host;
  }

  private static String seccompProfile() {
    try (InputStream in = HardenedHostConfig.class.getResourceAsStream("seccomp.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "seccomp.json is missing beside " + HardenedHostConfig.class.getName());
      }
      return new ObjectMapper().readTree(in).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Ulimit> ulimits(ContainerSpec spec) {
    List<Ulimit> limits =
        new ArrayList<>(
            List.of(
                new Ulimit("nofile", (long) spec.maxOpenFiles(), (long) spec.maxOpenFiles()),
                new Ulimit("fsize", spec.maxFileBytes(), spec.maxFileBytes()),
                new Ulimit("core", 0L, 0L),
                // Root (the agent, init) is exempt; the program's uid counts only its own
                // processes.
                new Ulimit("nproc", spec.pidsLimit(), spec.pidsLimit())));
    return limits;
  }
}

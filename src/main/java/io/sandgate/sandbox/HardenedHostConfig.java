package io.sandgate.sandbox;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one mapping from a {@link ContainerSpec} to Docker's HostConfig, with all hardening. */
final class HardenedHostConfig {

    /**
     * Under gVisor the host pids cgroup counts the sandbox kernel's own threads, so it only
     * bounds the sandbox as a whole; the program's processes are capped inside gVisor's kernel
     * by RLIMIT_NPROC instead. (Under runc RLIMIT_NPROC is a second fence below the pids cgroup:
     * it counts a user id's processes across the host, and each sandbox's uid is its own.)
     * Measured: a fork bomb of 32 Python processes keeps gVisor at up to ~1,300 host tasks; at
     * 1,024 the sandbox's kernel itself failed.
     */
    static final long GVISOR_HOST_PIDS = 2048;

    private HardenedHostConfig() {
    }

    static HostConfig of(ContainerSpec spec, SandboxKind kind, Path socketDir) {
        long memory = spec.memoryBytes(kind);
        HostConfig host = HostConfig.newHostConfig()
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
                // The agent needs these to drop to the sandbox's uid and to kill the program's processes.
                .withCapAdd(Capability.SETUID, Capability.SETGID, Capability.KILL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withIpcMode("private")
                // An init as pid 1 reaps orphans and zombies the program leaves behind.
                .withInit(true)
                .withUlimits(ulimits(spec))
                .withBinds(new Bind(socketDir.toString(), new Volume(ContainerSpec.SOCKET_DIR_IN_CONTAINER)));
        spec.ociRuntime().ifPresent(host::withRuntime);
        // The agent joins the socket group so that it may create its socket for a non-root gateway.
        spec.socketGid().ifPresent(gid -> host.withGroupAdd(List.of(Integer.toString(gid))));
        return host;
    }

    private static List<Ulimit> ulimits(ContainerSpec spec) {
        List<Ulimit> limits = new ArrayList<>(List.of(
                new Ulimit("nofile", (long) spec.maxOpenFiles(), (long) spec.maxOpenFiles()),
                new Ulimit("fsize", spec.maxFileBytes(), spec.maxFileBytes()),
                new Ulimit("core", 0L, 0L),
                // Root (the agent, init) is exempt; the program's uid counts only its own processes.
                new Ulimit("nproc", spec.pidsLimit(), spec.pidsLimit())));
        return limits;
    }
}

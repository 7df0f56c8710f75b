package io.sandgate.sandbox;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The one mapping from a {@link ContainerSpec} to Docker's HostConfig, with all hardening. */
final class HardenedHostConfig {

    private HardenedHostConfig() {
    }

    static HostConfig of(ContainerSpec spec, Path socketDir) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network().orElse("none"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,mode=1777,size=" + spec.tmpBytes()))
                .withMemory(spec.memoryBytes())
                // Swap equal to memory means no swap: a memory bomb meets the limit at once.
                .withMemorySwap(spec.memoryBytes())
                .withMemorySwappiness(0L)
                .withPidsLimit(spec.pidsLimit())
                .withNanoCPUs(spec.nanoCpus())
                .withCapDrop(Capability.ALL)
                // The agent needs these to drop to uid 65534 and to kill the program's processes.
                .withCapAdd(Capability.SETUID, Capability.SETGID, Capability.KILL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withIpcMode("private")
                // An init as pid 1 reaps orphans and zombies the program leaves behind.
                .withInit(true)
                .withUlimits(List.of(
                        new Ulimit("nofile", (long) spec.maxOpenFiles(), (long) spec.maxOpenFiles()),
                        new Ulimit("fsize", spec.maxFileBytes(), spec.maxFileBytes()),
                        new Ulimit("core", 0L, 0L)))
                .withBinds(new Bind(socketDir.toString(), new Volume(ContainerSpec.SOCKET_DIR_IN_CONTAINER)));
        spec.ociRuntime().ifPresent(host::withRuntime);
        return host;
    }
}

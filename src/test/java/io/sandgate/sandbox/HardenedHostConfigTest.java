package io.sandgate.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HardenedHostConfigTest {

    private static ContainerSpec spec(Optional<String> runtime) {
        return new ContainerSpec("img", 64L << 20, 512L << 20, 16L << 20, 8L << 20, 256, 64, 1_000_000_000L, runtime,
                Optional.empty(), 8080, OptionalInt.empty());
    }

    private static Map<String, Long> ulimits(HostConfig host) {
        return host.getUlimits().length == 0 ? Map.of()
                : List.of(host.getUlimits()).stream().collect(Collectors.toMap(Ulimit::getName, Ulimit::getHardLong));
    }

    @Test
    void everyHardeningDefaultIsMapped() {
        HostConfig host = HardenedHostConfig.of(spec(Optional.empty()), SandboxKind.STANDARD, Path.of("/tmp/sock"));
        assertEquals("none", host.getNetworkMode());
        assertTrue(host.getReadonlyRootfs());
        assertEquals("rw,nosuid,nodev,mode=1777,size=16777216", host.getTmpFs().get("/tmp"));
        assertEquals(64L << 20, host.getMemory());
        assertEquals(64L << 20, host.getMemorySwap(), "swap equal to memory: none");
        assertEquals(64L, host.getPidsLimit());
        assertEquals(1_000_000_000L, host.getNanoCPUs());
        assertArrayEquals(new Capability[] {Capability.ALL}, host.getCapDrop());
        assertArrayEquals(new Capability[] {Capability.SETUID, Capability.SETGID, Capability.KILL}, host.getCapAdd());
        assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
        assertTrue(host.getInit());
        // nproc counts the program's uid across the host; each sandbox has its own, so it is per sandbox.
        assertEquals(Map.of("nofile", 256L, "fsize", 8L << 20, "core", 0L, "nproc", 64L), ulimits(host));
        assertEquals("/tmp/sock", host.getBinds()[0].getPath());
        assertEquals("/run/sandgate", host.getBinds()[0].getVolume().getPath());
        assertNull(host.getRuntime());
    }

    @Test
    void aDataSandboxGetsTheDataMemoryLimitAndNothingElseChanges() {
        HostConfig standard = HardenedHostConfig.of(spec(Optional.empty()), SandboxKind.STANDARD, Path.of("/tmp/sock"));
        HostConfig data = HardenedHostConfig.of(spec(Optional.empty()), SandboxKind.DATA, Path.of("/tmp/sock"));
        assertEquals(512L << 20, data.getMemory());
        assertEquals(512L << 20, data.getMemorySwap(), "swap equal to memory: none");
        assertEquals(standard.getPidsLimit(), data.getPidsLimit());
        assertEquals(ulimits(standard), ulimits(data));
        assertEquals(standard.getTmpFs(), data.getTmpFs());
    }

    @Test
    void underGvisorTheProcessCapMovesInsideTheSandbox() {
        HostConfig host = HardenedHostConfig.of(spec(Optional.of("runsc")), SandboxKind.STANDARD, Path.of("/tmp/sock"));
        assertEquals("runsc", host.getRuntime());
        assertEquals(HardenedHostConfig.GVISOR_HOST_PIDS, host.getPidsLimit());
        assertEquals(64L, ulimits(host).get("nproc"));
    }
}

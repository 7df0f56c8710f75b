package io.sandgate.sandbox;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything that decides how locked down a sandbox container is, in engine-neutral
 * terms. {@link HardenedHostConfig} is the one place it becomes Docker settings.
 */
public record ContainerSpec(
        String image,
        long memoryBytes,
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

    /** Whether sandboxes run under gVisor ({@code runsc}), whose limits work differently. */
    public boolean gvisor() {
        return ociRuntime.map(r -> r.startsWith("runsc")).orElse(false);
    }

    /** The spec that configuration asks for. */
    public static ContainerSpec from(SandboxConfig config) {
        return new ContainerSpec(
                config.image(),
                config.memory().asLongValue(),
                config.tmpSize().asLongValue(),
                config.maxFileSize().asLongValue(),
                config.maxOpenFiles(),
                config.pidsLimit(),
                Math.round(config.cpus() * 1_000_000_000L),
                config.runtime().filter(r -> !r.isBlank()),
                config.network().filter(n -> !n.isBlank()),
                config.agentPort(),
                config.socketGid());
    }
}

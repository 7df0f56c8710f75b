package io.sandgate.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A container carrying Sandgate's labels, as found on the engine. */
public record ManagedContainer(
        String containerId, String instanceId, Optional<Instant> createdAt, Optional<Path> socketDir,
        boolean running) {

    public String shortId() {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}

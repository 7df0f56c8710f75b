package io.sandgate.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A container carrying Sandgate's labels, as found on the engine. */
public record ManagedContainer(
    String containerId,
    String instanceId,
    Optional<Instant> createdAt,
    Optional<Path> socketDir,
    boolean running) {

  /** Created before {@code instant}; a container without the label counts as old. */
  public boolean createdBefore(Instant instant) {
    return createdAt.map(t -> t.isBefore(instant)).orElse(true);
  }

  public String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}

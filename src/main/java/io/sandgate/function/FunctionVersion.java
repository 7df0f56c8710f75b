package io.sandgate.function;

import io.sandgate.runtime.PythonRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable, deployed version of a tenant's function.
 *
 * @param rate the function's own limit on calls without a key (public functions), if set
 * @param sha256 hex SHA-256 of {@code code}'s UTF-8 bytes
 */
public record FunctionVersion(
    String tenant,
    String name,
    int version,
    PythonRuntime runtime,
    String handler,
    long timeoutMs,
    boolean isPublic,
    Map<String, String> env,
    Optional<String> description,
    Optional<Rate> rate,
    String sha256,
    String code,
    Instant createdAt) {

  /** {@code limit} calls per {@code period}. */
  public record Rate(int limit, Duration period) {}
}

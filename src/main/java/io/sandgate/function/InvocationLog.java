package io.sandgate.function;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** One invocation as the function's logs keep it: never the request's body or keys. */
@RegisterForReflection
public record InvocationLog(
    String requestId,
    int version,
    int status,
    long durationMs,
    Instant at,
    String stdout,
    String stderr) {}

package io.sandgate.function;

import io.sandgate.runtime.PythonRuntime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A deploy request as the client sent it, before the gateway checks it against the limits. */
public record FunctionDraft(
    String code,
    PythonRuntime runtime,
    String handler,
    Optional<Duration> timeout,
    boolean isPublic,
    Map<String, String> env,
    Optional<String> description,
    Optional<FunctionVersion.Rate> rate) {}

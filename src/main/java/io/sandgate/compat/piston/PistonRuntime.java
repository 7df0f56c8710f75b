package io.sandgate.compat.piston;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** One entry of {@code GET /api/v2/runtimes}. */
@RegisterForReflection
public record PistonRuntime(String language, String version, List<String> aliases) {}

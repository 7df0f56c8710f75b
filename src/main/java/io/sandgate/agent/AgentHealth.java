package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * Wire record of the agent's {@code GET /health}; {@code warm}: the runtime whose interpreter waits
 * for the program, null for none.
 */
@RegisterForReflection
public record AgentHealth(String status, Map<String, String> runtimes, boolean used, String warm) {}

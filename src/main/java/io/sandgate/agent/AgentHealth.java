package io.sandgate.agent;

import java.util.Map;

/** Wire record of the agent's {@code GET /health}. */
public record AgentHealth(String status, Map<String, String> runtimes, boolean used) {
}

package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Wire record of the agent's {@code POST /run} body. */
@RegisterForReflection
public record AgentRunRequest(
        String code, String runtime, String stdin, List<String> args, long timeoutMs, long maxOutputBytes) {
}

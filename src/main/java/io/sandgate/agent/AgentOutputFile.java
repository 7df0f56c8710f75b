package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A file the program left under {@code /tmp/out}, as the agent answers it.
 *
 * @param path relative to {@code /tmp/out}
 * @param size its size in bytes
 * @param content the bytes, base64; null when {@code truncated}
 * @param truncated past the run's cap on output files' bytes: listed, not returned
 */
@RegisterForReflection
public record AgentOutputFile(String path, long size, String content, boolean truncated) {
}

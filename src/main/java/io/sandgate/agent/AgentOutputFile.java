package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A file the program left under {@code /tmp/out}, as the agent answers it.
 *
 * @param path relative to {@code /tmp/out}; a name that is not UTF-8 percent-escaped (its invalid
 *     bytes and every {@code %})
 * @param pathBase64 the name's bytes, base64, when it is not UTF-8; else null
 * @param size its size in bytes
 * @param content the bytes, base64; null when {@code truncated}
 * @param truncated past the run's cap on output files' bytes: listed, not returned
 */
@RegisterForReflection
public record AgentOutputFile(
    String path, String pathBase64, long size, String content, boolean truncated) {}

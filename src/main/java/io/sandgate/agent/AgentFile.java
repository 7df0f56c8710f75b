package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Base64;

/**
 * A file the agent writes beside the program, read-only, before it starts.
 *
 * @param path relative to the program's directory, plain names only ({@code data/in.csv})
 * @param content the bytes, base64
 */
@RegisterForReflection
public record AgentFile(String path, String content) {

  public static AgentFile of(String path, byte[] bytes) {
    return new AgentFile(path, Base64.getEncoder().encodeToString(bytes));
  }
}

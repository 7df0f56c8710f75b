package io.sandgate.execution;

import io.sandgate.agent.AgentFile;

/**
 * A file written beside the program before it starts.
 *
 * @param name a relative path of plain names ({@code data/in.csv}), checked by {@link
 *     RequestValidator}
 * @param content its bytes
 */
public record ProgramFile(String name, byte[] content) {

  AgentFile toAgent() {
    return AgentFile.of(name, content);
  }
}

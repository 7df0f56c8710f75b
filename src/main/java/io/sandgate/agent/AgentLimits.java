package io.sandgate.agent;

import java.util.Map;

/**
 * What the agent must be able to take, decided by the gateway's request limits: the agent's own
 * body bound follows from them, so that any request the gateway accepts reaches the program.
 *
 * @param maxRequestBytes the largest {@code POST /run} body the gateway can send
 */
public record AgentLimits(long maxRequestBytes) {

  /** Fields, names and numbers of a run request besides its strings. */
  private static final long ENVELOPE_BYTES = 16 * 1024;

  /**
   * A file's name (at most {@link #MAX_FILE_NAME} plain characters) and its object's punctuation.
   */
  private static final long FILE_ENVELOPE_BYTES = 64;

  /** Longest name of a file written beside the program. */
  public static final int MAX_FILE_NAME = 255;

  /**
   * Deepest path of a file written beside the program, and of the output files read back: the agent
   * walks no deeper.
   */
  public static final int MAX_FILE_DEPTH = 8;

  /** Most files written beside the program that the agent takes in one run. */
  public static final int MAX_FILES = 256;

  /**
   * Every UTF-8 byte of code, stdin and args is at worst a six-byte JSON escape ({@code \u0000});
   * each argument adds its quotes and a comma; files travel as base64 (4 bytes per 3).
   */
  public static AgentLimits forRequests(
      long maxCodeBytes,
      long maxStdinBytes,
      long maxArgsBytes,
      int maxArgs,
      long maxFilesBytes,
      int maxFiles) {
    if (maxFiles > MAX_FILES) {
      throw new IllegalArgumentException(
          "sandgate.limits.max-files is " + maxFiles + "; the agent takes at most " + MAX_FILES);
    }
    long files =
        (maxFilesBytes + 2) / 3 * 4 + (long) maxFiles * (MAX_FILE_NAME + FILE_ENVELOPE_BYTES + 4);
    return new AgentLimits(
        6 * (maxCodeBytes + maxStdinBytes + maxArgsBytes) + 3L * maxArgs + files + ENVELOPE_BYTES);
  }

  /**
   * The agent's bounds, set in every sandbox's environment: it keeps no copy of them and does not
   * start without them (runner-image/README.md).
   */
  public Map<String, String> environment() {
    return Map.of(
        "SANDGATE_MAX_REQUEST_BYTES", Long.toString(maxRequestBytes),
        "SANDGATE_MAX_FILES", Integer.toString(MAX_FILES),
        "SANDGATE_MAX_FILE_DEPTH", Integer.toString(MAX_FILE_DEPTH),
        "SANDGATE_MAX_FILE_NAME_BYTES", Integer.toString(MAX_FILE_NAME));
  }
}

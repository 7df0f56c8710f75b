package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Wire record of the agent's {@code POST /run} body.
 *
 * @param files written beside the program before it starts
 * @param result whether the program gets a result channel (its fd 3), answered as {@code result}
 * @param maxResultBytes cap on what the result channel keeps
 * @param outputFiles whether the files the program leaves under {@code /tmp/out} come back
 * @param maxOutputFiles most of them listed
 * @param maxOutputFileBytes their contents together, at most
 */
@RegisterForReflection
public record AgentRunRequest(
    String code,
    String runtime,
    String stdin,
    List<String> args,
    long timeoutMs,
    long maxOutputBytes,
    List<AgentFile> files,
    boolean result,
    long maxResultBytes,
    boolean outputFiles,
    int maxOutputFiles,
    long maxOutputFileBytes) {

  /** A run that gives back no output files. */
  public AgentRunRequest(
      String code,
      String runtime,
      String stdin,
      List<String> args,
      long timeoutMs,
      long maxOutputBytes,
      List<AgentFile> files,
      boolean result,
      long maxResultBytes) {
    this(
        code,
        runtime,
        stdin,
        args,
        timeoutMs,
        maxOutputBytes,
        files,
        result,
        maxResultBytes,
        false,
        0,
        0);
  }

  /** A run of a program alone: no extra files, no result channel. */
  public AgentRunRequest(
      String code,
      String runtime,
      String stdin,
      List<String> args,
      long timeoutMs,
      long maxOutputBytes) {
    this(code, runtime, stdin, args, timeoutMs, maxOutputBytes, List.of(), false, maxOutputBytes);
  }
}

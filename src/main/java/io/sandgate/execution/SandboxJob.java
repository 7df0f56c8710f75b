package io.sandgate.execution;

import io.sandgate.agent.AgentRunRequest;
import io.sandgate.runtime.PythonRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One program for a sandbox, checked already (its timeout within its tenant's maximum), with what
 * its run gives back beside the program's output.
 *
 * @param files written beside the program before it starts
 * @param resultChannelBytes when present, the program gets a result channel (its fd 3) that keeps
 *     at most this many bytes, answered as {@link SandboxRun#resultChannel()}
 * @param outputFiles whether the files it leaves under {@code /tmp/out} come back, within {@link
 *     ExecutionLimits}
 */
public record SandboxJob(
    String code,
    PythonRuntime runtime,
    String stdin,
    List<String> args,
    Duration timeout,
    List<ProgramFile> files,
    OptionalLong resultChannelBytes,
    boolean outputFiles) {

  public SandboxJob {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(timeout, "timeout");
    stdin = Objects.requireNonNullElse(stdin, "");
    args = List.copyOf(args);
    files = List.copyOf(files);
  }

  /** A job of {@code code} alone, on {@code runtime}, for at most {@code timeout}. */
  public static Builder of(String code, PythonRuntime runtime, Duration timeout) {
    return new Builder(code, runtime, timeout);
  }

  /** The agent's request for this job, within {@code limits}. */
  AgentRunRequest toAgent(ExecutionLimits limits) {
    long maxOutput = limits.maxOutputBytes().asLongValue();
    return new AgentRunRequest(
        code,
        runtime.id(),
        stdin,
        args,
        timeout.toMillis(),
        maxOutput,
        files.stream().map(ProgramFile::toAgent).toList(),
        resultChannelBytes.isPresent(),
        resultChannelBytes.orElse(maxOutput),
        outputFiles,
        outputFiles ? limits.maxOutputFiles() : 0,
        outputFiles ? limits.maxOutputFilesBytes().asLongValue() : 0);
  }

  /** Names each part of a job; what is not named is empty. */
  public static final class Builder {

    private final String code;
    private final PythonRuntime runtime;
    private final Duration timeout;
    private String stdin = "";
    private List<String> args = List.of();
    private List<ProgramFile> files = List.of();
    private OptionalLong resultChannelBytes = OptionalLong.empty();
    private boolean outputFiles;

    private Builder(String code, PythonRuntime runtime, Duration timeout) {
      this.code = code;
      this.runtime = runtime;
      this.timeout = timeout;
    }

    public Builder stdin(String stdin) {
      this.stdin = stdin;
      return this;
    }

    public Builder args(List<String> args) {
      this.args = args;
      return this;
    }

    public Builder files(List<ProgramFile> files) {
      this.files = files;
      return this;
    }

    /** Gives the program a result channel that keeps at most {@code maxBytes}. */
    public Builder resultChannel(long maxBytes) {
      this.resultChannelBytes = OptionalLong.of(maxBytes);
      return this;
    }

    /** Gives back the files the program leaves under {@code /tmp/out}. */
    public Builder outputFiles() {
      this.outputFiles = true;
      return this;
    }

    public SandboxJob build() {
      return new SandboxJob(
          code, runtime, stdin, args, timeout, files, resultChannelBytes, outputFiles);
    }
  }
}

package io.sandgate.execution;

import io.sandgate.runtime.PythonRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One program to run, as the client asked for it (timeout empty means the default), with the files
 * to write beside it.
 */
public record ExecutionRequest(
    String code,
    PythonRuntime runtime,
    String stdin,
    List<String> args,
    Optional<Duration> timeout,
    List<ProgramFile> files) {

  /** A program alone. */
  public ExecutionRequest(
      String code,
      PythonRuntime runtime,
      String stdin,
      List<String> args,
      Optional<Duration> timeout) {
    this(code, runtime, stdin, args, timeout, List.of());
  }
}

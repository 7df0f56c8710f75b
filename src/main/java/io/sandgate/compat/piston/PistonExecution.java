package io.sandgate.compat.piston;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer of {@code POST /api/v2/execute}: Python has no compile stage, so only {@code run}. */
@RegisterForReflection
public record PistonExecution(String language, String version, Stage run) {

  /**
   * A stage as Piston reports it. {@code status}: {@code RE} (non-zero exit), {@code SG} (killed by
   * a signal), {@code TO} (timeout), {@code OL}/{@code EL} (stdout/stderr cut), {@code XX} (the
   * sandbox failed), null when it exited 0. {@code cpu_time} and {@code memory} are not measured
   * (null); {@code wall_time} is the program's own time, in ms.
   */
  @RegisterForReflection
  public record Stage(
      String stdout,
      String stderr,
      String output,
      Integer code,
      String signal,
      String message,
      String status,
      @JsonProperty("cpu_time") Long cpuTime,
      @JsonProperty("wall_time") Long wallTime,
      Long memory) {}
}

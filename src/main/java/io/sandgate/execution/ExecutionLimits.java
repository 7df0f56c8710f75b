package io.sandgate.execution;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on what one execution request may carry and produce. */
@ConfigMapping(prefix = "sandgate.limits")
public interface ExecutionLimits {

  /** Largest program, UTF-8 bytes. Default 256K. */
  @WithDefault("256K")
  MemorySize maxCodeBytes();

  /** Largest stdin, UTF-8 bytes. Default 1M. */
  @WithDefault("1M")
  MemorySize maxStdinBytes();

  /** Most arguments. Default 256. */
  @WithDefault("256")
  int maxArgs();

  /** Largest sum of argument lengths, UTF-8 bytes. Default 64K. */
  @WithDefault("64K")
  MemorySize maxArgsBytes();

  /** Most files written beside the program. Default 32. */
  @WithDefault("32")
  int maxFiles();

  /** Largest sum of those files' sizes, bytes. Default 1M. */
  @WithDefault("1M")
  MemorySize maxFilesBytes();

  /** Output kept per stream; the rest is dropped and {@code outputTruncated} set. Default 1M. */
  @WithDefault("1M")
  MemorySize maxOutputBytes();

  /**
   * Most files of a run's output directory returned; past them, {@code filesTruncated}. Default 64.
   */
  @WithDefault("64")
  int maxOutputFiles();

  /**
   * Bytes of output files returned together; a file past them is listed without content. Default
   * 4M.
   */
  @WithDefault("4M")
  MemorySize maxOutputFilesBytes();

  /** Timeout when a request names none. Default 10s. */
  @WithDefault("10s")
  Duration defaultTimeout();

  /** Largest request body, refused before it is read. Default 8M. */
  @WithDefault("8M")
  MemorySize maxBodyBytes();
}

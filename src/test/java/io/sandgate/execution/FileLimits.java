package io.sandgate.execution;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;

/** Two files of 100 bytes together at most; the rest as shipped. */
final class FileLimits implements ExecutionLimits {
  private static MemorySize bytes(long n) {
    return new MemorySize(BigInteger.valueOf(n));
  }

  @Override
  public MemorySize maxCodeBytes() {
    return bytes(256 * 1024);
  }

  @Override
  public MemorySize maxStdinBytes() {
    return bytes(1024 * 1024);
  }

  @Override
  public int maxArgs() {
    return 256;
  }

  @Override
  public MemorySize maxArgsBytes() {
    return bytes(64 * 1024);
  }

  @Override
  public int maxFiles() {
    return 2;
  }

  @Override
  public MemorySize maxFilesBytes() {
    return bytes(100);
  }

  @Override
  public int maxOutputFiles() {
    return 64;
  }

  @Override
  public MemorySize maxOutputFilesBytes() {
    return bytes(4 * 1024 * 1024);
  }

  @Override
  public MemorySize maxOutputBytes() {
    return bytes(1024 * 1024);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public MemorySize maxBodyBytes() {
    return bytes(8 * 1024 * 1024);
  }
}

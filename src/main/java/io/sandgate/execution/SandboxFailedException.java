package io.sandgate.execution;

/** The sandbox itself failed, not the program (502). Nothing of the run is retried. */
public class SandboxFailedException extends RuntimeException {

  public SandboxFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

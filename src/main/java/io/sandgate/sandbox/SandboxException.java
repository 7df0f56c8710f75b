package io.sandgate.sandbox;

/** The container engine could not do what was asked (down, refused, or failed). */
public class SandboxException extends RuntimeException {

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }

  public SandboxException(String message) {
    super(message);
  }
}

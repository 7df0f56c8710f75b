package io.sandgate.execution;

/** The body, the code or the stdin is over its limit (413); the message names the limit. */
public class RequestTooLargeException extends RuntimeException {

  public RequestTooLargeException(String message) {
    super(message);
  }
}

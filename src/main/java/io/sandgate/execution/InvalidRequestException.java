package io.sandgate.execution;

/** The request is malformed or out of range (400); the message says what to change. */
public class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String message) {
    super(message);
  }
}

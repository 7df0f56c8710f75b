package io.sandgate.store;

/** The store failed (the database, not the caller): a 503 for the client. */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

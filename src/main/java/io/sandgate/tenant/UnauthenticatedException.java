package io.sandgate.tenant;

/** No API key, or one that belongs to no tenant (401). */
public class UnauthenticatedException extends RuntimeException {

  /** What a request without a key is told. */
  public static final String HOW_TO_AUTHENTICATE =
      "send an API key as 'Authorization: Bearer <key>', 'X-API-Key:"
          + " <key>' or HTTP Basic (the key as the password)";

  public UnauthenticatedException(String message) {
    super(message);
  }
}

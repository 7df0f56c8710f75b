package io.sandgate.tenant;

/** No API key, or one that belongs to no tenant (401). */
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}

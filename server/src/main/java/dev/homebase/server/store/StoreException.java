package dev.homebase.server.store;

/** The database failed (unreachable, broken, or a statement we did not expect to fail). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

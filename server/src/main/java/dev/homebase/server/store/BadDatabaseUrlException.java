package dev.homebase.server.store;

/** A database URL that cannot be used; the message says why and never holds the password. */
public final class BadDatabaseUrlException extends IllegalArgumentException {
    public BadDatabaseUrlException(String message) {
        super(message);
    }
}

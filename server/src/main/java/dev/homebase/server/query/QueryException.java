package dev.homebase.server.query;

/** A filter, sort or update document that cannot be used; its message is shown to the caller (400). */
public final class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message);
    }
}

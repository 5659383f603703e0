package dev.homebase.server.query;

/**
 * A filter, sort or update document that cannot be used. Its message is safe to show to the API
 * caller (HTTP 400): it names the offending operator or field but never echoes large values.
 */
public final class QueryException extends RuntimeException {

    /** Creates the exception with a caller-facing message. */
    public QueryException(String message) {
        super(message);
    }
}

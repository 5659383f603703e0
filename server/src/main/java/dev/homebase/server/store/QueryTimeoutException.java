package dev.homebase.server.store;

/**
 * A statement ran past the query time limit ({@code HOMEBASE_QUERY_TIMEOUT_MS}) and was stopped;
 * its transaction was rolled back and its connection returned to the pool. The web layer answers 503.
 */
public final class QueryTimeoutException extends RuntimeException {
    public QueryTimeoutException(Throwable cause) {
        super("Query took too long", cause);
    }
}

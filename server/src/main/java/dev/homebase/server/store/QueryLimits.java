package dev.homebase.server.store;

import java.time.Duration;

/**
 * The time limits of the database work a request does.
 *
 * @param statementTimeout how long a statement may run before it is stopped ({@link QueryTimeoutException})
 * @param connectionWait how long a transaction waits for a pooled connection (and, on SQLite, for
 *     the write lock) before it gives up ({@link StoreBusyException})
 */
public record QueryLimits(Duration statementTimeout, Duration connectionWait) {

    /** Default statement limit: long enough for any sound request, short enough to free a connection soon. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** Default connection wait. */
    public static final Duration DEFAULT_CONNECTION_WAIT = Duration.ofSeconds(10);

    public QueryLimits {
        if (statementTimeout.toMillis() < 1 || connectionWait.toMillis() < 1) {
            throw new IllegalArgumentException("Query time limits must be at least 1 ms");
        }
    }

    /** The defaults: 5 s per statement, 10 s to get a connection. */
    public static QueryLimits defaults() {
        return new QueryLimits(DEFAULT_STATEMENT_TIMEOUT, DEFAULT_CONNECTION_WAIT);
    }
}

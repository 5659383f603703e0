package dev.homebase.server.store;

import java.time.Duration;

/**
 * The time limits of the database work a request does.
 *
 * @param statementTimeout how long a statement may run before it is stopped ({@link QueryTimeoutException})
 * @param connectionWait how long a transaction waits for a pooled connection (and, on SQLite, for
 *     its one writer to take it) before it gives up ({@link StoreBusyException})
 * @param postgresPoolSize how many connections a node keeps to PostgreSQL (SQLite's pool is fixed)
 */
public record QueryLimits(Duration statementTimeout, Duration connectionWait, int postgresPoolSize) {

    /**
     * Default PostgreSQL pool: as many connections as the clients a small node serves at once. With 16 connections for
     * 32 concurrent requests, half of them queued in the pool, and handing connections over cost 10–30 % more server
     * CPU per request than letting PostgreSQL schedule 32 backends (bench/run-server-cpu.sh, README).
     */
    public static final int DEFAULT_POSTGRES_POOL_SIZE = 32;

    /** Default statement limit: long enough for any sound request, short enough to free a connection soon. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** Default connection wait. */
    public static final Duration DEFAULT_CONNECTION_WAIT = Duration.ofSeconds(10);

    public QueryLimits {
        if (statementTimeout.toMillis() < 1 || connectionWait.toMillis() < 1) {
            throw new IllegalArgumentException("Query time limits must be at least 1 ms");
        }
        if (postgresPoolSize < 1) throw new IllegalArgumentException("The PostgreSQL pool needs at least 1 connection");
    }

    /** Time limits with the default PostgreSQL pool. */
    public QueryLimits(Duration statementTimeout, Duration connectionWait) {
        this(statementTimeout, connectionWait, DEFAULT_POSTGRES_POOL_SIZE);
    }

    /** The defaults: 5 s per statement, 10 s to get a connection. */
    public static QueryLimits defaults() {
        return new QueryLimits(DEFAULT_STATEMENT_TIMEOUT, DEFAULT_CONNECTION_WAIT);
    }
}

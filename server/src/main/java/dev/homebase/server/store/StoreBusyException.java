package dev.homebase.server.store;

/**
 * No database connection (or, on SQLite, the write lock) became free within the wait limit
 * ({@code HOMEBASE_DB_POOL_WAIT_MS}); nothing ran. The web layer answers 503.
 */
public final class StoreBusyException extends RuntimeException {
    public StoreBusyException(Throwable cause) {
        super("The database is busy, try again shortly", cause);
    }
}

package dev.homebase.server.store;

/**
 * The database could not be opened at start. The message is one line for the operator (what went wrong and how to fix
 * it) and never holds the password; {@link #reason()} tells the command line which exit code to use.
 */
public final class DatabaseOpenException extends RuntimeException {

    /** Why the database could not be opened. */
    public enum Reason {
        /** No connection: connection refused, unknown host, timeout. */
        UNREACHABLE,
        /** The server refused the user or password (SQLState 28P01, 28000). */
        AUTHENTICATION_FAILED,
        /** The named database does not exist (SQLState 3D000). */
        NO_SUCH_DATABASE,
        /** The SQLite file or its folder cannot be created or written. */
        NOT_WRITABLE,
        /** Anything else (the migration failed, an unexpected SQL error). */
        OTHER
    }

    private final Reason reason;

    public DatabaseOpenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the database could not be opened. */
    public Reason reason() {
        return reason;
    }
}

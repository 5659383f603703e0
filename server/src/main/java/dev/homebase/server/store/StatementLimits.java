package dev.homebase.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How one database bounds the running time of a transaction's statements, recognises a statement
 * it stopped, and cancels a running statement from another thread. One implementation per dialect
 * ({@code sqlite/}, {@code postgres/}); {@link Database} applies it to every transaction it runs.
 */
public interface StatementLimits {

    /**
     * Limits each statement run on {@code connection} from now until {@link #end} (inside a
     * transaction) to {@code timeoutMillis}; returns the connection the transaction's work should use
     * ({@code connection} itself, or a view of it that tracks when statements start).
     */
    Connection begin(Connection connection, long timeoutMillis) throws SQLException;

    /** Lifts the limit of {@link #begin}, before the transaction commits or rolls back. */
    void end(Connection connection) throws SQLException;

    /**
     * Lifts any limit that every connection carries (see {@link #connectionInitSql}) for the rest of the transaction
     * on {@code connection}: for maintenance work that may rightly take long. Nothing to do by default.
     */
    default void lift(Connection connection) throws SQLException {
    }

    /**
     * The statement each new pooled connection runs once, so that a transaction with the usual limit needs no
     * statement of its own to set it; null when none.
     */
    default String connectionInitSql() {
        return null;
    }

    /** Whether {@code e} reports a statement stopped by the time limit or by {@link #cancel}. */
    boolean stopped(SQLException e);

    /** Stops the statement running on {@code connection}, if any; callable from any thread, never throws. */
    void cancel(Connection connection);
}

package dev.homebase.server.store.sqlite;

import dev.homebase.server.store.StatementLimits;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: a progress handler, called by the engine every {@value #STEPS} virtual-machine steps,
 * interrupts the transaction's statements once its deadline has passed ({@code SQLITE_INTERRUPT});
 * {@link #cancel} interrupts from another thread. NB: one call of a Java SQL function (hb_regex) is
 * one step; it keeps its own time budget.
 */
public final class SqliteStatementLimits implements StatementLimits {
    /** Steps between deadline checks: about a millisecond of work, so the check costs nothing measurable. */
    static final int STEPS = 10_000;

    @Override
    public void begin(Connection connection, long timeoutMillis) throws SQLException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        ProgressHandler.setHandler(connection.unwrap(SQLiteConnection.class), STEPS, new ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() - deadline > 0 ? 1 : 0;
            }
        });
    }

    @Override
    public void end(Connection connection) throws SQLException {
        ProgressHandler.clearHandler(connection.unwrap(SQLiteConnection.class));
    }

    @Override
    public boolean stopped(SQLException e) {
        return e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT
                || e.getErrorCode() == SQLiteErrorCode.SQLITE_INTERRUPT.code;
    }

    @Override
    public void cancel(Connection connection) {
        try {
            connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is closing or closed: nothing runs on it
        }
    }
}

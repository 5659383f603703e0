package dev.homebase.server.store.sqlite;

import dev.homebase.server.store.StatementLimits;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: a progress handler, called by the engine every {@value #STEPS} virtual-machine steps,
 * interrupts the running statement once its deadline has passed ({@code SQLITE_INTERRUPT}). The
 * deadline restarts whenever the transaction prepares a statement (Homebase prepares each statement
 * right before it runs it), so as on PostgreSQL the limit is per statement and a long import of
 * many quick inserts is not cut. {@link #cancel} interrupts from another thread. NB: one call of a
 * Java SQL function (hb_regex) is one step; it keeps its own time budget.
 */
public final class SqliteStatementLimits implements StatementLimits {
    /** Steps between deadline checks: well under a millisecond of work, so the check costs nothing measurable. */
    static final int STEPS = 10_000;
    private static final Set<String> PREPARES = Set.of("prepareStatement", "createStatement", "prepareCall");

    /** The deadline of the statement running on one connection. */
    private static final class Deadline extends ProgressHandler {
        private final long timeoutNanos;
        private volatile long deadline;

        Deadline(long timeoutMillis) {
            this.timeoutNanos = timeoutMillis * 1_000_000L;
            restart();
        }

        void restart() {
            deadline = System.nanoTime() + timeoutNanos;
        }

        @Override
        protected int progress() {
            return System.nanoTime() - deadline > 0 ? 1 : 0;
        }
    }

    @Override
    public Connection begin(Connection connection, long timeoutMillis) throws SQLException {
        Deadline deadline = new Deadline(timeoutMillis);
        ProgressHandler.setHandler(connection.unwrap(SQLiteConnection.class), STEPS, deadline);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (PREPARES.contains(method.getName())) deadline.restart();
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Connection target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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

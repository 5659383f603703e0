package dev.homebase.server.store.postgres;

import dev.homebase.server.store.StatementLimits;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: the server itself stops a statement past the limit (SQLSTATE 57014, {@code query_canceled}) even when
 * Homebase is gone. Every pooled connection carries the usual limit as its session's {@code statement_timeout}
 * ({@link #connectionInitSql}, run once when the pool opens it), so a transaction spends no round trip on it; a
 * transaction with another limit sets its own ({@code SET LOCAL}, which ends with the transaction), and maintenance
 * work lifts it the same way. {@link #cancel} sends the protocol's cancel request for the connection's backend.
 */
public final class PostgresStatementLimits implements StatementLimits {
    /** SQLSTATE {@code query_canceled}: the statement timeout or a cancel request. */
    static final String QUERY_CANCELED = "57014";

    private final long sessionTimeoutMillis;

    /** Limits whose connections carry {@code sessionTimeoutMillis} (at least 1) as their session's limit. */
    public PostgresStatementLimits(long sessionTimeoutMillis) {
        this.sessionTimeoutMillis = Math.max(1, sessionTimeoutMillis);
    }

    @Override
    public String connectionInitSql() {
        // A number, not a bound value: SET takes no parameters.
        return "SET statement_timeout = " + sessionTimeoutMillis;
    }

    @Override
    public Connection begin(Connection connection, long timeoutMillis) throws SQLException {
        long limit = Math.max(1, timeoutMillis);
        if (limit != sessionTimeoutMillis) setLocal(connection, limit); // the session's limit is already in force
        return connection;
    }

    @Override
    public void lift(Connection connection) throws SQLException {
        setLocal(connection, 0); // 0: no limit
    }

    /** {@code SET LOCAL}: it ends with the transaction, committed or rolled back. */
    private static void setLocal(Connection connection, long timeoutMillis) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL statement_timeout = " + timeoutMillis);
        }
    }

    @Override
    public void end(Connection connection) {
        // SET LOCAL ends with the transaction.
    }

    @Override
    public boolean stopped(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (QUERY_CANCELED.equals(x.getSQLState())) return true;
        }
        return false;
    }

    @Override
    public void cancel(Connection connection) {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is closing or closed: nothing runs on it
        }
    }
}

package dev.homebase.server.store.postgres;

import dev.homebase.server.store.StatementLimits;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: {@code SET LOCAL statement_timeout} for each transaction, so the server itself stops
 * a statement past the limit (SQLSTATE 57014, {@code query_canceled}) even when Homebase is gone;
 * {@link #cancel} sends the protocol's cancel request for the connection's backend.
 */
public final class PostgresStatementLimits implements StatementLimits {
    /** SQLSTATE {@code query_canceled}: the statement timeout or a cancel request. */
    static final String QUERY_CANCELED = "57014";

    @Override
    public Connection begin(Connection connection, long timeoutMillis) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // A number, not a bound value: SET takes no parameters. LOCAL: it ends with the transaction.
            s.execute("SET LOCAL statement_timeout = " + Math.max(1, timeoutMillis));
        }
        return connection;
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

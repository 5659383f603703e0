package dev.homebase.server.store.postgres;

import dev.homebase.server.store.CompilingQueryRenderer;
import dev.homebase.server.store.Dialect;
import dev.homebase.server.store.QueryRenderer;

/** PostgreSQL: JSON stored as JSONB. */
public final class PostgresDialect implements Dialect {
    private final QueryRenderer queries = new CompilingQueryRenderer(new PostgresQueryDialect());

    @Override public String name() { return "postgres"; }
    @Override public QueryRenderer queries() { return queries; }
    @Override public String jsonParam() { return "CAST(? AS jsonb)"; }
    @Override public String textParam() { return "CAST(? AS text)"; }
    @Override public String boolParam() { return "CAST(? AS boolean)"; }
    @Override public String bool(boolean value) { return value ? "TRUE" : "FALSE"; }
    @Override public String forUpdate() { return " FOR UPDATE"; }
    @Override public void lockKey(java.sql.Connection connection, String key) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, key);
            ps.execute();
        }
    }
    @Override public boolean partialScopedIndexes() { return true; }
    @Override public String migrations() { return "classpath:db/migration/postgres"; }
}

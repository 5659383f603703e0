package dev.homebase.server.store.sqlite;

import dev.homebase.server.store.CompilingQueryRenderer;
import dev.homebase.server.store.Dialect;
import dev.homebase.server.store.QueryRenderer;

/** SQLite: JSON stored as text and read with the JSON1 functions. */
public final class SqliteDialect implements Dialect {
    private final QueryRenderer queries = new CompilingQueryRenderer(new SqliteQueryDialect());

    @Override public String name() { return "sqlite"; }
    @Override public QueryRenderer queries() { return queries; }
    @Override public String jsonParam() { return "json(?)"; }
    @Override public String textParam() { return "?"; }
    @Override public String boolParam() { return "?"; }
    @Override public String bool(boolean value) { return value ? "1" : "0"; }
    @Override public String forUpdate() { return ""; }
    @Override public void lockKey(java.sql.Connection connection, String key) {
        // The database-wide write lock in Database already serialises writers.
    }
    @Override public boolean partialScopedIndexes() { return false; }
    @Override public String migrations() { return "classpath:db/migration/sqlite"; }
}

package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.server.store.sqlite.SqliteSynchronous;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code HOMEBASE_SQLITE_SYNCHRONOUS}: read, validated, and applied to every pooled SQLite connection. */
class SqliteSynchronousTest {

    @ParameterizedTest
    @EnumSource(SqliteSynchronous.class)
    void everyPooledConnectionSyncsAsConfigured(SqliteSynchronous mode) {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE), mode)) {
            int expected = mode == SqliteSynchronous.FULL ? 2 : 1; // PRAGMA synchronous: 1 NORMAL, 2 FULL
            // Several connections at once, so more than one pooled connection is checked.
            db.read(a -> db.read(b -> {
                assertEquals(expected, synchronous(a));
                assertEquals(expected, synchronous(b));
                return null;
            }));
            assertEquals("wal", db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            }));
        }
    }

    private static int synchronous(java.sql.Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void readFromTheEnvironment() {
        assertEquals(SqliteSynchronous.DEFAULT, SqliteSynchronous.from(Map.<String, String>of()::get));
        assertEquals(SqliteSynchronous.DEFAULT, SqliteSynchronous.from(Map.of(SqliteSynchronous.VARIABLE, " ")::get));
        assertEquals(SqliteSynchronous.FULL, SqliteSynchronous.from(Map.of(SqliteSynchronous.VARIABLE, "FULL")::get));
        assertEquals(SqliteSynchronous.NORMAL, SqliteSynchronous.from(Map.of(SqliteSynchronous.VARIABLE, " normal ")::get));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqliteSynchronous.from(Map.of(SqliteSynchronous.VARIABLE, "off")::get));
        assertEquals("HOMEBASE_SQLITE_SYNCHRONOUS must be full or normal, got \"off\"", e.getMessage());
    }
}

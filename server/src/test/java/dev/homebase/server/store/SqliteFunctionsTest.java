package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.query.QueryException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java SQL functions registered on every pooled SQLite connection, and the pragmas kept. */
class SqliteFunctionsTest {

    private static Database db;

    @BeforeAll
    static void open() {
        db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Object query(String sql, Object... params) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1);
                }
            }
        });
    }

    @Test
    void regexOnPooledConnections() {
        assertEquals(1, query("SELECT hb_regex('Hello', '^h', 'i')"));
        assertEquals(0, query("SELECT hb_regex('Hello', '^h', '')"));
        assertEquals(1, query("SELECT hb_regex(?, '^b', 'm')", "a\nb"));
        assertEquals(0, query("SELECT hb_regex(?, 'a.b', '')", "a\nb"));
        assertEquals(1, query("SELECT hb_regex(?, 'a.b', 's')", "a\nb"));
        assertNull(query("SELECT hb_regex(NULL, 'x', '')"));
    }

    @Test
    void runawayRegexFailsTheStatementAsBadInput() {
        long start = System.nanoTime();
        QueryException e = assertThrows(QueryException.class, () -> query("SELECT hb_regex(?, '(x+x+)+y', '')", "x".repeat(600)));
        assertEquals("Regular expression too complex", e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void regexThatOverflowsTheStackFailsTheStatementAsBadInput() {
        // Java's matcher recurses once per repetition of a group: 100,000 of them overflow any stack.
        QueryException e = assertThrows(QueryException.class, () -> query("SELECT hb_regex(?, '^(a|b)*$', '')", "a".repeat(100_000)));
        assertEquals("Regular expression too complex", e.getMessage());
        assertEquals(1, query("SELECT hb_regex('abc', 'b', '')"), "the connection still works");
    }

    @Test
    void pragmasStillApply() {
        assertEquals("wal", query("PRAGMA journal_mode"));
        assertEquals(1, query("PRAGMA foreign_keys"));
        assertEquals(10000, query("PRAGMA busy_timeout"));
    }
}

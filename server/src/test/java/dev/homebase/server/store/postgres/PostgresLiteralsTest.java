package dev.homebase.server.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.SqlFragment;
import dev.homebase.server.store.TestDatabases;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A statement with its fixed values written in as literals means what it meant with them bound: the same
 * value and the same type on a real PostgreSQL, for every kind of value the query compiler binds; its
 * other parameters stay bound, in order; text the scanner does not expect leaves the statement as it was.
 */
class PostgresLiteralsTest {

    private static final List<Object> VALUES = Arrays.asList("plain", "it's", "back\\slash", "\\'", "''", "?", "$1", "--x",
            "/*", "line\nbreak\ttab", "emoji 🎉 é 中", "E'x'", "", "\"quoted\"", "{\"a\":[1,\"?\"]}",
            0, -7, Integer.MAX_VALUE, 5L, Long.MIN_VALUE, 1.5, -0.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, new BigDecimal("12345678901234567890.000000001"), new BigDecimal("1E+3"), true, false, null);

    @Test
    void literalsReadBackAsTheBoundValuesWithTheirTypes() {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))) {
            for (Object value : VALUES) {
                SqlFragment bound = value == null
                        ? SqlFragment.of("SELECT CAST(? AS text) IS NULL, CAST(? AS int4)", fixed(value), fixed(value)) // NULL has no type of its own
                        : SqlFragment.of("SELECT pg_typeof(?)::text, CAST(? AS text)", fixed(value), fixed(value));
                SqlFragment inlined = PostgresLiterals.inline(bound);
                assertEquals(List.of(), inlined.params(), "all written in for " + value);
                assertEquals(row(db, bound), row(db, inlined), "same answer for " + value + ": " + inlined.sql());
            }
        }
    }

    @Test
    void jsonValuesKeepTheirMeaning() {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))) {
            SqlFragment bound = SqlFragment.of("SELECT CAST(? AS jsonb) = '{\"k\": \"it''s ?\"}'::jsonb, CAST(? AS jsonb) @> '\"a\\\\b\"'::jsonb",
                    fixed("{\"k\":\"it's ?\"}"), fixed("\"a\\\\b\""));
            SqlFragment inlined = PostgresLiterals.inline(bound);
            assertEquals(List.of("t", "t"), row(db, bound));
            assertEquals(row(db, bound), row(db, inlined));
        }
    }

    @Test
    void placeholdersInsideQuotesAreText() {
        SqlFragment query = SqlFragment.of("SELECT '?', \"?\" FROM t WHERE a = ? AND b = '''?' AND c = ?", fixed("x"), fixed(2));
        assertEquals("SELECT '?', \"?\" FROM t WHERE a = CAST(E'x' AS varchar) AND b = '''?' AND c = CAST(2 AS int4)",
                PostgresLiterals.inline(query).sql());
    }

    @Test
    void unexpectedTextLeavesTheStatementAsItWas() {
        for (SqlFragment query : List.of(
                SqlFragment.of("SELECT E'\\n' WHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT $$?$$ WHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT $q$x$q$ WHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT 1 -- ?\nWHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT 1 /* ? */ WHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT data ?? 'k' WHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT 'unterminated WHERE a = ?", fixed("x")),
                SqlFragment.of("SELECT ? WHERE a = ?", fixed("too few")),
                SqlFragment.of("SELECT 1 WHERE a = ?", fixed("x"), fixed("too many")),
                SqlFragment.of("SELECT 1 WHERE a = ?", fixed("nul\0char")),
                SqlFragment.of("SELECT 1 WHERE a = ?", fixed(new Object())))) {
            assertSame(query, PostgresLiterals.inline(query), query.sql());
        }
        SqlFragment none = SqlFragment.of("SELECT 1");
        assertSame(none, PostgresLiterals.inline(none));
    }

    @Test
    void onlyFixedParametersAreWrittenInTheOthersStayBoundInOrder() {
        SqlFragment query = SqlFragment.of("SELECT 1 FROM t WHERE a = ? AND b = ? AND c = ? LIMIT ?", fixed("app"), "x?'", 7, fixed(50));
        SqlFragment out = PostgresLiterals.inline(query);
        assertEquals("SELECT 1 FROM t WHERE a = CAST(E'app' AS varchar) AND b = ? AND c = ? LIMIT CAST(50 AS int4)", out.sql());
        assertEquals(List.of("x?'", 7), out.params());
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))) {
            SqlFragment mixed = SqlFragment.of("SELECT CAST(? AS text), CAST(? AS text), pg_typeof(?)::text", fixed("it's"), "b\\?", fixed(5L));
            assertEquals(List.of("it's", "b\\?", "bigint"), row(db, mixed));
            assertEquals(row(db, mixed), row(db, PostgresLiterals.inline(mixed)));
        }
    }

    private static SqlFragment.Fixed fixed(Object value) {
        return SqlFragment.fixed(value);
    }

    private static List<String> row(Database db, SqlFragment query) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(query.sql())) {
                SqlFragment.bind(ps, 1, query.params());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    List<String> out = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) out.add(rs.getString(i));
                    return out;
                }
            }
        });
    }
}

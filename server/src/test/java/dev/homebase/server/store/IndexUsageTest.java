package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Sort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Get by id and the default newest-first page must be answered from an index, never by scanning
 * or sorting the table. Checked on the databases' own query plans.
 */
class IndexUsageTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void getByIdAndDefaultPageUseIndexes(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordStore store = new RecordStore(db.dialect());
            String byId = "SELECT r.id FROM records r WHERE r.app_id = ? AND r.entity = ? AND r.env = ? AND r.id = ?";
            SqlFragment page = store.pageQuery(new EntityScope("x", "x", "x"), new PageRequest(FilterParser.parse(null), Sort.DEFAULT, 50, 0));
            String byIdPlan = db.read(c -> plan(c, kind, byId, 4));
            String pagePlan = db.read(c -> plan(c, kind, page.sql(), page.params().size() + 2));
            if (kind == TestDatabases.Kind.SQLITE) {
                assertTrue(byIdPlan.contains("PRIMARY KEY"), byIdPlan);
                assertTrue(pagePlan.contains("records_newest"), pagePlan);
                assertFalse(pagePlan.contains("TEMP B-TREE"), pagePlan);
            } else {
                assertTrue(byIdPlan.contains("Index"), byIdPlan);
                assertTrue(pagePlan.contains("records_newest"), pagePlan);
                assertFalse(pagePlan.contains("Sort"), pagePlan);
            }
        }
    }

    /** The next page of a default-order keyset walk is an index range too: no scan from the start, no sort. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void defaultKeysetPageUsesTheNewestIndex(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordStore store = new RecordStore(db.dialect());
            SqlFragment page = store.pageAfterQuery(new EntityScope("x", "x", "x"), FilterParser.parse(null), Sort.DEFAULT,
                    java.util.List.of("2026-01-01T00:00:00.000000", "abc"), 51, java.util.List.of());
            String pagePlan = db.read(c -> {
                if (kind == TestDatabases.Kind.POSTGRES) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCAL enable_seqscan = off");
                    }
                }
                String prefix = kind == TestDatabases.Kind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
                try (PreparedStatement ps = c.prepareStatement(prefix + page.sql())) {
                    SqlFragment.bind(ps, 1, page.params());
                    StringBuilder out = new StringBuilder();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.append(rs.getString(kind == TestDatabases.Kind.SQLITE ? 4 : 1)).append('\n');
                    }
                    return out.toString();
                }
            });
            assertTrue(pagePlan.contains("records_newest"), pagePlan);
            if (kind == TestDatabases.Kind.SQLITE) {
                assertTrue(pagePlan.contains("created_date<"), "a range on the index, not a scan: " + pagePlan);
                assertFalse(pagePlan.contains("TEMP B-TREE"), pagePlan);
            } else {
                assertTrue(pagePlan.contains("Index Cond") && pagePlan.contains("created_date <="), pagePlan);
                assertFalse(pagePlan.contains("Sort"), pagePlan);
            }
        }
    }

    private static String plan(Connection c, TestDatabases.Kind kind, String sql, int params) throws SQLException {
        if (kind == TestDatabases.Kind.POSTGRES) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = off"); // tiny test tables would otherwise be scanned
            }
        }
        String prefix = kind == TestDatabases.Kind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        try (PreparedStatement ps = c.prepareStatement(prefix + sql)) {
            for (int i = 1; i <= params; i++) {
                if (i <= 3 || sql.contains("r.id = ?") && i == 4) ps.setString(i, "x");
                else ps.setInt(i, 50);
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                int col = kind == TestDatabases.Kind.SQLITE ? 4 : 1;
                while (rs.next()) out.append(rs.getString(col)).append('\n');
            }
            return out.toString();
        }
    }
}

package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Sort;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema-declared indexes are created, dropped when undeclared, and used by filters and sorts. */
class SchemaIndexesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<List<String>> A_INDEXES =
            List.of(List.of("status"), List.of("meta.priority"), List.of("status", "-created_date"));

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void createsDropsAndKeepsOtherAppsIndexes(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            var first = SchemaIndexes.sync(db, Set.of("a", "b"), List.of(
                    new SchemaIndexes.Declared("a", "T", A_INDEXES),
                    new SchemaIndexes.Declared("b", "T", List.of(List.of("status")))));
            assertEquals(7, first.created().size(), first.toString()); // 2 + 2 + 1 for a, 2 for b
            assertEquals(new TreeSet<>(first.created()), catalog(db, kind));
            assertEquals(new TreeSet<>(first.created()), registry(db));

            var again = SchemaIndexes.sync(db, Set.of("a", "b"), List.of(
                    new SchemaIndexes.Declared("a", "T", A_INDEXES),
                    new SchemaIndexes.Declared("b", "T", List.of(List.of("status")))));
            assertEquals(List.of(), again.created());
            assertEquals(List.of(), again.dropped());

            // a now declares only "status"; b is not hosted by this start and keeps its indexes.
            var later = SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "T", List.of(List.of("status")))));
            assertEquals(List.of(), later.created());
            assertEquals(3, later.dropped().size(), later.toString());
            Set<String> left = new TreeSet<>(first.created());
            later.dropped().forEach(left::remove);
            assertEquals(left, catalog(db, kind));
            assertEquals(left, registry(db));

            // an index nobody registered is never dropped
            db.useTx(c -> c.createStatement().execute("CREATE INDEX mine ON records (env)"));
            SchemaIndexes.sync(db, Set.of("a", "b"), List.of());
            assertEquals(Set.of(), catalog(db, kind));
            assertTrue(db.<Boolean>read(c -> {
                String sql = kind == TestDatabases.Kind.SQLITE ? "SELECT count(*) FROM sqlite_master WHERE name = 'mine'"
                        : "SELECT count(*) FROM pg_indexes WHERE indexname = 'mine'";
                try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void filtersAndSortsUseTheDeclaredIndexes(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            db.useTx(c -> {
                String insert = "INSERT INTO records (app_id, entity, id, data, created_date, updated_date) VALUES (?, 'T', ?, "
                        + db.dialect().jsonParam() + ", ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (String app : List.of("a", "b")) {
                        for (int i = 0; i < 3000; i++) {
                            ps.setString(1, app);
                            ps.setString(2, "r" + i);
                            ps.setString(3, "{\"status\":\"s" + (i % 100) + "\",\"meta\":{\"priority\":" + (i % 7) + "}}");
                            String date = String.format("2025-01-01T00:00:%02d.%06d", i % 60, i);
                            ps.setString(4, date);
                            ps.setString(5, date);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            });
            SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "T", A_INDEXES)));
            db.useTx(c -> c.createStatement().execute("ANALYZE"));
            RecordStore store = new RecordStore(db.dialect());
            EntityScope scope = new EntityScope("a", "T", "prod");

            for (String filter : List.of("{\"status\":\"s7\"}", "{\"meta.priority\":3}", "{\"meta.priority\":{\"$gt\":5}}")) {
                SqlFragment where = db.dialect().queries().where(parse(filter));
                SqlFragment query = SqlFragment.of("SELECT r.id FROM records r WHERE r.app_id = ? AND r.entity = ? AND r.env = ?",
                        "a", "T", "prod").append(" AND ", where);
                String plan = plan(db, kind, query, false);
                assertTrue(plan.contains("hb_idx_"), filter + "\n" + plan);
                if (kind == TestDatabases.Kind.SQLITE) assertTrue(plan.contains("<expr>"), "searched on the value: " + filter + "\n" + plan);
                else assertTrue(plan.contains("Index Cond"), filter + "\n" + plan);
            }
            for (String sort : List.of("status", "-status", "meta.priority", "-meta.priority")) {
                String plan = plan(db, kind, store.pageQuery(scope, new PageRequest(parse(null), Sort.parse(sort), 50, 0)), true);
                assertTrue(plan.contains("hb_idx_"), sort + "\n" + plan);
                assertNoSort(kind, sort, plan);
            }
            // the compound index finds the rows of one status; NB: equality also matches arrays containing
            // the value (a second branch), so the matched rows may still be sorted
            String compound = plan(db, kind,
                    store.pageQuery(scope, new PageRequest(parse("{\"status\":\"s7\"}"), Sort.parse("-created_date"), 50, 0)), true);
            assertTrue(compound.contains("hb_idx_"), compound);
            // a keyset (cursor) page on an indexed field continues on the index
            List<Object> after = kind == TestDatabases.Kind.SQLITE ? List.of(2L, "s7", "r7") : java.util.Arrays.asList(2L, "s7", null, "r7");
            SqlFragment next = store.pageAfterQuery(scope, parse(null), Sort.parse("status"), after, 51, List.of());
            String cursor = plan(db, kind, next, false);
            assertTrue(cursor.contains("hb_idx_"), cursor);
            assertNoSort(kind, "cursor", cursor);
        }
    }

    @Test
    void columnsFollowTheCompiledExpressions() {
        Dialect sqlite = new dev.homebase.server.store.sqlite.SqliteDialect();
        Dialect postgres = new dev.homebase.server.store.postgres.PostgresDialect();
        assertEquals(List.of("env", "(json_extract(data, '$.status'))"),
                SchemaIndexes.columnLists(sqlite.queries(), List.of("status")).getFirst());
        assertEquals(List.of("env", "((data -> 'status'))"),
                SchemaIndexes.columnLists(postgres.queries(), List.of("status")).getFirst());
        assertEquals(List.of(List.of("env", "((data #> '{meta,priority}'))", "created_date DESC", "id DESC")),
                SchemaIndexes.columnLists(postgres.queries(), List.of("meta.priority", "-created_date")));
        // a field named r keeps its path literal
        assertEquals(List.of("env", "(json_extract(data, '$.r.data'))"),
                SchemaIndexes.columnLists(sqlite.queries(), List.of("r.data")).getFirst());
        String ddl = SchemaIndexes.wanted(sqlite, List.of(new SchemaIndexes.Declared("my-app", "T", List.of(List.of("status")))))
                .getFirst().ddl();
        assertTrue(ddl.matches("CREATE INDEX IF NOT EXISTS hb_idx_[0-9a-f]{16} ON records \\(app_id, entity, env, .*\\)"), ddl);
        String pg = SchemaIndexes.wanted(postgres, List.of(new SchemaIndexes.Declared("my-app", "T", List.of(List.of("status")))))
                .getFirst().ddl();
        assertTrue(pg.matches("CREATE INDEX IF NOT EXISTS hb_idx_[0-9a-f]{16} ON records \\(env, .*\\) WHERE app_id = 'my-app' AND entity = 'T'"),
                pg);
        assertThrows(IllegalArgumentException.class,
                () -> SchemaIndexes.wanted(sqlite, List.of(new SchemaIndexes.Declared("a'--", "T", List.of(List.of("status"))))));
    }

    private static Filter parse(String filter) throws Exception {
        return FilterParser.parse(filter == null ? null : JSON.readTree(filter));
    }

    private static void assertNoSort(TestDatabases.Kind kind, String what, String plan) {
        if (kind == TestDatabases.Kind.SQLITE) assertFalse(plan.contains("TEMP B-TREE"), what + "\n" + plan);
        else assertFalse(plan.contains("Sort"), what + "\n" + plan);
    }

    private static Set<String> catalog(Database db, TestDatabases.Kind kind) {
        String sql = kind == TestDatabases.Kind.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'hb\\_idx\\_%' ESCAPE '\\'"
                : "SELECT indexname FROM pg_indexes WHERE tablename = 'records' AND indexname LIKE 'hb\\_idx\\_%'";
        return names(db, sql);
    }

    private static Set<String> registry(Database db) {
        return names(db, "SELECT name FROM schema_indexes WHERE name LIKE 'hb_idx_%'"); // statistics (hb_st_) are listed too
    }

    private static Set<String> names(Database db, String sql) {
        return db.read(c -> {
            Set<String> out = new TreeSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /** The plan of {@code query}; a page query gets LIMIT and OFFSET bound after its parameters. */
    private static String plan(Database db, TestDatabases.Kind kind, SqlFragment query, boolean limitOffset) {
        return db.read(c -> {
            if (kind == TestDatabases.Kind.POSTGRES) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL enable_seqscan = off");
                }
            }
            String prefix = kind == TestDatabases.Kind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
            try (PreparedStatement ps = c.prepareStatement(prefix + query.sql())) {
                List<Object> params = new ArrayList<>(query.params());
                if (limitOffset) {
                    params.add(50);
                    params.add(0);
                }
                SqlFragment.bind(ps, 1, params);
                StringBuilder out = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.append(rs.getString(kind == TestDatabases.Kind.SQLITE ? 4 : 1)).append('\n');
                }
                return out.toString();
            }
        });
    }
}

package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.ScalarFields;
import dev.homebase.server.query.Sort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plans of issue 15's scenarios on a realistic table (40,000 records of the entity among 50,000):
 * a page of 50 with {@code {status:'open', priority:{$gte:3}}} sorted {@code -created_date} under a
 * declared {@code (status, -created_date)} index, the owner-only page, the count with that filter,
 * and get by id. PostgreSQL runs {@code EXPLAIN (ANALYZE, BUFFERS)}, SQLite {@code EXPLAIN QUERY
 * PLAN}. Fails on a sort over more rows than the page needs, and on a count or lookup that scans
 * the table while an index matches. Prints each statement's time, scalar forms against general
 * forms, for the README.
 */
class QueryPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 40_000;
    private static final int PAGE = 50;
    private static final EntityScope SCOPE = new EntityScope("a", "T", "prod");
    /** What the entity layer derives from a schema with status (string) leading a declared index. */
    private static final ScalarFields SCALARS = ScalarFields.of(Set.of("status"));
    private static final java.util.Map<String, RecordSlots.Kind> SLOT_FIELDS = new java.util.LinkedHashMap<>(java.util.Map.of(
            "status", RecordSlots.Kind.TEXT, "priority", RecordSlots.Kind.NUMBER, "amount", RecordSlots.Kind.NUMBER));

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void scenariosWalkTheirIndexes(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            seed(db, kind);
            // Declared after the data is there, like a schema change on a live app: creates, then analyses.
            // The bench's declarations: status, priority and amount get slots (the records were written before: refilled).
            SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "T", List.of(List.of("status"), List.of("priority"),
                    List.of("amount"), List.of("status", "-created_date")), SLOT_FIELDS)));
            if (kind == TestDatabases.Kind.POSTGRES) db.read(c -> { // the visibility map an index-only scan needs
                try (Statement s = c.createStatement()) {
                    // Twice: the first, right after the refill, can still find its old row versions not yet removable.
                    s.execute("VACUUM records");
                    s.execute("VACUUM ANALYZE records");
                }
                return null;
            });
            RecordStore store = new RecordStore(db.dialect());
            Filter filter = FilterParser.parse(JSON.readTree("{\"status\":\"open\",\"priority\":{\"$gte\":3}}"));
            Filter owner = FilterParser.parse(JSON.readTree("{\"created_by\":\"u7@example.com\"}"));
            Sort newest = new Sort("created_date", true);

            SqlFragment page = withPage(db.read(c -> store.pageQuery(c, SCOPE, new PageRequest(filter, newest, PAGE, 0), SCALARS)));
            SqlFragment ownerPage = withPage(db.read(c -> store.pageQuery(c, SCOPE, new PageRequest(owner, newest, PAGE, 0), SCALARS)));
            SqlFragment count = db.read(c -> store.countQuery(c, SCOPE, filter, SCALARS));
            SqlFragment byId = SqlFragment.of("SELECT r.id, r.data FROM records r WHERE r.app_id = ? AND r.entity = ? AND r.env = ?"
                    + " AND r.id = ?", "a", "T", "prod", String.format("%024d", ROWS / 2));

            assertEquals(PAGE, rows(db, page));
            assertEquals(PAGE, rows(db, ownerPage));
            long matching = db.<Long>read(c -> store.count(c, SCOPE, filter, SCALARS));
            assertEquals(db.<Long>read(c -> store.count(c, SCOPE, filter)), matching);
            assertTrue(matching > 5_000, "a realistic share matches: " + matching);
            assertEquals(1, rows(db, byId));

            for (SqlFragment query : List.of(page, ownerPage, count, byId)) {
                if (kind == TestDatabases.Kind.POSTGRES) checkPostgres(db, query, query == count || query == byId, query == count);
                else checkSqlite(db, query, query == page, query == count || query == byId, query == count);
            }

            // The general form (deletes, aggregates, distinct): served by a declared index too (PostgreSQL: the slots).
            SqlFragment slotted = SqlFragment.of("SELECT COUNT(*) FROM records r WHERE r.app_id = ? AND r.entity = ? AND r.env = ? AND (",
                    "a", "T", "prod").append("", store.generalWhere(SCOPE, filter))
                    .append(")", SqlFragment.of(""));
            List<String> slottedPlan = explain(db, kind == TestDatabases.Kind.POSTGRES ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", slotted);
            System.out.println(String.join("\n", slottedPlan) + "\n");
            assertTrue(String.join("\n", slottedPlan).contains("hb_idx_"), "the general form uses no declared index:\n" + slottedPlan);

            SqlFragment generalPage = withPage(store.pageQuery(SCOPE, new PageRequest(filter, newest, PAGE, 0)));
            SqlFragment generalCount = db.read(c -> store.countQuery(c, SCOPE, filter, ScalarFields.NONE));
            System.out.printf("query plans on %s, %,d records: page %.2f ms (general forms %.2f ms), owner page %.2f ms,"
                    + " count of %,d %.2f ms (general forms %.2f ms), get by id %.2f ms%n", kind, ROWS, best(db, page), best(db, generalPage),
                    best(db, ownerPage), matching, best(db, count), best(db, generalCount), best(db, byId));
        }
    }

    /**
     * SQLite as a server finds it after data came in: the indexes were declared on an empty table (its ANALYZE
     * recorded nothing for {@code records}) and no statistics since. The gate reads the small {@code s_arrays} index
     * (not every record of the entity), the count searches the equality's slot index (not the range's), the page
     * walks the compound slot index, and the gated page's branch not taken does no work (its gate is in its LIMIT).
     */
    @org.junit.jupiter.api.Test
    void sqlitePlansWithoutStatistics() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE))) {
            SchemaIndexes.Declared declared = new SchemaIndexes.Declared("a", "T", List.of(List.of("status"), List.of("priority"),
                    List.of("amount"), List.of("status", "-created_date")), SLOT_FIELDS);
            SchemaIndexes.sync(db, Set.of("a"), List.of(declared));
            seed(db, TestDatabases.Kind.SQLITE);
            db.useTx(c -> RecordSlots.refill(db.dialect(), c, "a", "T", declared.slots())); // what the writers would have filled
            assertEquals(0L, db.<Long>read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'records'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }), "no statistics on records");
            RecordStore store = new RecordStore(db.dialect());
            Filter filter = FilterParser.parse(JSON.readTree("{\"status\":\"open\",\"priority\":{\"$gte\":3}}"));
            SqlFragment page = withPage(db.read(c -> store.pageQuery(c, SCOPE, new PageRequest(filter, new Sort("created_date", true), PAGE, 0), SCALARS)));
            SqlFragment count = db.read(c -> store.countQuery(c, SCOPE, filter, SCALARS));
            assertEquals(PAGE, rows(db, page));
            assertEquals(db.<Long>read(c -> store.count(c, SCOPE, filter)), db.<Long>read(c -> store.count(c, SCOPE, filter, SCALARS)));

            String probePlan = String.join("\n", explain(db, "EXPLAIN QUERY PLAN ", store.probeQuery(SCOPE, filter, SCALARS)));
            System.out.println(probePlan + "\n");
            assertTrue(probePlan.contains("USING INDEX records_slot_arrays"), "the gate does not read the s_arrays index:\n" + probePlan);
            String countPlan = String.join("\n", explain(db, "EXPLAIN QUERY PLAN ", count));
            System.out.println(countPlan + "\n");
            assertTrue(countPlan.matches("(?s).*USING COVERING INDEX hb_idx_\\w+ \\(app_id=\\? AND entity=\\? AND env=\\? AND s_t1=\\?\\).*"),
                    "the count does not search the status slot:\n" + countPlan);
            checkSqlite(db, page, true, false, false);
            String pagePlan = String.join("\n", explain(db, "EXPLAIN QUERY PLAN ", page));
            assertTrue(pagePlan.matches("(?s).*SEARCH r USING INDEX hb_idx_\\w+ \\(app_id=\\? AND entity=\\? AND env=\\? AND s_t1=\\?\\).*"),
                    "the page does not walk the compound slot index:\n" + pagePlan);
            System.out.printf("without statistics on SQLite, %,d records: page %.2f ms, count %.2f ms%n", ROWS, best(db, page), best(db, count));
        }
    }

    /** PostgreSQL: no sort over more rows than the page, no sequential scan of the table for a count or a lookup. */
    private static void checkPostgres(Database db, SqlFragment query, boolean noSeqScan, boolean indexOnly) throws Exception {
        String json = explain(db, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ", query).getFirst();
        JsonNode plan = JSON.readTree(json).get(0).get("Plan");
        String text = String.join("\n", explain(db, "EXPLAIN (ANALYZE, BUFFERS) ", query));
        System.out.println(text + "\n");
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        for (JsonNode node : nodes) {
            if ("Sort".equals(node.path("Node Type").asText())) {
                for (JsonNode input : node.path("Plans")) {
                    long sorted = input.path("Actual Rows").asLong() * Math.max(1, input.path("Actual Loops").asLong());
                    assertTrue(sorted <= PAGE, "sorts " + sorted + " rows for a page of " + PAGE + ":\n" + text);
                }
            }
            boolean executed = node.path("Actual Loops").asLong() > 0; // the branch of a gate not taken is never executed
            if (noSeqScan && executed && "Seq Scan".equals(node.path("Node Type").asText())
                    && "records".equals(node.path("Relation Name").asText())) {
                throw new AssertionError("scans the table although an index matches:\n" + text);
            }
            if (indexOnly && node.path("Actual Rows").asLong() > 1_000 && "records".equals(node.path("Relation Name").asText())) {
                // the count of slotted fields reads the index alone (slot columns), never the wide heap rows
                assertEquals("Index Only Scan", node.path("Node Type").asText(), "the count reads the table:\n" + text);
                assertTrue(node.path("Heap Fetches").asLong() < 100, "the count fetches heap rows:\n" + text);
            }
        }
        if (indexOnly) assertTrue(text.contains("Index Only Scan"), "the count is not index-only:\n" + text);
    }

    /** SQLite: the page needs no sort (a temp B-tree for ORDER BY), a count or lookup searches an index. */
    private static void checkSqlite(Database db, SqlFragment query, boolean ordered, boolean searched, boolean covered) throws Exception {
        List<String> plan = explain(db, "EXPLAIN QUERY PLAN ", query);
        String text = String.join("\n", plan);
        System.out.println(text + "\n");
        if (ordered) {
            assertFalse(text.contains("TEMP B-TREE FOR ORDER BY"), "sorts instead of walking the index:\n" + text);
            // A page of 50 reads about a hundred index entries and rows: far fewer engine steps than one per record of the
            // entity (a walk of every record, such as a gated branch whose false gate is checked per row, takes many more).
            long steps = steps(db, query);
            assertTrue(steps < ROWS, "the page takes " + steps + " engine steps, as many as walking the entity:\n" + text);
        }
        if (searched) {
            for (String step : plan) {
                assertFalse(step.startsWith("SCAN r") && !step.contains("COVERING INDEX hb_idx_"), "scans the table although an index matches:\n" + text);
            }
            assertTrue(text.contains("SEARCH r USING"), text);
        }
        if (covered) assertTrue(text.contains("USING COVERING INDEX hb_idx_"), "the count reads the table:\n" + text);
    }

    /** The SQLite virtual-machine steps {@code query} takes to run to its end (counted by a progress handler). */
    private static long steps(Database db, SqlFragment query) {
        return db.read(c -> {
            long[] calls = new long[1];
            org.sqlite.ProgressHandler.setHandler(c.unwrap(org.sqlite.SQLiteConnection.class), 100,
                    new org.sqlite.ProgressHandler() {
                        @Override
                        protected int progress() {
                            calls[0]++;
                            return 0;
                        }
                    });
            run(c, query);
            return calls[0] * 100;
        });
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        for (JsonNode child : node.path("Plans")) collect(child, out);
    }

    private static List<String> explain(Database db, String prefix, SqlFragment query) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(prefix + query.sql())) {
                SqlFragment.bind(ps, 1, query.params());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int column = prefix.startsWith("EXPLAIN QUERY PLAN") ? 4 : 1;
                    while (rs.next()) out.add(rs.getString(column));
                }
                return out;
            }
        });
    }

    /** The page statements leave LIMIT and OFFSET to the caller: bind them here. */
    private static SqlFragment withPage(SqlFragment query) {
        return new SqlFragment(query.sql(), concat(query.params(), List.of(PAGE, 0)));
    }

    private static List<Object> concat(List<Object> first, List<Object> second) {
        List<Object> out = new ArrayList<>(first);
        out.addAll(second);
        return out;
    }

    private static int rows(Database db, SqlFragment query) {
        return db.read(c -> run(c, query));
    }

    private static int run(Connection c, SqlFragment query) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            SqlFragment.bind(ps, 1, query.params());
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) n++;
            }
            return n;
        }
    }

    /** The median of 15 runs after 3 warm-ups, in milliseconds. */
    private static double best(Database db, SqlFragment query) {
        double[] ms = new double[15];
        for (int i = -3; i < ms.length; i++) {
            long start = System.nanoTime();
            rows(db, query);
            if (i >= 0) ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** 40,000 records of a.T (a quarter "open", priorities 1-5, 100 owners, one a minute) and 10,000 of another entity. */
    private static void seed(Database db, TestDatabases.Kind kind) {
        String sql = kind == TestDatabases.Kind.POSTGRES
                ? "INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date, created_by)"
                  + " SELECT 'a', CASE WHEN g <= %1$d THEN 'T' ELSE 'Other' END, 'prod', lpad(g::text, 24, '0'),"
                  + " jsonb_build_object('status', (ARRAY['open', 'paid', 'shipped', 'cancelled'])[1 + (g * 7919) %% 4],"
                  + " 'priority', 1 + (g * 31) %% 5, 'amount', (g * 17) %% 1000, 'title', 'order ' || g),"
                  + " to_char(timestamp '2025-01-01' + g * interval '1 minute', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '2025',"
                  + " 'u' || (g %% 100) || '@example.com' FROM generate_series(1, %2$d) AS g"
                : "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %2$d)"
                  + " INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date, created_by)"
                  + " SELECT 'a', CASE WHEN n <= %1$d THEN 'T' ELSE 'Other' END, 'prod', printf('%%024d', n),"
                  + " json_object('status', CASE (n * 7919) %% 4 WHEN 0 THEN 'open' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'cancelled' END,"
                  + " 'priority', 1 + (n * 31) %% 5, 'amount', (n * 17) %% 1000, 'title', 'order ' || n),"
                  + " strftime('%%Y-%%m-%%dT%%H:%%M:%%f', '2025-01-01', '+' || n || ' minutes'), '2025', 'u' || (n %% 100) || '@example.com' FROM g";
        db.useTx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(String.format(sql, ROWS, ROWS + 10_000));
            }
        });
    }
}

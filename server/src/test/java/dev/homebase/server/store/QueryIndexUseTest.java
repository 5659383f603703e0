package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.HiddenFields;
import dev.homebase.server.query.Sort;
import java.util.Map;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rendered conditions can use expression indexes on chosen fields, in the forms a later
 * indexing task would create: SQLite {@code (app_id, entity, env, json_extract(data, '$.f'))},
 * PostgreSQL a B-tree on {@code (data -> 'f')}. Both the plain and the array branch of each
 * condition use the index.
 */
class QueryIndexUseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void expressionIndexesServeEqualityAndRanges(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            // One expression index per field serves equality (both branches), ranges and $in.
            List<String> indexes = kind == TestDatabases.Kind.SQLITE
                    ? List.of("CREATE INDEX ix_status ON records (app_id, entity, env, json_extract(data, '$.status'))",
                              "CREATE INDEX ix_n ON records (app_id, entity, env, json_extract(data, '$.n'))")
                    : List.of("CREATE INDEX ix_status ON records ((data -> 'status'))",
                              "CREATE INDEX ix_n ON records ((data -> 'n'))");
            db.useTx(c -> {
                String insert = "INSERT INTO records (app_id, entity, id, data, created_date, updated_date) VALUES ('a', 'T', ?, "
                        + db.dialect().jsonParam() + ", '2025', '2025')";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (int i = 0; i < 3000; i++) {
                        ps.setString(1, "r" + i);
                        ps.setString(2, "{\"status\":\"s" + (i % 100) + "\",\"n\":" + i + "}");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (Statement s = c.createStatement()) {
                    for (String index : indexes) s.execute(index);
                    s.execute("ANALYZE");
                }
            });
            for (String filter : List.of("{\"status\":\"s7\"}", "{\"status\":{\"$in\":[\"s7\",\"s8\"]}}",
                    "{\"n\":{\"$gt\":2990}}", "{\"n\":{\"$lte\":3}}")) {
                String plan = plan(db, kind, filter);
                String index = filter.contains("status") ? "ix_status" : "ix_n";
                if (kind == TestDatabases.Kind.SQLITE) {
                    // every branch searches the index on the JSON expression, never just on the key prefix
                    assertTrue(plan.contains("USING INDEX " + index + " (app_id=? AND entity=? AND env=? AND <expr>"), filter + "\n" + plan);
                    assertFalse(plan.contains("USING INDEX " + index + " (app_id=? AND entity=? AND env=?)"), filter + "\n" + plan);
                    assertFalse(plan.contains("PRIMARY KEY"), filter + "\n" + plan);
                } else {
                    assertTrue(plan.contains("Bitmap Index Scan on " + index), filter + "\n" + plan);
                    assertFalse(plan.contains("records_pkey") || plan.contains("records_newest") || plan.contains("Seq Scan"),
                            filter + "\n" + plan);
                }
            }
        }
    }

    private static String plan(Database db, TestDatabases.Kind kind, String filter) throws Exception {
        return plan(db, kind, FilterParser.parse(JSON.readTree(filter)));
    }

    private static String plan(Database db, TestDatabases.Kind kind, Filter filter) throws Exception {
        SqlFragment where = db.dialect().queries().where(filter);
        String explain = kind == TestDatabases.Kind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        String sql = explain + "SELECT r.id FROM records r WHERE r.app_id = ? AND r.entity = ? AND r.env = ? AND " + where.sql();
        return db.read(c -> {
            if (kind == TestDatabases.Kind.POSTGRES) c.createStatement().execute("SET enable_seqscan = off");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, "a");
                ps.setString(2, "T");
                ps.setString(3, "prod");
                for (int i = 0; i < where.params().size(); i++) ps.setObject(i + 4, where.params().get(i));
                StringBuilder out = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    int column = kind == TestDatabases.Kind.SQLITE ? 4 : 1;
                    while (rs.next()) out.append(rs.getString(column)).append('\n');
                }
                return out.toString();
            }
        });
    }

    /**
     * A caller with hidden fields (issue 12): conditions on the visible field still search its index,
     * whether the other field is hidden for every record (the condition becomes a constant) or by a
     * record condition ({@code CASE}-free: "rule AND condition"). Also measures the cost, printed for the
     * README: counts through the index and a full sort, with and without a hidden field.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void hiddenFieldsKeepIndexesOnVisibleFields(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            String index = kind == TestDatabases.Kind.SQLITE
                    ? "CREATE INDEX ix_status ON records (app_id, entity, env, json_extract(data, '$.status'))"
                    : "CREATE INDEX ix_status ON records ((data -> 'status'))";
            int rows = 20000;
            db.useTx(c -> {
                String insert = "INSERT INTO records (app_id, entity, id, data, created_date, updated_date, created_by) VALUES ('a', 'T', ?, "
                        + db.dialect().jsonParam() + ", '2025', '2025', ?)";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (int i = 0; i < rows; i++) {
                        ps.setString(1, String.format("r%06d", i));
                        ps.setString(2, "{\"status\":\"s" + (i % 100) + "\",\"salary\":" + (i * 7 % 1000) + ",\"note\":\"n" + i + "\"}");
                        ps.setString(3, "u" + (i % 10) + "@example.com");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (Statement s = c.createStatement()) {
                    s.execute(index);
                    s.execute("ANALYZE");
                }
            });
            Filter ownRecords = FilterParser.parse(JSON.readTree("{\"created_by\":\"u3@example.com\"}"));
            HiddenFields hidden = HiddenFields.of(Map.of("salary", new Filter.Not(new Filter.All()), "note", ownRecords));
            Filter userFilter = FilterParser.parse(JSON.readTree("{\"status\":\"s7\",\"salary\":{\"$ne\":500},\"note\":{\"$regex\":\"^n1\"}}"));
            Filter guarded = hidden.guard(userFilter);
            String plan = plan(db, kind, guarded);
            if (kind == TestDatabases.Kind.SQLITE) {
                assertTrue(plan.contains("USING INDEX ix_status (app_id=? AND entity=? AND env=? AND <expr>"), plan);
            } else {
                assertTrue(plan.contains("Index Scan on ix_status"), plan);
            }
            // The cost, measured: the same counts and sorted pages for a caller who sees everything and one who does not.
            Filter visibleOnly = FilterParser.parse(JSON.readTree("{\"status\":\"s7\",\"note\":{\"$regex\":\"^n1\"}}"));
            Filter conditional = hidden.guard(visibleOnly);
            RecordStore store = new RecordStore(db.dialect());
            EntityScope scope = new EntityScope("a", "T", "prod");
            long plainCount = db.read(c -> store.count(c, scope, visibleOnly));
            long hiddenCount = db.read(c -> store.count(c, scope, conditional));
            assertTrue(hiddenCount < plainCount, plainCount + " vs " + hiddenCount);
            double[] ms = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}; // the best of six rounds
            Sort bySalary = new Sort("salary", false);
            Sort bySalaryHidden = new Sort("salary", false, ownRecords);
            for (int round = 0; round < 6; round++) {
                ms[0] = Math.min(ms[0], time(() -> db.read(c -> store.count(c, scope, visibleOnly))));
                ms[1] = Math.min(ms[1], time(() -> db.read(c -> store.count(c, scope, conditional))));
                ms[2] = Math.min(ms[2], time(() -> db.read(c -> store.page(c, scope, new PageRequest(new Filter.All(), bySalary, 50, 0)))));
                ms[3] = Math.min(ms[3], time(() -> db.read(c -> store.page(c, scope, new PageRequest(new Filter.All(), bySalaryHidden, 50, 0)))));
            }
            System.out.printf("hidden-field cost on %s, %d rows: indexed count %.2f ms -> %.2f ms with a record-condition field;"
                    + " first page sorted by salary %.2f ms -> %.2f ms when salary has a record-condition rule%n",
                    kind, rows, ms[0], ms[1], ms[2], ms[3]);
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }
}

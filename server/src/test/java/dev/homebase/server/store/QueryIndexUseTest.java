package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.FilterParser;
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
        SqlFragment where = db.dialect().queries().where(FilterParser.parse(JSON.readTree(filter)));
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
}

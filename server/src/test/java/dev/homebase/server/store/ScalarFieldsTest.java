package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.ScalarFields;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.sqlite.SqliteDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scalar forms (issue 15): conditions on fields the schema types as scalars compile to the plain
 * indexed expressions, and pages, cursor pages and counts answer exactly as the general forms do,
 * also for records whose stored values do not match the schema (numbers in a string field, strings,
 * booleans and objects in a number field, JSON-looking strings, nulls) and, through the array
 * probe, for records holding arrays there.
 */
class ScalarFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScalarFields SCALARS = ScalarFields.of(Set.of("status", "priority", "done"));
    private static final EntityScope SCOPE = new EntityScope("a", "T", "prod");

    /** Stored values, most of them of the schema's type (status: string, priority: integer, done: boolean). */
    static final List<String> ROWS = List.of(
            "{\"status\":\"open\",\"priority\":3,\"done\":false}",
            "{\"status\":\"open\",\"priority\":5,\"done\":true}",
            "{\"status\":\"open\",\"priority\":1}",
            "{\"status\":\"closed\",\"priority\":4,\"done\":false}",
            "{\"status\":\"Open\",\"priority\":2.5}",
            "{\"status\":\"zeta\",\"priority\":0}",
            "{\"status\":\"\",\"priority\":-7}",
            "{\"status\":null,\"priority\":null,\"done\":null}",
            "{}",
            // not of the schema's type: stored before a schema change, or imported
            "{\"status\":5,\"priority\":\"5\",\"done\":1}",
            "{\"status\":true,\"priority\":true,\"done\":\"true\"}",
            "{\"status\":false,\"priority\":false}",
            "{\"status\":{\"a\":\"open\"},\"priority\":{\"p\":4}}",
            "{\"status\":\"{\\\"a\\\":\\\"open\\\"}\",\"priority\":\"abc\"}",
            "{\"status\":\"[1]\",\"priority\":3.0}",
            "{\"status\":1,\"priority\":1.0,\"done\":0}",
            "{\"status\":[],\"priority\":[]}");

    /** Records holding arrays in the scalar fields: the general forms must answer while any exists. */
    static final List<String> ARRAY_ROWS = List.of(
            "{\"status\":[\"open\",\"x\"],\"priority\":[4,1]}",
            "{\"status\":[\"closed\"],\"priority\":[0],\"done\":[true]}");

    private static final List<String> FILTERS = List.of(
            "{\"status\":\"open\"}", "{\"status\":{\"$ne\":\"open\"}}", "{\"status\":{\"$in\":[\"open\",\"closed\"]}}",
            "{\"status\":{\"$nin\":[\"open\"]}}", "{\"status\":{\"$gt\":\"m\"}}", "{\"status\":{\"$lte\":\"open\"}}",
            "{\"status\":5}", "{\"status\":1}", "{\"status\":true}", "{\"status\":\"[1]\"}", "{\"status\":\"{\\\"a\\\":\\\"open\\\"}\"}",
            "{\"status\":{\"$in\":[\"[1]\",5]}}", "{\"status\":{\"$not\":{\"$gt\":\"b\"}}}", "{\"status\":\"\"}",
            "{\"priority\":3}", "{\"priority\":1}", "{\"priority\":0}", "{\"priority\":{\"$gte\":3}}", "{\"priority\":{\"$gt\":1}}",
            "{\"priority\":{\"$gt\":0.5}}", "{\"priority\":{\"$lt\":3}}", "{\"priority\":{\"$lte\":0}}", "{\"priority\":{\"$lt\":-1}}",
            "{\"priority\":{\"$gte\":0}}", "{\"priority\":{\"$in\":[1,3,5]}}", "{\"priority\":{\"$in\":[2.5,4]}}",
            "{\"priority\":{\"$gt\":false}}", "{\"priority\":{\"$lte\":true}}", "{\"priority\":\"5\"}", "{\"priority\":{\"$gte\":\"a\"}}",
            "{\"done\":true}", "{\"done\":false}", "{\"done\":{\"$ne\":true}}", "{\"done\":{\"$gte\":false}}", "{\"done\":1}",
            "{\"status\":\"open\",\"priority\":{\"$gte\":3}}", "{\"$or\":[{\"status\":\"open\"},{\"priority\":{\"$gte\":4}}]}",
            "{\"$nor\":[{\"status\":\"open\"},{\"priority\":{\"$lt\":2}}]}", "{\"status\":null}", "{\"priority\":{\"$exists\":true}}");

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void scalarFormsAnswerLikeTheGeneralForms(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "T",
                    List.of(List.of("status", "-created_date"), List.of("priority"), List.of("done")))));
            insert(db, ROWS, 0);
            RecordStore store = new RecordStore(db.dialect());
            assertAnswersAlike(db, store, false); // no arrays: the scalar branch answers
            insert(db, ARRAY_ROWS, ROWS.size());
            assertAnswersAlike(db, store, true); // arrays: the general branch answers

            // The gate matters: without it the scalar form alone misses the array records.
            Filter open = parse("{\"status\":\"open\"}");
            QueryCompiler.Gated gated = db.dialect().queries().where(open, SCALARS);
            long scalarOnly = db.<Long>read(c -> countWhere(c, gated.scalar()));
            assertNotEquals((long) db.<Long>read(c -> store.count(c, SCOPE, open)), scalarOnly);
        }
    }

    private static void assertAnswersAlike(Database db, RecordStore store, boolean arrays) throws Exception {
        for (String text : FILTERS) {
            Filter filter = parse(text);
            String label = text + (arrays ? " (with arrays)" : "");
            assertEquals((long) db.<Long>read(c -> store.count(c, SCOPE, filter)), (long) db.<Long>read(c -> store.count(c, SCOPE, filter, SCALARS)), label);
            for (Sort sort : List.of(new Sort("created_date", true), new Sort("priority", false), new Sort("status", true))) {
                for (int skip : List.of(0, 3)) {
                    PageRequest page = new PageRequest(filter, sort, 5, skip);
                    assertEquals(ids(db.read(c -> store.page(c, SCOPE, page, List.of()))),
                            ids(db.read(c -> store.page(c, SCOPE, page, List.of(), SCALARS))), label + " " + sort + " skip " + skip);
                }
                List<RecordStore.KeyedRow> first = db.read(c -> store.pageAfter(c, SCOPE, filter, sort, null, 4, List.of(), SCALARS));
                assertEquals(keyedIds(db.read(c -> store.pageAfter(c, SCOPE, filter, sort, null, 4, List.of()))), keyedIds(first), label);
                if (!first.isEmpty()) {
                    List<Object> after = first.getLast().keys();
                    assertEquals(keyedIds(db.read(c -> store.pageAfter(c, SCOPE, filter, sort, after, 50, List.of()))),
                            keyedIds(db.read(c -> store.pageAfter(c, SCOPE, filter, sort, after, 50, List.of(), SCALARS))), label + " after");
                }
            }
        }
    }

    @Test
    void conditionsOnScalarFieldsCompileToThePlainIndexedExpression() throws Exception {
        QueryRenderer postgres = new PostgresDialect().queries();
        QueryRenderer sqlite = new SqliteDialect().queries();
        Filter filter = parse("{\"status\":\"open\",\"priority\":{\"$gte\":3}}");
        QueryCompiler.Gated pg = postgres.where(filter, SCALARS);
        assertEquals("((r.data -> 'status') = CAST(? AS jsonb) AND ((r.data -> 'priority') >= CAST(? AS jsonb)"
                + " AND (r.data -> 'priority') < 'false'::jsonb))", pg.scalar().sql());
        assertEquals(List.of("((r.data -> 'status') > 'true'::jsonb AND (r.data -> 'status') < '{}'::jsonb)",
                "((r.data -> 'priority') > 'true'::jsonb AND (r.data -> 'priority') < '{}'::jsonb)"),
                pg.arrayProbes().stream().map(SqlFragment::sql).toList());
        QueryCompiler.Gated lite = sqlite.where(filter, SCALARS);
        assertEquals("(json_extract(r.data, '$.status') = ? AND (json_extract(r.data, '$.priority') >= ?"
                + " AND json_extract(r.data, '$.priority') < ''))", lite.scalar().sql());
        assertEquals(List.of("open", 3L), lite.scalar().params());
        // Not a scalar field, or not a scalar value: the general form, no probe.
        QueryCompiler.Gated other = sqlite.where(parse("{\"title\":\"x\",\"status\":{\"$in\":[null,\"a\"]}}"), SCALARS);
        assertFalse(other.gated());
        assertEquals(other.general(), other.scalar());
        // A value that needs the type check keeps it (a JSON-looking string; 1 equals true's 1 in SQLite).
        assertEquals("(json_extract(r.data, '$.priority') = ? AND json_type(r.data, '$.priority') IN ('integer', 'real'))",
                sqlite.where(parse("{\"priority\":1}"), SCALARS).scalar().sql());
        assertTrue(sqlite.where(parse("{\"priority\":1}"), SCALARS).gated());
    }

    private static Filter parse(String json) throws Exception {
        return FilterParser.parse(JSON.readTree(json));
    }

    static void insert(Database db, List<String> rows, int offset) {
        db.useTx(c -> {
            String sql = "INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date) VALUES ('a', 'T', 'prod', ?, "
                    + db.dialect().jsonParam() + ", ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < rows.size(); i++) {
                    int n = offset + i;
                    ps.setString(1, String.format("r%03d", n));
                    ps.setString(2, rows.get(i));
                    ps.setString(3, String.format("2025-01-01T00:00:%02d.000000", n % 3 * 7)); // ties, broken by id
                    ps.setString(4, "2025");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    private static long countWhere(java.sql.Connection c, SqlFragment where) throws java.sql.SQLException {
        String sql = "SELECT COUNT(*) FROM records r WHERE r.app_id = 'a' AND r.entity = 'T' AND r.env = 'prod' AND " + where.sql();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            SqlFragment.bind(ps, 1, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> ids(List<RecordStore.Row> rows) {
        List<String> out = new ArrayList<>();
        for (RecordStore.Row row : rows) out.add(row.record().id());
        return out;
    }

    private static List<String> keyedIds(List<RecordStore.KeyedRow> rows) {
        List<String> out = new ArrayList<>();
        for (RecordStore.KeyedRow row : rows) out.add(row.record().id());
        return out;
    }
}

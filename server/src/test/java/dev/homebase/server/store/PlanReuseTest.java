package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.ScalarFields;
import dev.homebase.server.query.Sort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL prepares a page, a keyset page and a count once per connection whatever values the filter
 * compares (the scope and LIMIT are written into the statement, the filter's values stay bound, see
 * {@code PostgresLiterals}), and a read repeated with the same values gets a statement of its own, with
 * them written in, planned once; the answers are the
 * ones the bound statements give, also for values with quotes, backslashes and placeholders in
 * them, and for records whose stored values do not match the schema's type (the gate's other branch).
 */
class PlanReuseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EntityScope SCOPE = new EntityScope("a", "T", "prod");
    private static final ScalarFields SCALARS = ScalarFields.of(Set.of("status"));
    private static final String[] STATUSES = {"open", "it's \\ ? $1", "closed"};

    @Test
    void pagesAndCountsArePlannedOncePerConnection() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))) {
            RecordStore store = new RecordStore(db.dialect());
            db.inTx(c -> {
                for (int i = 0; i < 300; i++) store.insert(c, SCOPE, record(i, JSON.valueToTree(STATUSES[i % 3])));
                return null;
            });
            SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "T", List.of(List.of("status", "-created_date")))));
            Sort newest = new Sort("created_date", true);
            // Many values, each compared once or twice: one statement per shape, whatever the value.
            db.read(c -> {
                for (int v = 0; v < 40; v++) {
                    Filter filter = FilterParser.parse(JSON.createObjectNode().put("status", "absent " + v));
                    PageRequest page = new PageRequest(filter, newest, 20, 5);
                    assertEquals(List.of(), ids(store.page(c, SCOPE, page, List.of(), SCALARS)));
                    assertEquals(0, store.count(c, SCOPE, filter, SCALARS));
                    assertEquals(0, store.pageAfter(c, SCOPE, filter, newest, null, 20, List.of(), SCALARS).size());
                }
                List<long[]> shared = preparedRecordReads(c, true);
                assertEquals(3, shared.size(), "page, count and keyset page prepared once each for 40 values");
                assertEquals(0, preparedRecordReads(c, false).size(), "no statement of its own for any of the 40 values");
                try (PreparedStatement ps = c.prepareStatement("DEALLOCATE ALL")) {
                    ps.execute();
                }
                return null;
            });
            // A value compared again and again: its own statement, planned once for exactly that value.
            for (String status : STATUSES) {
                Filter filter = FilterParser.parse(JSON.createObjectNode().put("status", status));
                PageRequest page = new PageRequest(filter, newest, 20, 5);
                List<String> expected = boundIds(db, db.read(c -> store.pageQuery(c, SCOPE, page, SCALARS)), page);
                assertEquals(20, expected.size(), status);
                db.read(c -> {
                    for (int i = 0; i < 16; i++) {
                        assertEquals(expected, ids(store.page(c, SCOPE, page, List.of(), SCALARS)), status);
                        StringBuilder json = new StringBuilder();
                        store.pageJson(c, SCOPE, page, SCALARS, json);
                        assertEquals(expected, ids(parse(json.toString())), status);
                        assertEquals(100, store.count(c, SCOPE, filter, SCALARS), status);
                        assertEquals(20, store.pageAfter(c, SCOPE, filter, newest, null, 20, List.of(), SCALARS).size(), status);
                    }
                    // One prepared statement each for the page, the JSON page (the same text), the count and the keyset
                    // page with the value written in: no parameters, so one generic plan for every execution.
                    List<long[]> own = preparedRecordReads(c, false);
                    assertEquals(3, own.size(), "page, count and keyset page prepared once each");
                    for (long[] p : own) {
                        assertEquals(0, p[1], "no custom plans");
                        assertTrue(p[0] >= 1, "a generic plan");
                    }
                    try (PreparedStatement ps = c.prepareStatement("DEALLOCATE ALL")) {
                        ps.execute(); // the next status starts on a clean connection state
                    }
                    return null;
                });
            }
            // A record holding an array in the scalar field: the general branch answers, with the same reuse.
            db.inTx(c -> {
                store.insert(c, SCOPE, record(1000, JSON.createArrayNode().add("open").add("x")));
                return null;
            });
            Filter open = FilterParser.parse(JSON.createObjectNode().put("status", "open"));
            db.read(c -> {
                for (int i = 0; i < 8; i++) assertEquals(101, store.count(c, SCOPE, open, SCALARS));
                return null;
            });
        }
    }

    /**
     * Per prepared statement over records on this connection, with parameters ({@code bound}) or without:
     * {generic plans, custom plans}.
     */
    private static List<long[]> preparedRecordReads(Connection c, boolean bound) throws java.sql.SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM records r%'"
                        + " AND statement NOT LIKE '%INSERT%' AND (cardinality(parameter_types) > 0) = ?")) {
            ps.setBoolean(1, bound);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> boundIds(Database db, SqlFragment query, PageRequest page) {
        SqlFragment full = new SqlFragment(query.sql(), concat(query.params(), List.of(page.limit(), page.skip())));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(full.sql())) {
                SqlFragment.bind(ps, 1, full.params());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> ids(List<RecordStore.Row> rows) {
        return rows.stream().map(r -> r.record().id()).toList();
    }

    private static List<String> ids(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private static StoredRecord record(int i, com.fasterxml.jackson.databind.JsonNode status) {
        ObjectNode data = JSON.createObjectNode();
        data.set("status", status);
        data.put("n", i);
        String date = String.format("2026-01-01T00:00:%02d.%06d", i / 1000, i % 1000);
        return new StoredRecord(String.format("%024x", i), data, date, date, "u@example.com", "u1", false);
    }
}

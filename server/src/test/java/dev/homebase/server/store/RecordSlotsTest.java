package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.ScalarFields;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.backup.AppExport;
import dev.homebase.server.store.backup.AppImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slot columns (see {@link RecordSlots}) on both databases: after every write path (insert,
 * replace, update with null, update setting an array, in-place merge, import, a schema change that
 * adds or removes a slotted field) every record's slots equal what the dialect computes from its
 * data, and filters answer exactly like the general JSON forms, with records whose stored values do
 * not match the schema type (a number in a string field, arrays, objects, booleans, missing).
 */
class RecordSlotsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EntityScope SCOPE = new EntityScope("a", "Order", "prod");
    private static final List<List<String>> INDEXES = List.of(List.of("status"), List.of("priority"), List.of("status", "-created_date"),
            List.of("region", "amount"));

    private static final List<String> FILTERS = List.of(
            "{\"status\":\"open\"}", "{\"status\":\"5\"}", "{\"status\":5}", "{\"status\":{\"$in\":[\"open\",\"paid\"]}}",
            "{\"status\":{\"$in\":[\"open\",3]}}", "{\"status\":{\"$gte\":\"p\"}}", "{\"status\":{\"$lt\":\"open\"}}",
            "{\"status\":{\"$ne\":\"open\"}}", "{\"status\":{\"$nin\":[\"open\"]}}", "{\"status\":null}",
            "{\"priority\":3}", "{\"priority\":{\"$gte\":3}}", "{\"priority\":{\"$lt\":2.5}}", "{\"priority\":{\"$gt\":0}}",
            "{\"priority\":{\"$lte\":1}}", "{\"priority\":{\"$in\":[1,4,12345678901234567890]}}", "{\"priority\":\"3\"}",
            "{\"status\":\"open\",\"priority\":{\"$gte\":3}}", "{\"$or\":[{\"status\":\"open\"},{\"priority\":{\"$gt\":4}}]}",
            "{\"$nor\":[{\"status\":\"open\"}]}", "{\"amount\":{\"$gte\":10}}", "{\"region\":\"eu\",\"amount\":{\"$lt\":50}}",
            "{\"priority\":{\"$not\":{\"$gte\":3}}}", "{\"priority\":12345678901234567890}", "{\"priority\":0.1}",
            // Ranges beside an equality on a slot (SQLite writes them +r.s_n1 so the equality picks the index).
            "{\"priority\":3,\"amount\":{\"$lt\":50.5}}", "{\"$and\":[{\"status\":\"open\"},{\"status\":{\"$lte\":\"p\"}}]}",
            "{\"region\":{\"$in\":[\"eu\",\"us\"]},\"priority\":{\"$gt\":1}}");

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void slotsFollowEveryWriteAndAnswerLikeTheJsonForms(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RecordStore store = new RecordStore(db.dialect());
            // Records written before the schema declares anything: the first sync refills them.
            db.useTx(c -> {
                store.insert(c, SCOPE, record("r0", "{\"status\":\"open\",\"priority\":3}"));
                store.insert(c, SCOPE, record("r1", "{\"status\":5,\"priority\":\"3\"}"));
            });
            sync(db, Map.of("status", RecordSlots.Kind.TEXT, "priority", RecordSlots.Kind.NUMBER));
            assertEquals("s_t1", db.dialect().slots().of("a", "Order").columns().get("status"));
            check(db, store);

            String[] values = {"{\"status\":\"open\",\"priority\":3,\"region\":\"eu\",\"amount\":5}", "{\"status\":\"paid\",\"priority\":1.5}",
                    "{\"status\":\"5\",\"priority\":5}", "{\"status\":[\"open\",\"x\"],\"priority\":4}", "{\"status\":[],\"priority\":[]}",
                    "{\"status\":{\"a\":1},\"priority\":true}", "{\"status\":null,\"priority\":null}", "{\"title\":\"nothing\"}",
                    "{\"status\":\"opeN\",\"priority\":12345678901234567890}", "{\"status\":\"Ünï\",\"priority\":-0.1}",
                    "{\"status\":\"open\",\"priority\":[3,9]}", "{\"status\":\"open\",\"priority\":0.1}", "{\"status\":\"[x\",\"priority\":1e3}",
                    "{\"status\":\"open\",\"priority\":1,\"region\":\"eu\",\"amount\":[60]}"};
            db.useTx(c -> {
                for (int i = 0; i < values.length; i++) store.insert(c, SCOPE, record("n" + i, values[i]));
            });
            check(db, store);

            // Replace: a value of another type, null, an array, back to plain.
            db.useTx(c -> store.update(c, SCOPE, record("n0", "{\"status\":7,\"priority\":\"x\"}")));
            check(db, store);
            db.useTx(c -> store.update(c, SCOPE, record("n1", "{\"status\":null,\"priority\":2}")));
            check(db, store);
            db.useTx(c -> store.update(c, SCOPE, record("n2", "{\"status\":[\"paid\"],\"priority\":2}")));
            check(db, store);
            db.useTx(c -> store.update(c, SCOPE, record("n3", "{\"status\":\"open\",\"priority\":4}")));
            check(db, store);

            if (store.mergesInPlace()) {
                db.useTx(c -> store.updateMerging(c, SCOPE, "n4", new Filter.All(), object("{\"status\":\"open\"}"), "2026"));
                check(db, store);
                db.useTx(c -> store.updateMerging(c, SCOPE, "n5", new Filter.All(), object("{\"priority\":[1]}"), "2026"));
                check(db, store);
                db.useTx(c -> store.updateMerging(c, SCOPE, "n5", new Filter.All(), object("{\"priority\":null}"), "2026"));
                check(db, store);
                db.useTx(c -> store.updateMerging(c, SCOPE, "n6", new Filter.All(), object("{\"title\":\"t\"}"), "2026"));
                check(db, store);
            }

            // A field added to the schema after records exist, then one removed.
            Map<String, RecordSlots.Kind> more = new LinkedHashMap<>();
            more.put("status", RecordSlots.Kind.TEXT);
            more.put("priority", RecordSlots.Kind.NUMBER);
            more.put("region", RecordSlots.Kind.TEXT);
            more.put("amount", RecordSlots.Kind.NUMBER);
            sync(db, more);
            assertEquals(4, db.dialect().slots().of("a", "Order").columns().size());
            check(db, store);
            sync(db, Map.of("priority", RecordSlots.Kind.NUMBER, "amount", RecordSlots.Kind.NUMBER));
            check(db, store);
            sync(db, more);
            check(db, store);

            // Import (the export has no slot columns): refilled from the data.
            Path file = dir.resolve("a.zip");
            AppExport.export(db, "a", false, file);
            AppImport.importApp(file, db, "a", true);
            assertTrue(Files.size(file) > 0);
            check(db, store);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aNodeStillOnTheOldAssignmentIsSetRightWhenItCatchesUp(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        try (Database first = Database.open(url)) {
            sync(first, Map.of("status", RecordSlots.Kind.TEXT));
            try (Database second = Database.open(url)) { // another node on the same database: it mirrors the table at open
                RecordStore store = new RecordStore(second.dialect());
                second.useTx(c -> store.insert(c, SCOPE, record("before", "{\"status\":\"open\",\"priority\":3}")));
                // The first node changes the schema; the second still writes with its old assignment (no priority slot).
                sync(first, Map.of("status", RecordSlots.Kind.TEXT, "priority", RecordSlots.Kind.NUMBER));
                second.useTx(c -> store.insert(c, SCOPE, record("stale", "{\"status\":\"open\",\"priority\":4}")));
                ScalarFields scalars = ScalarFields.of(Set.of("status", "priority"));
                Filter filter = FilterParser.parse(JSON.readTree("{\"priority\":{\"$gte\":3}}"));
                RecordStore firstStore = new RecordStore(first.dialect());
                assertEquals(1L, first.<Long>read(c -> firstStore.count(c, SCOPE, filter, scalars)), "the stale record is missed");
                // The second node reloads the same schema: the table already has it, its mirror did not: it repairs.
                sync(second, Map.of("status", RecordSlots.Kind.TEXT, "priority", RecordSlots.Kind.NUMBER));
                assertEquals(2L, first.<Long>read(c -> firstStore.count(c, SCOPE, filter, scalars)));
                check(second, store);
            }
        }
    }

    private static void sync(Database db, Map<String, RecordSlots.Kind> slotFields) {
        SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "Order", INDEXES, slotFields)));
    }

    /** Every slot equals its value computed from the data; every filter answers like the general forms. */
    private static void check(Database db, RecordStore store) throws Exception {
        Dialect dialect = db.dialect();
        RecordSlots.Assignment slots = dialect.slots().of("a", "Order");
        String differs = dialect.name().equals("sqlite") ? " IS NOT " : " IS DISTINCT FROM ";
        List<String> parts = new ArrayList<>();
        Map<String, String> fieldOf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : slots.columns().entrySet()) fieldOf.put(e.getValue(), e.getKey());
        for (String column : RecordSlots.COLUMNS) {
            String field = fieldOf.get(column);
            parts.add(column + differs + (field == null ? "NULL" : dialect.slotValue("data", field, RecordSlots.Assignment.numeric(column))));
        }
        parts.add("s_arrays" + differs + dialect.slotArrays("data", List.copyOf(slots.columns().keySet())));
        String sql = "SELECT id, data FROM records WHERE app_id = 'a' AND entity = 'Order' AND (" + String.join(" OR ", parts) + ")";
        List<String> wrong = db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2));
            }
            return out;
        });
        assertEquals(List.of(), wrong, "records whose slots differ from their data");

        ScalarFields scalars = ScalarFields.of(Set.of("status", "priority"));
        for (String text : FILTERS) {
            Filter filter = FilterParser.parse(JSON.readTree(text));
            SqlFragment general = dialect.queries().where(filter);
            SqlFragment plain = SqlFragment.of("SELECT r.id FROM records r WHERE r.app_id = 'a' AND r.entity = 'Order' AND r.env = 'prod' AND (")
                    .append("", general).append(") ORDER BY r.id", SqlFragment.of(""));
            List<String> expected = db.read(c -> ids(c, plain));
            assertEquals(expected.size(), db.<Long>read(c -> store.count(c, SCOPE, filter, scalars)), "count of " + text);
            List<String> paged = db.read(c -> store.page(c, SCOPE, new PageRequest(filter, new Sort("id", false), 100, 0), List.of(), scalars))
                    .stream().map(row -> row.record().id()).toList();
            assertEquals(expected, paged, "page of " + text);
            // The general form over the slots (deletes, updates, aggregates, distinct, the gate's other branch).
            SqlFragment slotted = SqlFragment.of("SELECT r.id FROM records r WHERE r.app_id = 'a' AND r.entity = 'Order' AND r.env = 'prod' AND (")
                    .append("", dialect.queries().whereSlotted(filter, dialect.slots().scalars(SCOPE, ScalarFields.NONE)))
                    .append(") ORDER BY r.id", SqlFragment.of(""));
            assertEquals(expected, db.read(c -> ids(c, slotted)), "slotted general form of " + text);
        }
    }

    private static List<String> ids(java.sql.Connection c, SqlFragment query) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            SqlFragment.bind(ps, 1, query.params());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A record with {@code data} (JSON text); shared with {@code SlotCoherenceTest}. */
    static StoredRecord record(String id, String data) {
        return new StoredRecord(id, object(data), "2025-01-01T00:00:00.000000", "2025", null, null, false);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

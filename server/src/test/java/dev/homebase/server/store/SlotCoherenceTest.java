package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.ScalarFields;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slot assignments across nodes ({@link SlotCoherence}): two handles on one database are two nodes. A changed
 * assignment reaches the other node's mirror through the event bus (PostgreSQL), or by its periodic recheck when it
 * missed the announcement, and its queries answer right; records a
 * node wrote with an old mirror are set right by the delayed repair, and records made stale before a start by the
 * start-time repair, which rewrites nothing else.
 */
class SlotCoherenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EntityScope SCOPE = new EntityScope("a", "Order", "prod");
    private static final List<List<String>> INDEXES = List.of(List.of("status"), List.of("region"), List.of("priority"));
    /** Never within a test: the repairs under test are the ones asked for. */
    private static final Duration NEVER = Duration.ofHours(1);

    @Test
    void anotherNodesMirrorFollowsAChangeAndItsQueriesAnswerRight() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        try (Database a = Database.open(url); Database b = Database.open(url);
             EventTopics busA = new EventTopics(EventBus.open(a, "node-a")); EventTopics busB = new EventTopics(EventBus.open(b, "node-b"));
             SlotCoherence slotsA = new SlotCoherence(a, busA.topic(SlotCoherence.TOPIC), NEVER, NEVER);
             SlotCoherence slotsB = new SlotCoherence(b, busB.topic(SlotCoherence.TOPIC), NEVER, NEVER)) { // no recheck: the bus alone
            awaitListening(a, 2);
            sync(a, slotsA, fields("status"));
            await(() -> "s_t1".equals(b.dialect().slots().of("a", "Order").columns().get("status")), "B mirrors status in s_t1");
            RecordStore storeB = new RecordStore(b.dialect());
            b.useTx(c -> {
                storeB.insert(c, SCOPE, record("r1", "{\"status\":\"open\",\"region\":\"eu\"}"));
                storeB.insert(c, SCOPE, record("r2", "{\"status\":\"paid\",\"region\":\"open\"}"));
            });
            // A declares region first: s_t1 now holds region, status moves to s_t2. B hears it and reloads at once.
            sync(a, slotsA, fields("region", "status"));
            await(() -> "s_t2".equals(b.dialect().slots().of("a", "Order").columns().get("status")), "B's mirror follows A's change");
            assertEquals(Map.of("region", "s_t1", "status", "s_t2"), b.dialect().slots().of("a", "Order").columns());
            // B's queries compare the right columns (with the old mirror, s_t1 = 'open' would find r2's region).
            assertEquals(List.of("r1"), ids(b, storeB, "{\"status\":\"open\"}"));
            assertEquals(List.of("r2"), ids(b, storeB, "{\"region\":\"open\"}"));
            // B's writes fill the new slots.
            b.useTx(c -> storeB.insert(c, SCOPE, record("r3", "{\"status\":\"open\",\"region\":\"us\"}")));
            assertEquals(0, stale(b), "no record with old slots");
            assertEquals(List.of("r1", "r3"), ids(b, storeB, "{\"status\":\"open\"}"));
            // Taken away again: B's mirror drops the entity.
            sync(a, slotsA, new LinkedHashMap<>());
            await(() -> b.dialect().slots().of("a", "Order").isEmpty(), "B's mirror drops the entity's slots");
            assertEquals(List.of("r1", "r3"), ids(b, storeB, "{\"status\":\"open\"}"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aNodeThatMissedTheAnnouncementCatchesUpByItsRecheck(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        try (Database a = Database.open(url); Database b = Database.open(url);
             SlotCoherence slotsB = new SlotCoherence(b, EventBus.inProcess(), NEVER, Duration.ofMillis(100))) { // hears nothing
            sync(a, null, fields("status"));
            await(() -> "s_t1".equals(b.dialect().slots().of("a", "Order").columns().get("status")), "B's recheck finds status");
            sync(a, null, fields("region", "status"));
            await(() -> "s_t2".equals(b.dialect().slots().of("a", "Order").columns().get("status")), "B's recheck finds the change");
            assertEquals(Map.of("region", "s_t1", "status", "s_t2"), b.dialect().slots().of("a", "Order").columns());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aNodeThatMissedTheAnnouncementRepairsWhatItWroteMeanwhile(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        try (Database a = Database.open(url); Database b = Database.open(url);
             SlotCoherence slotsB = new SlotCoherence(b, EventBus.inProcess(), Duration.ZERO, NEVER)) { // rechecks when told
            sync(a, null, fields("status"));
            slotsB.recheck();
            RecordStore storeB = new RecordStore(b.dialect());
            sync(a, null, fields("region", "status")); // A's own repairs ran before B wrote
            b.useTx(c -> storeB.insert(c, SCOPE, record("missed", "{\"status\":\"open\",\"region\":\"eu\"}")));
            assertEquals(1, stale(a), "B wrote with the assignment it had");
            slotsB.recheck();
            await(() -> stale(a) == 0, "B's recheck repairs the entity whose assignment it had wrong");
            assertEquals(List.of("missed"), ids(b, storeB, "{\"status\":\"open\"}"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void writesWithAnOldMirrorAreSetRightByTheDelayedRepair(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        try (Database a = Database.open(url);
             SlotCoherence slotsA = new SlotCoherence(a, EventBus.inProcess(), Duration.ofSeconds(3))) {
            sync(a, slotsA, fields("status"));
            // B has not heard of the change yet (no bus here: as between A's commit and B's reload, or a late node).
            try (Database b = Database.open(url)) {
                RecordStore storeB = new RecordStore(b.dialect());
                sync(a, slotsA, fields("region", "status"));
                b.useTx(c -> storeB.insert(c, SCOPE, record("late", "{\"status\":\"open\",\"region\":\"eu\"}")));
                assertEquals(1, stale(a), "B wrote status into s_t1, which now holds region");
                await(() -> stale(a) == 0, "the delayed repair sets the record right");
                assertEquals(List.of("late"), ids(a, new RecordStore(a.dialect()), "{\"status\":\"open\"}"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theStartRepairFixesRecordsMadeStaleBeforeItAndRewritesNothingElse(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        try (Database db = Database.open(url)) {
            sync(db, null, fields("status", "priority"));
            RecordStore store = new RecordStore(db.dialect());
            EntityScope dev = new EntityScope("a", "Order", "dev");
            db.useTx(c -> {
                for (int i = 0; i < 20; i++) store.insert(c, SCOPE, record("r" + i, "{\"status\":\"open\",\"priority\":" + i + "}"));
                store.insert(c, dev, record("d1", "{\"status\":\"open\",\"priority\":1}"));
            });
            assertEquals(0, SlotRepair.run(db, "a", "Order"), "nothing stale, nothing written");
            db.useTx(c -> {
                try (Statement s = c.createStatement()) { // a node that wrote with another assignment
                    s.executeUpdate("UPDATE records SET s_t1 = 'wrong', s_n1 = NULL WHERE id IN ('r3', 'r4')");
                    s.executeUpdate("UPDATE records SET s_t2 = 'x' WHERE id = 'd1'");
                }
            });
            assertEquals(3, stale(db));
            String before = versions(db);
            try (SlotCoherence started = new SlotCoherence(db, EventBus.inProcess(), Duration.ZERO)) {
                started.repairSoon(Set.of("a"));
                await(() -> stale(db) == 0, "the start-time repair sets the records right");
            }
            if (kind == TestDatabases.Kind.POSTGRES) {
                String after = versions(db);
                for (String row : before.split(",")) {
                    if (!row.startsWith("r3:") && !row.startsWith("r4:") && !row.startsWith("d1:")) {
                        assertTrue(after.contains(row), "record " + row + " was rewritten: " + after);
                    }
                }
            }
            assertEquals(List.of("r3"), ids(db, store, "{\"priority\":3}"));
        }
    }

    /** PostgreSQL: each record's row version ({@code id:xmin}); SQLite: empty. */
    private static String versions(Database db) {
        if (!db.dialect().name().equals("postgres")) return "";
        return db.read(c -> {
            StringBuilder out = new StringBuilder();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id || ':' || xmin::text FROM records ORDER BY id")) {
                while (rs.next()) out.append(rs.getString(1)).append(',');
            }
            return out.toString();
        });
    }

    private static Map<String, RecordSlots.Kind> fields(String... textFields) {
        Map<String, RecordSlots.Kind> out = new LinkedHashMap<>();
        for (String f : textFields) out.put(f, f.equals("priority") ? RecordSlots.Kind.NUMBER : RecordSlots.Kind.TEXT);
        return out;
    }

    private static void sync(Database db, SlotCoherence coherence, Map<String, RecordSlots.Kind> slotFields) {
        SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "Order", INDEXES, slotFields)), coherence);
    }

    /** Records of a/Order whose slots differ from their data under the table's assignment. */
    private static int stale(Database db) {
        return db.read(c -> {
            RecordSlots.Assignment assignment = RecordSlots.readEntity(c, "a", "Order");
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM records WHERE app_id = 'a' AND entity = 'Order' AND "
                    + RecordSlots.stale(db.dialect(), assignment)); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The ids a page of {@code filter} finds on {@code db} (compiled with its own mirror, slots compared). */
    private static List<String> ids(Database db, RecordStore store, String filter) throws Exception {
        Filter parsed = FilterParser.parse(JSON.readTree(filter));
        ScalarFields scalars = ScalarFields.of(Set.of("status", "region", "priority"));
        List<String> page = db.read(c -> store.page(c, SCOPE, new PageRequest(parsed, new dev.homebase.server.query.Sort("id", false), 100, 0),
                List.of(), scalars)).stream().map(row -> row.record().id()).toList();
        long count = db.<Long>read(c -> store.count(c, SCOPE, parsed, scalars));
        assertEquals(page.size(), count, "count of " + filter);
        return page;
    }

    /** Polls {@code condition} for up to 20 s. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(20);
        }
    }

    /** Waits until {@code n} nodes listen on the database (their listeners connect in the background). */
    private static void awaitListening(Database db, int n) throws InterruptedException {
        await(() -> db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name LIKE 'homebase-listen-%' AND query LIKE 'LISTEN%'")) {
                rs.next();
                return rs.getInt(1) >= n;
            }
        }), n + " listening connections");
    }

    private static StoredRecord record(String id, String data) {
        return RecordSlotsTest.record(id, data);
    }
}

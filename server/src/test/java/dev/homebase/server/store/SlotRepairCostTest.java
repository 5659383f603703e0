package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the start-time slot repair ({@link SlotRepair}) costs on one entity of many records, when nothing is stale and
 * when some are, and how long single inserts wait meanwhile. A measurement, not part of the suite: run with
 * {@code -Dhomebase.slotRepairCost=100000,1000000} (record counts) and optionally
 * {@code -Dhomebase.slotRepairCost.kinds=SQLITE,POSTGRES}, under the benchmark lock.
 */
@EnabledIfSystemProperty(named = "homebase.slotRepairCost", matches = ".+")
class SlotRepairCostTest {

    @Test
    void measure() throws Exception {
        String kinds = System.getProperty("homebase.slotRepairCost.kinds", "SQLITE,POSTGRES");
        for (String kind : kinds.split(",")) {
            for (String n : System.getProperty("homebase.slotRepairCost").split(",")) {
                measure(TestDatabases.Kind.valueOf(kind.trim()), Integer.parseInt(n.trim()));
            }
        }
    }

    private static void measure(TestDatabases.Kind kind, int n) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            long t0 = System.nanoTime();
            db.inMaintenanceTx(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(kind == TestDatabases.Kind.POSTGRES
                            ? "INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date) SELECT 'a', 'Order', 'prod',"
                              + " 'r' || lpad(g::text, 8, '0'), jsonb_build_object('status', (ARRAY['open','paid','done','late'])[g % 4 + 1],"
                              + " 'priority', g % 5, 'region', 'r' || (g % 7), 'title', 'order number ' || g, 'amount', g % 1000),"
                              + " '2025-01-01T00:00:00.000000', '2025' FROM generate_series(1, " + n + ") g"
                            : "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < " + n + ")"
                              + " INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date) SELECT 'a', 'Order', 'prod',"
                              + " printf('r%08d', g), json_object('status', CASE g % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'paid' WHEN 2 THEN 'done'"
                              + " ELSE 'late' END, 'priority', g % 5, 'region', 'r' || (g % 7), 'title', 'order number ' || g, 'amount', g % 1000),"
                              + " '2025-01-01T00:00:00.000000', '2025' FROM s");
                }
                return null;
            });
            Map<String, RecordSlots.Kind> fields = new LinkedHashMap<>();
            fields.put("status", RecordSlots.Kind.TEXT);
            fields.put("priority", RecordSlots.Kind.NUMBER);
            fields.put("region", RecordSlots.Kind.TEXT);
            SchemaIndexes.sync(db, Set.of("a"), List.of(new SchemaIndexes.Declared("a", "Order",
                    List.of(List.of("status"), List.of("priority"), List.of("region")), fields)));
            vacuum(db, kind);
            long loaded = System.nanoTime();
            System.out.printf("slot repair cost: %s %,d records loaded, slotted and indexed in %d ms%n", kind, n, (loaded - t0) / 1_000_000);

            for (int round = 0; round < 3; round++) {
                String walBefore = wal(db, kind);
                long started = System.nanoTime();
                int fixed = SlotRepair.run(db, "a", "Order");
                long ms = (System.nanoTime() - started) / 1_000_000;
                assertEquals(0, fixed);
                System.out.printf("slot repair cost: %s %,d records, nothing stale: %d ms, rewrote %d, WAL %s -> %s, load %s%n", kind, n, ms,
                        fixed, walBefore, wal(db, kind), loadavg());
            }
            // Inserts meanwhile: how long does one wait while the repair searches? (And alone, for as long, before.)
            RecordStore store = new RecordStore(db.dialect());
            com.fasterxml.jackson.databind.node.ObjectNode data = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"status\":\"open\",\"priority\":1}");
            List<Long> alone = new ArrayList<>();
            long until = System.nanoTime() + 400_000_000L;
            for (int j = 0; System.nanoTime() < until; j++) {
                String id = "y" + j;
                long started = System.nanoTime();
                db.useTx(c -> store.insert(c, new EntityScope("a", "Order", "prod"), new StoredRecord(id, data.deepCopy(),
                        "2025-01-01T00:00:00.000000", "2025", null, null, false)));
                alone.add((System.nanoTime() - started) / 1_000);
            }
            long[] aloneSorted = alone.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("slot repair cost: %s %,d records, inserts alone for 400 ms: %d, p50 %d us, max %d us%n", kind, n,
                    aloneSorted.length, aloneSorted[aloneSorted.length / 2], aloneSorted[aloneSorted.length - 1]);
            AtomicBoolean done = new AtomicBoolean();
            long[] repairMs = new long[1];
            Thread repair = Thread.ofPlatform().start(() -> {
                long started = System.nanoTime();
                SlotRepair.run(db, "a", "Order");
                repairMs[0] = (System.nanoTime() - started) / 1_000_000;
                done.set(true);
            });
            List<Long> waits = new ArrayList<>();
            int i = 0;
            while (!done.get()) {
                String id = "x" + (i++);
                long started = System.nanoTime();
                db.useTx(c -> store.insert(c, new EntityScope("a", "Order", "prod"), new StoredRecord(id, data.deepCopy(),
                        "2025-01-01T00:00:00.000000", "2025", null, null, false)));
                waits.add((System.nanoTime() - started) / 1_000);
            }
            repair.join();
            long[] sorted = waits.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("slot repair cost: %s %,d records, inserts during a %d ms repair: %d, p50 %d us, max %d us%n", kind, n, repairMs[0],
                    sorted.length, sorted.length == 0 ? 0 : sorted[sorted.length / 2], sorted.length == 0 ? 0 : sorted[sorted.length - 1]);

            int stale = Math.min(1000, n);
            db.useTx(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE records SET s_t1 = 'wrong' WHERE app_id = 'a' AND entity = 'Order' AND id <= 'r"
                            + String.format("%08d", stale) + "' AND id LIKE 'r%'");
                }
            });
            long started = System.nanoTime();
            int fixed = SlotRepair.run(db, "a", "Order");
            System.out.printf("slot repair cost: %s %,d records, %d stale: %d ms, rewrote %d, load %s%n", kind, n, stale,
                    (System.nanoTime() - started) / 1_000_000, fixed, loadavg());
            assertEquals(stale, fixed);
        }
    }

    private static void vacuum(Database db, TestDatabases.Kind kind) throws Exception {
        try (var c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            if (kind == TestDatabases.Kind.POSTGRES) s.execute("VACUUM ANALYZE records");
            else s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** PostgreSQL's WAL position (a repair that writes nothing leaves it where it was, give or take others' bytes). */
    private static String wal(Database db, TestDatabases.Kind kind) {
        if (kind != TestDatabases.Kind.POSTGRES) return "-";
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static String loadavg() {
        try {
            return Arrays.stream(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")).limit(3)
                    .reduce((a, b) -> a + " " + b).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}

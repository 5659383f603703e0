package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.homebase.server.TempDirs;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that starts repairs the slot columns of records written with another assignment before it started (a node
 * that crashed before its delayed repair, or one still on an old schema), a few seconds after its start.
 */
class SlotRepairStartupTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aStartingServerSetsRightRecordsWithStaleSlots(TestDatabases.Kind kind) throws Exception {
        Path dir = TempDirs.create("homebase-slot-start");
        Path entities = Files.createDirectories(dir.resolve("base44/entities"));
        Files.writeString(dir.resolve("base44/.app.jsonc"), "{\"id\": \"slotapp\"}");
        Files.writeString(entities.resolve("task.jsonc"), "{\"name\": \"Task\", \"properties\": {\"status\": {\"type\": \"string\"},"
                + " \"size\": {\"type\": \"number\"}}, \"indexes\": [\"status\", \"size\"]}");
        String url = TestDatabases.freshUrl(kind);
        try (TestServer ignored = new TestServer(dir, url, TestServer.fastAuth())) {
            // the first start assigns the slots
        }
        try (Database db = Database.open(url)) {
            db.useTx(c -> {
                try (Statement s = c.createStatement()) {
                    for (int i = 0; i < 3; i++) {
                        s.executeUpdate("INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date, s_t1, s_n1)"
                                + " VALUES ('slotapp', 'Task', 'prod', 't" + i + "', '{\"status\":\"open\",\"size\":" + i + "}',"
                                + " '2025-01-01T00:00:00.000000', '2025', " + (i == 0 ? "'open', 0" : "NULL, NULL") + ")");
                    }
                }
            });
            assertEquals(2, stale(db));
        }
        try (TestServer server = new TestServer(dir, url, TestServer.fastAuth())) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            int stale;
            try (Database db = Database.open(url)) {
                while ((stale = stale(db)) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
            }
            assertEquals(0, stale, "the start-time repair set the records right");
            TestServer.Response filtered = server.sendAs(server.serviceToken(), "GET", "/api/apps/slotapp/entities/Task?q="
                    + java.net.URLEncoder.encode("{\"status\":\"open\",\"size\":{\"$gte\":1}}", java.nio.charset.StandardCharsets.UTF_8), null);
            assertEquals(200, filtered.status(), filtered.body());
            assertEquals(2, filtered.json().size(), filtered.body());
        }
    }

    /** Records of slotapp/Task whose slots are not their values (status in s_t1, size in s_n1). */
    private static int stale(Database db) {
        boolean pg = db.dialect().name().equals("postgres");
        String status = pg ? "(data ->> 'status')" : "json_extract(data, '$.status')";
        String size = pg ? "(data ->> 'size')::numeric" : "json_extract(data, '$.size')";
        String differs = pg ? " IS DISTINCT FROM " : " IS NOT ";
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM records WHERE app_id = 'slotapp'"
                    + " AND (s_t1" + differs + status + " OR s_n1" + differs + size + ")")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}

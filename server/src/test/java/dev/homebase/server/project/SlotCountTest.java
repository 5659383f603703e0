package dev.homebase.server.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slot columns through the running server, on both databases: records written before their entity declares indexes
 * are refilled when a reload declares them; records created one by one, in bulk and updated through the REST API
 * get their slots from the write itself; counts and lists with filters on the slotted fields answer like the JSON
 * forms (records holding a value of another type included), and every slot equals its value from the data.
 */
class SlotCountTest {
    private static final String APP = "reloadtest";
    private static final String API = "/api/apps/" + APP + "/entities/Note";
    private static final String OPEN_HIGH = "{\"status\":\"open\",\"priority\":{\"$gte\":3}}";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void countsFollowEveryWrite(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind)) {
            Path file = server.dir().resolve("base44/entities/note.jsonc");
            // Before any index: stored with no slots (one with a number where the schema will say string).
            Files.writeString(file, """
                    { "name": "Note", "properties": { "title": { "type": "string" }, "status": { "type": ["string", "number"] },
                      "priority": { "type": "number" } }, "required": ["title"], "rls": { "read": true, "write": true } }
                    """);
            server.app().entityReloader().reload(APP);
            assertEquals(201, post(server, "", "{\"title\":\"a\",\"status\":\"open\",\"priority\":3}"));
            assertEquals(201, post(server, "", "{\"title\":\"b\",\"status\":7,\"priority\":9}"));
            Files.writeString(file, """
                    { "name": "Note", "properties": { "title": { "type": "string" }, "status": { "type": "string" },
                      "priority": { "type": "number" } }, "required": ["title"], "rls": { "read": true, "write": true },
                      "indexes": ["status", "priority", ["status", "-created_date"]] }
                    """);
            assertEquals(true, server.app().entityReloader().reload(APP).applied());
            assertEquals(2, server.send("GET", API, null).json().size());
            assertEquals(1, count(server, OPEN_HIGH), "refilled at the reload");

            assertEquals(201, post(server, "", "{\"title\":\"c\",\"status\":\"open\",\"priority\":4.5}"));
            assertEquals(201, post(server, "/bulk", "[{\"title\":\"d\",\"status\":\"open\",\"priority\":3},"
                    + "{\"title\":\"e\",\"status\":\"closed\",\"priority\":5},{\"title\":\"f\",\"status\":\"open\",\"priority\":1}]"));
            assertEquals(3, count(server, OPEN_HIGH));
            String id = server.send("GET", API + "?q=" + encode("{\"title\":\"d\"}"), null).json().get(0).get("id").asText();
            assertEquals(200, server.send("PUT", API + "/" + id, "{\"status\":\"closed\"}").status());
            assertEquals(2, count(server, OPEN_HIGH), "an update moves the record out");
            String other = server.send("GET", API + "?q=" + encode("{\"title\":\"f\"}"), null).json().get(0).get("id").asText();
            assertEquals(200, server.send("PUT", API + "/" + other, "{\"priority\":8}").status());
            assertEquals(3, count(server, OPEN_HIGH), "an update moves the record in");
            assertEquals(200, server.send("PUT", API + "/" + other, "{\"priority\":null}").status());
            assertEquals(2, count(server, OPEN_HIGH), "null is no number");
            assertEquals(2, count(server, "{\"status\":\"closed\"}"));
            assertEquals(1, count(server, "{\"status\":7}"), "the number is still found by its own type");
            assertEquals(0, count(server, "{\"status\":\"7\"}"), "a number stored in a string field is no string");
            assertEquals(2, server.send("GET", API + "?q=" + encode(OPEN_HIGH) + "&sort=-created_date", null).json().size());
            assertEquals(0, staleSlots(server));
        }
    }

    private static int post(TestServer server, String path, String body) {
        return server.send("POST", API + path, body).status();
    }

    private static int count(TestServer server, String q) {
        TestServer.Response r = server.send("GET", API + "/count?q=" + encode(q), null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("count").asInt();
    }

    private static String encode(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    /** Records of the entity whose slots differ from their data (see RecordSlotsTest for the exact check). */
    private static int staleSlots(TestServer server) {
        try (Database db = Database.open(server.databaseUrl())) {
            String differs = db.dialect().name().equals("sqlite") ? " IS NOT " : " IS DISTINCT FROM ";
            String sql = "SELECT COUNT(*) FROM records WHERE app_id = ? AND entity = 'Note' AND (s_t1" + differs
                    + db.dialect().slotValue("data", "status", false) + " OR s_n1" + differs + db.dialect().slotValue("data", "priority", true)
                    + " OR s_arrays" + differs + db.dialect().slotArrays("data", java.util.List.of("status", "priority")) + ")";
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, APP);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        }
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Cursors of {@code v2/list} (api-contract §4.3) sealed with per-app keys kept in the database: a walk started on one
 * node continues on another node on the same PostgreSQL database and after a restart on SQLite; two nodes asking for
 * the first key at once agree on one; a rotated key keeps opening its cursors for the grace period and no longer.
 */
class SharedCursorsTest {
    private static final String BASE = "/api/apps/cursortest/entities/Thing";

    @Test
    void aWalkStartedOnOneNodeContinuesOnAnother() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = TestServer.copyFixture("cursortest");
        try (TestServer a = new TestServer(project, url, TestServer.fastAuth());
             TestServer b = new TestServer(project, url, TestServer.fastAuth())) {
            seed(a, 40);
            List<String> expected = ids(get(a, BASE + "?limit=5000&sort=title"));
            // Both nodes issue their first cursor at once: one key is made, and each node opens the other's cursor.
            CompletableFuture<JsonNode> onA = CompletableFuture.supplyAsync(() -> get(a, BASE + "/v2/list?limit=7&sort=title"));
            CompletableFuture<JsonNode> onB = CompletableFuture.supplyAsync(() -> get(b, BASE + "/v2/list?limit=7&sort=title"));
            String fromA = cursor(onA.get());
            String fromB = cursor(onB.get());
            assertEquals(1, cursorKeyRows(url), "one key for the app, whichever node made it");
            assertEquals(expected.subList(7, 14), ids(get(b, BASE + "/v2/list?limit=7&cursor=" + fromA).get("items")));
            assertEquals(expected.subList(7, 14), ids(get(a, BASE + "/v2/list?limit=7&cursor=" + fromB).get("items")));

            // A whole walk, each page on the other node.
            List<String> walked = new ArrayList<>();
            JsonNode page = get(a, BASE + "/v2/list?limit=7&sort=title");
            for (int i = 1; ; i++) {
                walked.addAll(ids(page.get("items")));
                if (page.get("next_cursor").isNull()) break;
                page = get(i % 2 == 1 ? b : a, BASE + "/v2/list?limit=7&cursor=" + cursor(page));
            }
            assertEquals(expected, walked);

            String tampered = tamper(cursor(get(a, BASE + "/v2/list?limit=7&sort=title")));
            TestServer.Response refused = b.send("GET", BASE + "/v2/list?limit=7&cursor=" + tampered, null);
            assertEquals(400, refused.status(), refused.body());
            assertEquals("invalid_cursor", refused.json().get("code").asText());
        }
    }

    @Test
    void aCursorSurvivesARestart() {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.SQLITE);
        Path project = TestServer.copyFixture("cursortest");
        String next;
        List<String> expected;
        try (TestServer before = new TestServer(project, url, TestServer.fastAuth())) {
            seed(before, 20);
            expected = ids(get(before, BASE + "?limit=5000&sort=-title"));
            next = cursor(get(before, BASE + "/v2/list?limit=5&sort=-title"));
        }
        try (TestServer after = new TestServer(project, url, TestServer.fastAuth())) {
            assertEquals(expected.subList(5, 10), ids(get(after, BASE + "/v2/list?limit=5&cursor=" + next).get("items")));
            TestServer.Response refused = after.send("GET", BASE + "/v2/list?limit=5&cursor=" + tamper(next), null);
            assertEquals(400, refused.status(), refused.body());
            assertEquals("invalid_cursor", refused.json().get("code").asText());
        }
    }

    @Test
    void aRotatedKeyOpensItsCursorsForTheGracePeriodOnly() {
        TestClock clock = new TestClock();
        // Ten minutes before the next daily rotation.
        long day = Duration.ofDays(1).toMillis();
        clock.advance(Duration.ofMillis(day - Math.floorMod(clock.millis(), day)).minusMinutes(10));
        String url = TestDatabases.freshUrl(TestDatabases.Kind.SQLITE);
        try (TestServer server = new TestServer(TestServer.copyFixture("cursortest"), url, TestServer.fastAuth().withClock(clock))) {
            seed(server, 30);
            List<String> expected = ids(get(server, BASE + "?limit=5000&sort=title"));
            String old = cursor(get(server, BASE + "/v2/list?limit=5&sort=title"));

            clock.advance(Duration.ofMinutes(30)); // rotated 20 minutes ago: the old key still opens
            JsonNode page = get(server, BASE + "/v2/list?limit=5&cursor=" + old);
            assertEquals(expected.subList(5, 10), ids(page.get("items")));
            String fresh = cursor(page);
            assertNotEquals(keyId(old), keyId(fresh), "the next cursor is sealed with the new key");

            clock.advance(Duration.ofMinutes(41)); // the old key's grace ended a minute ago
            TestServer.Response refused = server.send("GET", BASE + "/v2/list?limit=5&cursor=" + old, null);
            assertEquals(400, refused.status(), refused.body());
            assertEquals("invalid_cursor", refused.json().get("code").asText());
            assertEquals(expected.subList(10, 15), ids(get(server, BASE + "/v2/list?limit=5&cursor=" + fresh).get("items")));

            // Days later: a new key, and the retired ones are gone from the database.
            clock.advance(Duration.ofDays(5));
            assertEquals(400, server.send("GET", BASE + "/v2/list?limit=5&cursor=" + fresh, null).status());
            get(server, BASE + "/v2/list?limit=5&sort=title");
            assertEquals(1, cursorKeyRows(url));
        }
    }

    @Test
    void aNodeWhoseClockIsBehindOpensCursorsOfTheNextKey() {
        long day = Duration.ofDays(1).toMillis();
        TestClock ahead = new TestClock();
        ahead.advance(Duration.ofMillis(day - Math.floorMod(ahead.millis(), day)).plusMinutes(1)); // just rotated
        TestClock behind = new TestClock();
        behind.advance(Duration.ofMillis(day - Math.floorMod(behind.millis(), day)).minusMinutes(1)); // not yet
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = TestServer.copyFixture("cursortest");
        try (TestServer a = new TestServer(project, url, TestServer.fastAuth().withClock(ahead));
             TestServer b = new TestServer(project, url, TestServer.fastAuth().withClock(behind))) {
            seed(a, 12);
            List<String> expected = ids(get(a, BASE + "?limit=5000&sort=title"));
            String fromA = cursor(get(a, BASE + "/v2/list?limit=5&sort=title"));
            String fromB = cursor(get(b, BASE + "/v2/list?limit=5&sort=title"));
            assertEquals(keyId(fromB) + 1, keyId(fromA));
            assertEquals(expected.subList(5, 10), ids(get(b, BASE + "/v2/list?limit=5&cursor=" + fromA).get("items")));
            assertEquals(expected.subList(5, 10), ids(get(a, BASE + "/v2/list?limit=5&cursor=" + fromB).get("items")));
        }
    }

    private static void seed(TestServer server, int count) {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < count; i++) items.append(i == 0 ? "" : ",").append("{\"title\":\"t").append(1000 + i * 7 % count).append('-').append(i).append("\"}");
        TestServer.Response res = server.send("POST", BASE + "/bulk", items.append(']').toString());
        assertEquals(201, res.status(), res.body());
    }

    private static JsonNode get(TestServer server, String path) {
        TestServer.Response res = server.send("GET", path, null);
        assertEquals(200, res.status(), () -> path + ": " + res.body());
        return res.json();
    }

    private static String cursor(JsonNode page) {
        assertTrue(page.get("has_more").asBoolean(), page::toString);
        return page.get("next_cursor").asText();
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    /** The cursor with one bit of its sealed part flipped. */
    private static String tamper(String cursor) {
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        raw[raw.length / 2] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static long keyId(String cursor) {
        return ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor), 0, Long.BYTES).getLong();
    }

    private static int cursorKeyRows(String url) {
        try (Database db = Database.open(url)) {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cursor_keys WHERE app_id = 'cursortest'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
        }
    }
}

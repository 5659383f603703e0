package dev.homebase.server.realtime;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import dev.homebase.server.store.postgres.PostgresEventBus;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two Homebase nodes (two {@code App}s, each with its own HTTP port, realtime server and event bus) on one PostgreSQL
 * database: a write on node A reaches node B's subscribers through LISTEN/NOTIFY with B applying the rules, large
 * events go by reference, each node delivers its own events once, and a dropped listening connection comes back.
 * (The same across two processes and the official client: conformance {@code multinode.test.mjs}.)
 */
class RealtimeNodesTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String API = "/api/apps/rlstest/entities/";

    @Test
    void eventsCrossNodesOnPostgres() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = copyFixture("rlstest"); // one project folder: both nodes serve the same app id
        List<Socket> sockets = new ArrayList<>();
        var auth = TestServer.fastAuth().withAdmin(ADMIN, PASSWORD);
        try (TestServer a = new TestServer(project, url, auth); TestServer b = new TestServer(project, url, auth)) {
            String admin = a.send("POST", "/api/apps/rlstest/auth/login",
                    "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").json().get("access_token").asText();
            String service = a.serviceToken();

            BlockingQueue<JsonNode> adminOnB = subscribe(b, sockets, admin, "Note");
            BlockingQueue<JsonNode> anonOnB = subscribe(b, sockets, null, "Note");
            BlockingQueue<JsonNode> serviceOnA = subscribe(a, sockets, service, "Note");
            awaitListening(url, 2);

            // create / update / delete on A, seen on B with B's rules (no salary for the admin, nothing for anonymous)
            TestServer.Response created = a.sendAs(service, "POST", API + "Note", "{\"title\":\"n1\",\"team\":\"red\",\"salary\":9}");
            assertEquals(201, created.status(), created.body());
            String id = created.json().get("id").asText();
            JsonNode onB = next(adminOnB);
            assertEquals("create", onB.get("type").asText());
            assertEquals(id, onB.get("id").asText());
            assertFalse(onB.get("data").has("salary"), onB.toString());
            assertEquals(200, a.sendAs(service, "PUT", API + "Note/" + id, "{\"title\":\"n2\"}").status());
            assertEquals("n2", next(adminOnB).at("/data/title").asText());

            String big = "x".repeat(PostgresEventBus.MAX_INLINE_BYTES * 3);
            assertEquals(200, a.sendAs(service, "PUT", API + "Note/" + id, "{\"title\":\"" + big + "\"}").status());
            JsonNode large = next(adminOnB);
            assertEquals(big, large.at("/data/title").asText(), "a large event arrives whole, by reference");
            assertEquals(200, a.sendAs(admin, "DELETE", API + "Note/" + id, null).status());
            assertEquals("delete", next(adminOnB).get("type").asText());
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM realtime_events")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 1, "the large event went through the table");
            }

            // Node A's own subscriber got each of A's events exactly once (not again through the bus).
            List<String> onA = new ArrayList<>();
            for (int i = 0; i < 4; i++) onA.add(next(serviceOnA).get("type").asText());
            assertEquals(List.of("create", "update", "update", "delete"), onA);
            assertNull(serviceOnA.poll(500, TimeUnit.MILLISECONDS), "no echo from the bus");

            // A write on B reaches A too.
            assertEquals(201, b.sendAs(service, "POST", API + "Note", "{\"title\":\"from-b\",\"team\":\"red\"}").status());
            assertEquals("from-b", next(serviceOnA).at("/data/title").asText());
            assertEquals("from-b", next(adminOnB).at("/data/title").asText());

            // The listening connections drop (a database restart, a proxy timeout): the nodes listen again.
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'homebase-listen-%'");
            }
            boolean heard = false;
            for (int i = 0; i < 60 && !heard; i++) { // events sent while B is reconnecting are lost: try until one arrives
                assertEquals(201, a.sendAs(service, "POST", API + "Note", "{\"title\":\"after\",\"team\":\"red\"}").status());
                JsonNode e = adminOnB.poll(250, TimeUnit.MILLISECONDS);
                heard = e != null && e.at("/data/title").asText().equals("after");
            }
            assertTrue(heard, "node B listens again after its connection was dropped");

            assertNull(anonOnB.poll(200, TimeUnit.MILLISECONDS), "anonymous may not read notes, on any node");
            assertTrue(b.app().realtime().stats().eventsFromOtherNodes() >= 5, b.app().realtime().stats().toString());
            assertTrue(a.app().realtime().stats().eventsFromOtherNodes() >= 1, a.app().realtime().stats().toString());
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    /** Waits until {@code n} listening connections are up (they connect in the background at start). */
    private static void awaitListening(String url, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'homebase-listen-%' AND query LIKE 'LISTEN%'")) {
                rs.next();
                if (rs.getInt(1) >= n) return;
            }
            if (System.currentTimeMillis() > deadline) throw new AssertionError(n + " listening connections did not come up");
            Thread.sleep(50);
        }
    }

    private static Path copyFixture(String fixture) throws java.io.IOException {
        Path source = Path.of("src/test/resources", fixture);
        Path target = TempDirs.create("homebase-nodes");
        try (var files = java.nio.file.Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(t);
                else java.nio.file.Files.copy(p, t);
            }
        }
        return target;
    }

    private static BlockingQueue<JsonNode> subscribe(TestServer server, List<Socket> sockets, String token, String entity)
            throws InterruptedException {
        return TestSubscribers.subscribe(server, sockets, "rlstest", token, entity);
    }

    private static JsonNode next(BlockingQueue<JsonNode> events) throws InterruptedException {
        return TestSubscribers.next(events);
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.QueryLimits;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Query time limits (HOMEBASE_QUERY_TIMEOUT_MS) on SQLite and PostgreSQL: 20 pathological list
 * requests at once (on PostgreSQL, {@code $all} on a dot path through big arrays of objects; on SQLite, a filter
 * that scans big arrays over and over) each answer 503 "Query took too long" near the limit, while
 * another user lists and signs in within normal time; afterwards no statement is still running
 * (PostgreSQL: {@code pg_stat_activity}), and none outlives the server's stop.
 */
class QueryTimeLimitTest {
    private static final String APP = "/api/apps/authtest";
    private static final String ITEMS = APP + "/entities/Item";
    private static final String PASSWORD = "s3cret-pass";
    private static final long LIMIT_MS = 1000;
    private static final int ATTACKERS = 20;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void slowQueriesStopAtTheLimitAndOthersAreServed(TestDatabases.Kind kind) throws Exception {
        QueryLimits limits = new QueryLimits(Duration.ofMillis(LIMIT_MS), Duration.ofSeconds(5));
        TestServer server = new TestServer("authtest", kind, TestServer.fastAuth(), limits);
        try {
            seed(server, kind);
            String ann = server.login("authtest", "ann@example.test", PASSWORD);
            String bob = server.login("authtest", "bob@example.test", PASSWORD);
            String slow = ITEMS + "?q=" + URLEncoder.encode(slowFilter(kind), StandardCharsets.UTF_8);

            long start = System.nanoTime();
            assertEquals(200, server.sendAs(bob, "GET", ITEMS + "?limit=5", null).status());
            System.out.println("[" + kind + "] a list alone: " + (System.nanoTime() - start) / 1_000_000 + " ms");

            // One slow request alone: stopped near the limit with a clear 503.
            start = System.nanoTime();
            TestServer.Response one = server.sendAs(ann, "GET", slow, null);
            long oneMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[" + kind + "] one slow request: " + one.status() + " in " + oneMs + " ms");
            assertEquals(503, one.status(), one.body());
            assertEquals("Query took too long", one.json().get("message").asText());
            assertTrue(oneMs < LIMIT_MS + 1500, "stopped near the limit, took " + oneMs + " ms");

            // Twenty at once, while another user lists and signs in.
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            long burstStart = System.nanoTime();
            for (int i = 0; i < ATTACKERS; i++) {
                burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + slow))
                        .header("Authorization", "Bearer " + ann).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(300); // the burst holds its connections now
            long t0 = System.nanoTime();
            TestServer.Response list = server.sendAs(bob, "GET", ITEMS + "?limit=5", null);
            long listMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            server.login("authtest", "bob@example.test", PASSWORD);
            long loginMs = (System.nanoTime() - t0) / 1_000_000;
            long oldestMs = kind == TestDatabases.Kind.POSTGRES ? oldestStatementMillis(server.databaseUrl()) : 0;
            int[] statuses = new int[600];
            for (CompletableFuture<HttpResponse<String>> f : burst) {
                HttpResponse<String> r = f.join();
                statuses[r.statusCode()]++;
                assertTrue(r.statusCode() == 503, r.statusCode() + " " + r.body());
            }
            long burstMs = (System.nanoTime() - burstStart) / 1_000_000;
            System.out.println("[" + kind + "] during " + ATTACKERS + " slow requests: list " + listMs + " ms, login " + loginMs
                    + " ms; the burst ended after " + burstMs + " ms with " + statuses[503] + " x 503");
            assertEquals(200, list.status(), list.body());
            // Without limits these waited for the whole burst (30 s and a 500 on PostgreSQL). NB: on SQLite the
            // burst's statements share the CPU with this list, so the bound leaves room for a busy test machine.
            assertTrue(listMs < 2 * LIMIT_MS, "another user's list took " + listMs + " ms");
            assertTrue(loginMs < 2 * LIMIT_MS, "another user's sign-in took " + loginMs + " ms");
            assertTrue(oldestMs < LIMIT_MS + 500, "a statement ran " + oldestMs + " ms");

            if (kind == TestDatabases.Kind.POSTGRES) {
                assertEquals(0, runningStatements(server.databaseUrl()), "no statement outlives its request");
                // A burst still running when the server stops: its statements end with it.
                for (int i = 0; i < ATTACKERS; i++) {
                    http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + slow))
                            .header("Authorization", "Bearer " + ann).build(), HttpResponse.BodyHandlers.discarding());
                }
                Thread.sleep(300);
                assertTrue(runningStatements(server.databaseUrl()) > 0, "the second burst is running");
                long stop = System.nanoTime();
                String pgUrl = server.databaseUrl();
                server.close();
                server = null;
                System.out.println("[" + kind + "] stopped in " + (System.nanoTime() - stop) / 1_000_000 + " ms");
                // Cancelled at close; a loaded CI machine (load 20+) once needed more than 1 s to end one backend.
                long until = System.nanoTime() + 2_000_000_000L;
                while (runningStatements(pgUrl) > 0 && System.nanoTime() < until) Thread.sleep(20);
                assertEquals(0, runningStatements(pgUrl), "no statement outlives the server");
            }
        } finally {
            if (server != null) server.close();
        }
    }

    /** A filter that runs for many seconds without a limit. */
    private static String slowFilter(TestDatabases.Kind kind) {
        if (kind == TestDatabases.Kind.POSTGRES) {
            // A dot path through arrays of objects: each value of $all is its own scan of the 5,000 elements of
            // every record (the values sit at the end of the arrays, and the last one is absent).
            StringBuilder all = new StringBuilder("{\"items.v\":{\"$all\":[");
            for (int t = 4600; t < 5000; t++) all.append('"').append("tag").append(t).append("\",");
            return all.append("\"absent\"]}}").toString();
        }
        StringBuilder all = new StringBuilder("{\"tags\":{\"$all\":[");
        for (int i = 0; i < 200; i++) all.append(i == 0 ? "" : ",").append("\"absent").append(i).append('"');
        return all.append("]}}").toString();
    }

    private static void seed(TestServer server, TestDatabases.Kind kind) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            UserStore users = new UserStore(db.dialect());
            RecordStore records = new RecordStore(db.dialect());
            EntityScope scope = new EntityScope("authtest", "Item", "prod");
            String now = "2025-01-01T00:00:00.000000";
            db.useTx(c -> {
                users.insert(c, user("a00000000000000000000001", "ann@example.test", hash, now));
                users.insert(c, user("b00000000000000000000002", "bob@example.test", hash, now));
                for (int i = 0; i < 40; i++) {
                    ObjectNode data = Json.object();
                    data.put("title", "item " + i);
                    var tags = data.putArray(kind == TestDatabases.Kind.POSTGRES ? "items" : "tags");
                    for (int t = 0; t < 5000; t++) {
                        if (kind == TestDatabases.Kind.POSTGRES) tags.addObject().put("v", "tag" + t);
                        else tags.add("tag" + t);
                    }
                    records.insert(c, scope, new StoredRecord(String.format("%024x", i + 1), data, now, now, null, null, false));
                }
            });
        }
    }

    /** How long the oldest statement running now on the server's database has run, in milliseconds. */
    private static long oldestStatementMillis(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(EXTRACT(EPOCH FROM clock_timestamp() - query_start) * 1000), 0)"
                     + " FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Statements running now on the server's database, other than this one. */
    private static int runningStatements(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND state = 'active' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static UserRecord user(String id, String email, String hash, String now) {
        return new UserRecord("authtest", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                Json.object(), 0, now, now);
    }
}

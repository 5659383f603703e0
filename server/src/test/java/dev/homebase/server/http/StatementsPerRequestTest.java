package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SQL statements a signed-in request runs on PostgreSQL, counted by the server itself
 * ({@code pg_stat_statements}, in an embedded PostgreSQL of this test's own): a create is one INSERT, an update by id
 * one UPDATE (no SELECT first), a record by id and a page one SELECT each, and none has a transaction around it (no
 * BEGIN and COMMIT round trips: the one statement is its own transaction); none reads
 * the users table (the caller is cached) or sets the statement time limit (every pooled connection carries it).
 * The event bus's own notifications ({@code pg_notify}, sent after the commit, batched) are left out.
 */
@Tag("postgres")
class StatementsPerRequestTest {
    private static final String APP = "/api/apps/perftest";
    private static final String NOTES = APP + "/entities/Note";
    private static final String EMAIL = "owner@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final int N = 40;
    /** The PostgreSQL pool's size (store/Database). */
    private static final int POOL = dev.homebase.server.store.QueryLimits.DEFAULT_POSTGRES_POOL_SIZE;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track", "all").start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE perftest");
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) postgres.close();
    }

    private static Connection admin() throws SQLException {
        return postgres.getDatabase("postgres", "perftest").getConnection();
    }

    @Test
    void eachRequestRunsOnlyTheStatementsItNeeds() throws Exception {
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/perftest?user=postgres&password=postgres";
        try (TestServer server = new TestServer(TestServer.copyFixture("perftest"), url, TestServer.fastAuth().withAdmin(EMAIL, PASSWORD))) {
            String token = server.login("perftest", EMAIL, PASSWORD);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) create(server, token); // warm: token verified, caller cached, statements prepared
            awaitFullPool(); // a connection's own setup (its statement limit) is not a request's

            Map<String, Long> create = counted(() -> {
                for (int i = 0; i < N; i++) ids.add(create(server, token));
            });
            assertEquals(Map.of("INSERT INTO records", (long) N), withoutBegin(create), "create: " + create);
            // No BEGIN and COMMIT: the one INSERT is its own transaction. Only the event bus's batches of notifications
            // (sent after the commits, a few transactions for all N) and a background job may begin one meanwhile.
            assertTrue(create.getOrDefault("BEGIN", 0L) <= N / 4, "create: " + create);

            Map<String, Long> get = counted(() -> {
                for (String id : ids) assertEquals(200, server.sendAs(token, "GET", NOTES + "/" + id, null).status());
            });
            // No BEGIN: a read's one statement is its own transaction (a background job may begin one meanwhile).
            assertEquals(Map.of("SELECT records", (long) N), withoutBegin(get), "get by id: " + get);
            assertTrue(get.getOrDefault("BEGIN", 0L) <= 2, "get by id: " + get);

            Map<String, Long> page = counted(() -> {
                for (int i = 0; i < N; i++) {
                    TestServer.Response r = server.sendAs(token, "GET", NOTES + "?limit=50&sort=-created_date", null);
                    assertEquals(200, r.status(), r.body());
                    assertEquals(N + 3, r.json().size());
                }
            });
            assertEquals(Map.of("SELECT records", (long) N), withoutBegin(page), "owner-only page: " + page);
            assertTrue(page.getOrDefault("BEGIN", 0L) <= 2, "owner-only page: " + page);

            Map<String, Long> update = counted(() -> {
                for (String id : ids) {
                    TestServer.Response r = server.sendAs(token, "PUT", NOTES + "/" + id, "{\"priority\":4}");
                    assertEquals(200, r.status(), r.body());
                    assertEquals(4, r.json().get("priority").asInt());
                    assertEquals("kept", r.json().get("title").asText());
                }
            });
            assertEquals(Map.of("UPDATE records", (long) N), withoutBegin(update), "update by id: " + update);
            assertTrue(update.getOrDefault("BEGIN", 0L) <= N / 4, "update by id: " + update);

            // A page filtered on an indexed integer field, answered from the stored JSON as it is (no field rule): its
            // statement is the gated one whose first branch holds the plain typed comparison the index is built on.
            String filter = java.net.URLEncoder.encode("{\"priority\":4}", java.nio.charset.StandardCharsets.UTF_8);
            List<String> typed = texts(() -> {
                TestServer.Response r = server.sendAs(token, "GET", NOTES + "?q=" + filter + "&limit=50&sort=-created_date", null);
                assertEquals(200, r.status(), r.body());
                assertEquals(N, r.json().size());
            });
            assertEquals(1, typed.size(), "typed page: " + typed);
            assertTrue(typed.getFirst().startsWith("SELECT g.* FROM (") && typed.getFirst().contains(" UNION ALL "),
                    "the gated scalar form: " + typed.getFirst());
        }
    }

    /** Waits until the server's pool holds all its connections (it opens them in the background at start). */
    private static void awaitFullPool() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'perftest' "
                        + "AND application_name = 'PostgreSQL JDBC Driver' AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) >= POOL) return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the pool did not fill");
    }

    private static String create(TestServer server, String token) {
        TestServer.Response r = server.sendAs(token, "POST", NOTES, "{\"title\":\"kept\",\"priority\":1}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    private static Map<String, Long> withoutBegin(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>(counts);
        out.remove("BEGIN");
        return out;
    }

    /**
     * The statements of the test's database run while {@code requests} ran, by kind, as PostgreSQL counted them; the
     * event bus's notifications and by-reference events, and the statements of this count, left out.
     */
    private static Map<String, Long> counted(Runnable requests) throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
            requests.run();
            Thread.sleep(300); // the statistics of the server's last statements reach the view as their backends go idle
            Map<String, Long> out = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT query, calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    + "WHERE d.datname = 'perftest' ORDER BY query")) {
                while (rs.next()) {
                    String kind = kind(rs.getString(1));
                    if (kind != null) out.merge(kind, rs.getLong(2), Long::sum);
                }
            }
            return out;
        }
    }

    /** The texts of the statements on records run while {@code requests} ran. */
    private static List<String> texts(Runnable requests) throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
            requests.run();
            Thread.sleep(300);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    + "WHERE d.datname = 'perftest' ORDER BY query")) {
                while (rs.next()) {
                    String q = rs.getString(1).strip().replaceAll("\\s+", " ");
                    if ("SELECT records".equals(kind(q))) out.add(q);
                }
            }
            return out;
        }
    }

    /**
     * A statement's kind: its verb and, for records and users, the table; null for what this test leaves out (the event
     * bus's notifications, background jobs on other tables, this count).
     */
    private static String kind(String sql) {
        String q = sql.strip().replaceAll("\\s+", " ");
        if (q.contains("pg_notify") || q.contains("realtime_events") || q.contains("pg_stat_statements")) return null;
        if (q.startsWith("BEGIN")) return "BEGIN";
        if (q.startsWith("SET") || q.startsWith("SHOW")) return q;
        if (!q.contains(" records") && !q.contains(" users")) return null;
        if (q.startsWith("INSERT INTO records")) return "INSERT INTO records";
        if (q.startsWith("UPDATE records")) return "UPDATE records";
        if (q.startsWith("SELECT") && q.contains(" FROM records")) return "SELECT records";
        if (q.contains(" users")) return "users: " + q;
        return q;
    }
}

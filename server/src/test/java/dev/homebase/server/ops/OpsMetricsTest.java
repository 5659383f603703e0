package dev.homebase.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.config.RateLimits;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /metrics} on a real server, on both databases: who may read it, the text format (checked by a strict
 * parser), and counters that move after requests: requests by route template and status, database transactions,
 * mail, rate-limit refusals; the pool and realtime gauges are there.
 */
class OpsMetricsTest {
    private static final String APP = "authtest";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String TOKEN = "metrics-token-for-tests-0123456789";
    private static final String ENTITY_ROUTE = "method=\"POST\",route=\"/api/apps/{appId}/entities/{entity}\",status=\"201\"";

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void clearToken() {
        System.clearProperty("homebase.metrics.token");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void metricsAreGuardedParseableAndMove(TestDatabases.Kind kind) throws Exception {
        System.setProperty("homebase.metrics.token", TOKEN);
        RateLimits limits = new RateLimits(RateLimits.Rule.unlimited(), new RateLimits.Rule(1, Duration.ofMinutes(5)),
                RateLimits.Rule.unlimited(), RateLimits.Rule.unlimited(), RateLimits.Rule.unlimited());
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withRateLimits(limits))) {
            HttpResponse<String> anonymous = get(server, "/metrics", null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.body().contains("\"message\""), anonymous.body());
            assertEquals(401, get(server, "/metrics", "not-the-token").statusCode());
            String admin = server.login(APP, ADMIN, PASSWORD);
            HttpResponse<String> user = get(server, "/metrics", admin);
            assertEquals(403, user.statusCode(), user.body());
            assertTrue(user.body().contains("\"message\""), user.body());
            String service = server.serviceToken();
            assertEquals(200, get(server, "/metrics", service).statusCode());

            HttpResponse<String> first = get(server, "/metrics", TOKEN);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("Content-Type").orElse(""));
            Map<String, Double> before = PrometheusText.parse(first.body());

            for (int i = 0; i < 3; i++) {
                TestServer.Response created = server.sendAs(service, "POST", "/api/apps/" + APP + "/entities/Item", "{\"title\":\"t" + i + "\"}");
                assertEquals(201, created.status(), created.body());
            }
            assertEquals(404, server.sendAs(service, "GET", "/api/apps/" + APP + "/entities/Item/nope-" + System.nanoTime(), null).status());
            // The second login for one e-mail is over its limit of 1: a 429, counted.
            String stranger = "stranger-" + System.nanoTime() + "@example.test";
            assertNotEquals(429, server.send("POST", "/api/apps/" + APP + "/auth/login", "{\"email\":\"" + stranger + "\",\"password\":\"wrong\"}").status());
            assertEquals(429, server.send("POST", "/api/apps/" + APP + "/auth/login", "{\"email\":\"" + stranger + "\",\"password\":\"wrong\"}").status());
            TestServer.Response registered = server.send("POST", "/api/apps/" + APP + "/auth/register",
                    "{\"email\":\"new-" + System.nanoTime() + "@example.test\",\"password\":\"another-pass-1\"}");
            assertTrue(registered.status() < 300, registered.body());

            Map<String, Double> after = awaitMail(server, before);
            assertEquals(3.0, delta(before, after, "homebase_http_request_duration_seconds_count{" + ENTITY_ROUTE + "}"));
            assertEquals(3.0, delta(before, after, "homebase_http_request_duration_seconds_bucket{le=\"+Inf\"," + ENTITY_ROUTE + "}"));
            assertEquals(1.0, delta(before, after, "homebase_http_request_duration_seconds_count{method=\"GET\","
                    + "route=\"/api/apps/{appId}/entities/{entity}/{id}\",status=\"404\"}"));
            assertFalse(after.keySet().stream().anyMatch(k -> k.contains("nope-")), "raw paths never become labels");
            assertTrue(delta(before, after, "homebase_db_transaction_duration_seconds_count{kind=\"write\"}") >= 3);
            assertEquals(1.0, delta(before, after, "homebase_rate_limit_refusals_total{limit=\"login:email\"}"));
            assertEquals(1.0, delta(before, after, "homebase_mail_sent_total{transport=\"log\"}"));
            String dialect = kind == TestDatabases.Kind.SQLITE ? "sqlite" : "postgres";
            assertTrue(after.get("homebase_db_pool_connections{dialect=\"" + dialect + "\",state=\"max\"}") >= 1, after.toString());
            assertTrue(after.containsKey("homebase_db_pool_connections{dialect=\"" + dialect + "\",state=\"active\"}"));
            assertEquals(kind == TestDatabases.Kind.SQLITE, after.containsKey("homebase_db_sqlite_writers_waiting"));
            assertEquals(0.0, after.get("homebase_realtime_connections"));
            assertTrue(after.containsKey("homebase_realtime_events_published_total"));
            assertTrue(after.get("homebase_realtime_events_published_total") >= 3, "entity creates are realtime events");
        }
    }

    /** The mail goes out in the background: scrape until it is counted (or give up after 5 s). */
    private Map<String, Double> awaitMail(TestServer server, Map<String, Double> before) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Map<String, Double> now = PrometheusText.parse(get(server, "/metrics", TOKEN).body());
            if (delta(before, now, "homebase_mail_sent_total{transport=\"log\"}") >= 1 || System.nanoTime() > until) return now;
            Thread.sleep(50);
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        if (!after.containsKey(series)) throw new AssertionError("no series " + series + " in " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private HttpResponse<String> get(TestServer server, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

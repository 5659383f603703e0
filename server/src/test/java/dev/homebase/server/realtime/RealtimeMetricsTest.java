package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /api/apps/{appId}/metrics} on a real server, on both databases: the service role reads the realtime
 * counters (connections, rooms, events) and the database in use; anybody else gets the usual 401/403, and
 * {@code GET /api/health} stays the bare anonymous check.
 */
class RealtimeMetricsTest {
    private static final String APP = "authtest";
    private static final String METRICS = "/api/apps/" + APP + "/metrics";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theServiceRoleReadsTheCountersAndNobodyElseDoes(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            TestServer.Response health = server.send("GET", "/api/health", null);
            assertEquals(200, health.status());
            assertEquals("{\"status\":\"ok\"}", health.body());

            TestServer.Response anonymous = server.send("GET", METRICS, null);
            assertEquals(401, anonymous.status(), anonymous.body());
            assertFalse(anonymous.json().path("message").asText().isEmpty(), anonymous.body());
            TestServer.Response login = server.send("POST", "/api/apps/" + APP + "/auth/login",
                    "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}");
            String admin = login.json().get("access_token").asText();
            TestServer.Response forbidden = server.sendAs(admin, "GET", METRICS, null);
            assertEquals(403, forbidden.status(), forbidden.body());
            assertEquals("Only the service role can read metrics", forbidden.json().get("message").asText());
            assertEquals(404, server.sendAs(server.serviceToken(), "GET", "/api/apps/nope/metrics", null).status());

            String service = server.serviceToken();
            JsonNode before = metrics(server, service);
            assertEquals("ok", before.get("status").asText());
            assertEquals(kind == TestDatabases.Kind.SQLITE ? "sqlite" : "postgres", before.at("/database/dialect").asText());
            assertEquals(0, before.at("/realtime/connections").asInt());
            assertEquals(10_000, before.at("/realtime/limits/max_connections_per_app").asInt());

            RawClient subscriber = RawClient.connect(server.port(), "app_id=" + APP);
            try {
                subscriber.join("entities:" + APP + ":Item");
                await(() -> metrics(server, service).at("/realtime/room_memberships").asInt() == 1, "joined");
                TestServer.Response created = server.sendAs(service, "POST", "/api/apps/" + APP + "/entities/Item", "{\"title\":\"a\"}");
                assertEquals(201, created.status(), created.body());
                assertEquals("create", subscriber.nextEvent().get("type").asText());

                // The frame can reach the client a moment before the server counts it as delivered.
                await(() -> metrics(server, service).at("/realtime/frames_delivered").asLong() == 1, "counted as delivered");
                JsonNode after = metrics(server, service);
                assertEquals(1, after.at("/realtime/connections").asInt());
                assertEquals(1, after.at("/realtime/app_connections").asInt());
                assertEquals(1, after.at("/realtime/room_memberships").asInt());
                assertEquals(1, after.at("/realtime/events_published").asLong() - before.at("/realtime/events_published").asLong());
                assertEquals(1, after.at("/realtime/frames_delivered").asLong());
                assertEquals(1, after.at("/realtime/connections_accepted").asLong());
                assertEquals(0, after.at("/realtime/connections_refused_app_limit").asLong());
            } finally {
                subscriber.ws.abort();
            }
        }
    }

    private static JsonNode metrics(TestServer server, String service) {
        TestServer.Response r = server.sendAs(service, "GET", METRICS, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }
}

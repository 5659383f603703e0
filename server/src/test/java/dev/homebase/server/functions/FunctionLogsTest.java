package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.LogRetention;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Function output kept per app ({@link FunctionLogs}, {@code GET /api/apps/{appId}/functions-logs}),
 * on SQLite and PostgreSQL: the store (request-id tags, levels, redaction, filters, retention by count
 * and age), and end to end with a real Deno function (lines of one call carry its request id, a
 * secret's value never appears, admins and the service role only).
 */
class FunctionLogsTest {
    private static final String APP = "functionstest";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "admin-password";
    private static final String SECRET = "s3cr3t-value-" + System.nanoTime();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theStoreKeepsTaggedRedactedLinesWithinTheRetention(TestDatabases.Kind kind) {
        TestClock clock = new TestClock();
        try (Database db = Database.open(TestDatabases.freshUrl(kind));
             FunctionLogs logs = new FunctionLogs(db, clock, new LogRetention.Policy(3, Duration.ofDays(7), Duration.ofHours(1)))) {
            FunctionProcess.Output out = logs.output("app1", "orders/process", "app1/orders/process", List.of("hunter22", "ab"));
            out.line(false, FunctionLogs.MARK + "req_0123456789abcdef\u0001paid with hunter22 ab");
            out.line(true, "no request here");
            out.line(true, "Download https://registry.npmjs.org/x");
            logs.output("app2", "other", "app2/other", List.of()).line(false, "other app");
            logs.flush();

            FunctionLogs.Page page = logs.list("app1", null, null, 10);
            assertEquals(2, page.total());
            FunctionLogs.Entry newest = page.items().get(0);
            assertEquals("no request here", newest.message());
            assertEquals("warn", newest.level());
            assertNull(newest.requestId());
            FunctionLogs.Entry tagged = page.items().get(1);
            assertEquals("paid with *** ab", tagged.message(), "secret values of 4+ characters are redacted");
            assertEquals("info", tagged.level());
            assertEquals("req_0123456789abcdef", tagged.requestId());
            assertEquals("orders/process", tagged.function());
            assertTrue(tagged.time().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"), tagged.time());

            assertEquals(1, logs.list("app1", null, null, 1).items().size());
            assertEquals(2, logs.list("app1", null, null, 1).total());
            assertEquals(0, logs.list("app1", "other", null, 10).total());
            assertEquals(1, logs.list("app2", "other", null, 10).total());
            assertEquals(0, logs.list("app1", null, clock.instant().plusSeconds(1), 10).total());
            assertEquals(2, logs.list("app1", null, clock.instant().minusSeconds(1), 10).total());

            // Retention: at most 3 lines per app, none older than 7 days.
            for (int i = 0; i < 5; i++) out.line(false, "line " + i);
            logs.flush();
            logs.purge();
            List<String> kept = logs.list("app1", null, null, 10).items().stream().map(FunctionLogs.Entry::message).toList();
            assertEquals(List.of("line 4", "line 3", "line 2"), kept);
            assertEquals(1, logs.list("app2", null, null, 10).total(), "each app keeps its own newest lines");
            clock.advance(Duration.ofDays(8));
            logs.purge();
            assertEquals(0, logs.list("app1", null, null, 10).total());
            assertEquals(0, logs.list("app2", null, null, 10).total());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aFunctionsOutputIsReadableByAdminsWithTheRequestIdOfTheCall(TestDatabases.Kind kind) throws Exception {
        FunctionsApiTest.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found: set HOMEBASE_DENO, put deno on PATH, or npm ci in functions-runtime/");
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD), FunctionSettings.defaults())) {
            assertEquals(0, dev.homebase.server.cli.HomebaseCommand.run("secrets", "set", "LOG_SECRET=" + SECRET,
                    "-p", server.dir().toString(), "--db", server.databaseUrl()));
            String admin = server.send("POST", "/api/apps/" + APP + "/auth/login",
                    "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").json().get("access_token").asText();
            String service = server.serviceToken();

            HttpResponse<String> call = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/apps/" + APP + "/functions/logger?marker=m1"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, call.statusCode(), call.body());
            String requestId = call.headers().firstValue("X-Request-Id").orElseThrow();

            JsonNode items = awaitLines(server, service, "after await m1");
            List<String> ofCall = new ArrayList<>();
            for (JsonNode item : items) {
                assertFalse(item.toString().contains(SECRET), "a secret's value is never stored: " + item);
                assertEquals("logger", item.get("function").asText());
                if (requestId.equals(item.path("request_id").asText())) ofCall.add(item.get("level").asText() + " " + item.get("message").asText());
                if (item.get("message").asText().equals("logger loaded")) assertTrue(item.get("request_id").isNull(), "printed at import");
            }
            assertTrue(ofCall.contains("info out m1 { n: 1 }"), ofCall.toString());
            assertTrue(ofCall.contains("warn err m1"), ofCall.toString());
            assertTrue(ofCall.contains("warn second line m1"), "every line of a multi-line print: " + ofCall);
            assertTrue(ofCall.contains("info secret is ***"), ofCall.toString());
            assertTrue(ofCall.contains("info after await m1"), "the id survives an await: " + ofCall);

            String path = "/api/apps/" + APP + "/functions-logs";
            TestServer.Response byAdmin = server.sendAs(admin, "GET", path + "?function=logger&limit=2", null);
            assertEquals(200, byAdmin.status(), byAdmin.body());
            assertEquals(2, byAdmin.json().get("items").size());
            assertTrue(byAdmin.json().get("total").asLong() >= 6, byAdmin.body());
            assertEquals(0, server.sendAs(admin, "GET", path + "?function=ping", null).json().get("total").asLong());
            assertEquals(0, server.sendAs(admin, "GET", path + "?since=2999-01-01T00:00:00Z", null).json().get("total").asLong());
            assertEquals(400, server.sendAs(admin, "GET", path + "?limit=0", null).status());
            assertEquals(400, server.sendAs(admin, "GET", path + "?limit=abc", null).status());
            assertEquals(400, server.sendAs(admin, "GET", path + "?since=yesterday", null).status());
            assertEquals(400, server.sendAs(admin, "GET", path + "?function=../x", null).status());
            assertEquals(401, server.sendAs(null, "GET", path, null).status());
            assertEquals(401, server.sendAs("not-a-token", "GET", path, null).status());
            assertEquals(404, server.sendAs(service, "GET", "/api/apps/nope/functions-logs", null).status());

            // An ordinary user may not read them: demote the admin, then ask again with the same token.
            String id = server.sendAs(admin, "GET", "/api/apps/" + APP + "/entities/User/me", null).json().get("id").asText();
            TestServer.Response demoted = server.sendAs(service, "PUT", "/api/apps/" + APP + "/entities/User/" + id, "{\"role\":\"user\"}");
            assertEquals(200, demoted.status(), demoted.body());
            TestServer.Response byUser = server.sendAs(admin, "GET", path, null);
            assertEquals(403, byUser.status(), byUser.body());
            assertFalse(byUser.json().get("message").asText().isEmpty());
        }
    }

    private static JsonNode awaitLines(TestServer server, String service, String last) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        TestServer.Response res;
        do {
            res = server.sendAs(service, "GET", "/api/apps/" + APP + "/functions-logs?function=logger&limit=1000", null);
            assertEquals(200, res.status(), res.body());
            for (JsonNode item : res.json().get("items")) if (item.get("message").asText().equals(last)) return res.json().get("items");
            TimeUnit.MILLISECONDS.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("\"" + last + "\" never showed up: " + res.body());
    }
}

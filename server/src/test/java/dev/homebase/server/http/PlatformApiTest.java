package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.project.ProjectException;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The platform routes a generated app calls besides its data (api-contract §11–§13), the 501 table
 * of the unimplemented Base44 API and the generated {@code manifest.json}, over real HTTP on SQLite
 * and PostgreSQL: what the official client cannot express (tokens of deleted or disabled users,
 * paths without {@code /api}, bad bodies, storage failures, content types).
 */
class PlatformApiTest {
    private static final String APP = "apitest";
    private static final String SETTINGS = "/api/apps/public/prod/public-settings/by-id/" + APP;
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";

    private static TestServer server(TestDatabases.Kind kind, String config) throws IOException {
        Path dir = TestServer.copyFixture("apitest");
        if (config != null) Files.writeString(dir.resolve("base44/config.jsonc"), config);
        return new TestServer(dir, TestDatabases.freshUrl(kind), TestServer.fastAuth().withAdmin(ADMIN, PASSWORD));
    }

    /** Adds a verified user with the test password and signs them in; returns the token. */
    private static String user(TestServer server, String id, String email) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(APP, id, email, "U", "user", hash, true, null,
                    null, 0, "2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.000000")));
        }
        return server.login(APP, email, PASSWORD);
    }

    private static void sql(TestServer server, String sql, String arg) {
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    if (arg != null) ps.setString(1, arg);
                    ps.executeUpdate();
                }
            });
        }
    }

    private static void assertRefused(TestServer.Response r, String reason) {
        assertEquals(403, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals(reason, body.path("extra_data").path("reason").asText(), r.body());
        assertEquals(APP, body.path("extra_data").path("app_id").asText(), r.body());
        assertEquals(reason, body.path("code").asText(), r.body());
        assertFalse(body.path("message").asText().isBlank(), r.body());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void publicSettingsOfALoginApp(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = server(kind, null)) { // no "visibility": the hosted default, public with login
            String admin = server.login(APP, ADMIN, PASSWORD);
            String ann = user(server, "a00000000000000000000001", "ann@example.test");
            String gone = user(server, "b00000000000000000000002", "gone@example.test");
            String off = user(server, "c00000000000000000000003", "off@example.test");
            sql(server, "DELETE FROM users WHERE id = ?", "b00000000000000000000002");
            sql(server, "UPDATE users SET disabled = (1 = 1) WHERE id = ?", "c00000000000000000000003");

            for (String token : new String[] {admin, ann, server.serviceToken()}) {
                TestServer.Response ok = server.sendAs(token, "GET", SETTINGS, null);
                assertEquals(200, ok.status(), ok.body());
                assertEquals(APP, ok.json().get("id").asText());
                assertEquals("public_with_login", ok.json().get("public_settings").asText());
            }
            // Anonymous, or a token that no longer works: sign in (never a 401, which a shell does not expect here).
            assertRefused(server.sendAs(null, "GET", SETTINGS, null), "auth_required");
            assertRefused(server.sendAs(ann + "x", "GET", SETTINGS, null), "auth_required");
            assertRefused(server.send("GET", SETTINGS, null, Map.of("Authorization", "Basic abc")), "auth_required");
            // A genuine token of a user who is no longer there, or was disabled: no access.
            assertRefused(server.sendAs(gone, "GET", SETTINGS, null), "user_not_registered");
            assertRefused(server.sendAs(off, "GET", SETTINGS, null), "user_not_registered");
            // A password change signs the old tokens out.
            sql(server, "UPDATE users SET token_version = token_version + 1 WHERE id = ?", "a00000000000000000000001");
            assertRefused(server.sendAs(ann, "GET", SETTINGS, null), "auth_required");

            TestServer.Response unknown = server.sendAs(admin, "GET", "/api/apps/public/prod/public-settings/by-id/nope", null);
            assertEquals(404, unknown.status(), unknown.body());
            assertEquals("App not found", unknown.json().get("detail").asText());
            assertEquals("App not found", unknown.json().get("message").asText());
            assertEquals("NOT_FOUND", unknown.json().get("code").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void publicSettingsFromVisibility(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = server(kind, "{ \"name\": \"Open\", \"visibility\": \"public\" }")) {
            for (String token : new String[] {null, "not-a-token"}) {
                TestServer.Response r = server.sendAs(token, "GET", SETTINGS, null);
                assertEquals(200, r.status(), r.body());
                assertEquals("public_without_login", r.json().get("public_settings").asText());
            }
        }
        try (TestServer server = server(kind, "{ \"visibility\": \"private\" }")) {
            assertRefused(server.sendAs(null, "GET", SETTINGS, null), "auth_required");
            TestServer.Response r = server.sendAs(server.login(APP, ADMIN, PASSWORD), "GET", SETTINGS, null);
            assertEquals("private_with_login", r.json().get("public_settings").asText(), r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void pageViewsAreStoredAndReadBackByAdmins(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = server(kind, null)) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            String ann = user(server, "a00000000000000000000001", "ann@example.test");
            String service = server.serviceToken();

            // Anonymous with the browser's visitor id, signed in, a broken token, and the old path without /api.
            TestServer.Response anon = server.send("POST", "/api/app-logs/" + APP + "/log-user-in-app/home", null,
                    Map.of("Content-Type", "application/json", "X-Base44-Anonymous-Id", "visitor-1"));
            assertEquals(200, anon.status(), anon.body());
            assertEquals("{}", anon.body());
            assertEquals(200, server.sendAs(ann, "POST", "/api/app-logs/" + APP + "/log-user-in-app//dash/board", null).status());
            assertEquals(200, server.sendAs("broken", "POST", "/api/app-logs/" + APP + "/log-user-in-app/home", null).status());
            assertEquals(200, server.sendAs(ann, "POST", "/app-logs/" + APP + "/log-user-in-app/a%20b", null).status());
            assertEquals(404, server.sendAs(null, "POST", "/app-logs/nope/log-user-in-app/home", null).status());
            assertEquals(200, server.sendAs(null, "POST", "/api/app-logs/" + APP + "/log-user-in-app/", null).status(), "an empty page name");
            server.app().appLogs().flush();

            // Readers: admins and the service role only.
            assertEquals(401, server.sendAs(null, "GET", "/api/app-logs/" + APP, null).status());
            assertEquals(403, server.sendAs(ann, "GET", "/api/app-logs/" + APP, null).status());
            assertEquals(403, server.sendAs(ann, "GET", "/api/app-logs/" + APP + "/stats", null).status());
            TestServer.Response all = server.sendAs(admin, "GET", "/api/app-logs/" + APP, null);
            assertEquals(200, all.status(), all.body());
            assertEquals(5, all.json().get("total").asInt(), all.body());
            JsonNode items = all.json().get("items");
            assertEquals("", items.get(0).get("page_name").asText(), all.body());
            items = server.sendAs(admin, "GET", "/api/app-logs/" + APP + "?skip=1", null).json().get("items");
            assertEquals("a b", items.get(0).get("page_name").asText(), "newest first, decoded: " + all.body());
            assertEquals("a00000000000000000000001", items.get(0).get("user_id").asText());
            assertEquals("home", items.get(1).get("page_name").asText());
            assertTrue(items.get(1).get("user_id").isNull(), "a broken token counts as anonymous");
            assertEquals("/dash/board", items.get(2).get("page_name").asText());
            assertEquals("home", items.get(3).get("page_name").asText());
            assertTrue(items.get(3).get("created_date").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"));
            assertEquals(3, items.get(0).size(), "page_name, user_id, created_date: " + items.get(0));

            JsonNode page = server.sendAs(service, "GET", "/app-logs/" + APP + "?limit=1&skip=1&page_name=home", null).json();
            assertEquals(2, page.get("total").asInt(), page.toString());
            assertEquals(1, page.get("items").size());
            assertTrue(page.get("items").get(0).get("user_id").isNull());
            JsonNode byUser = server.sendAs(admin, "GET", "/api/app-logs/" + APP + "?user_id=a00000000000000000000001", null).json();
            assertEquals(2, byUser.get("total").asInt(), byUser.toString());
            assertEquals(0, server.sendAs(admin, "GET", "/api/app-logs/" + APP + "?since=2999-01-01T00:00:00Z", null).json().get("total").asInt());
            assertEquals(5, server.sendAs(admin, "GET", "/api/app-logs/" + APP + "?since=2000-01-01", null).json().get("total").asInt());
            for (String bad : new String[] {"limit=0", "limit=1001", "limit=x", "skip=-1", "since=yesterday"}) {
                TestServer.Response r = server.sendAs(admin, "GET", "/api/app-logs/" + APP + "?" + bad, null);
                assertEquals(400, r.status(), bad + ": " + r.body());
                assertFalse(r.json().get("message").asText().isBlank());
            }

            // Statistics: per page, per day, active users; analytics events per name.
            TestServer.Response batch = server.sendAs(ann, "POST", "/api/apps/" + APP + "/analytics/track/batch",
                    "{\"events\":[{\"event_name\":\"signup_click\",\"properties\":{\"k\":\"v\"},\"timestamp\":\"2025-01-01T12:00:00.000Z\","
                            + "\"page_url\":\"/pricing\",\"user_id\":\"spoofed\",\"session_id\":\"s1\"},{\"event_name\":\"signup_click\"},"
                            + "{\"event_name\":\"__user_heartbeat_event__\",\"properties\":null}]}");
            assertEquals(200, batch.status(), batch.body());
            assertEquals(3, batch.json().get("accepted").asInt());
            server.app().appLogs().flush();
            JsonNode stats = server.sendAs(admin, "GET", "/api/app-logs/" + APP + "/stats", null).json();
            assertEquals(5, stats.get("page_views").asInt(), stats.toString());
            assertEquals(1, stats.get("active_users").asInt(), stats.toString());
            assertEquals(2, stats.get("visitors").asInt(), "ann and visitor-1 (the broken-token view has neither): " + stats);
            assertEquals("home", stats.get("pages").get(0).get("page_name").asText(), stats.toString());
            assertEquals(2, stats.get("pages").get(0).get("views").asInt());
            assertEquals(0, stats.get("pages").get(0).get("users").asInt());
            assertEquals(4, stats.get("pages").size());
            assertEquals(1, stats.get("days").size(), stats.toString());
            assertEquals(5, stats.get("days").get(0).get("views").asInt());
            assertEquals(1, stats.get("days").get(0).get("users").asInt());
            assertTrue(stats.get("days").get(0).get("date").asText().matches("\\d{4}-\\d\\d-\\d\\d"));
            assertEquals("signup_click", stats.get("events").get(0).get("event_name").asText(), stats.toString());
            assertEquals(2, stats.get("events").get(0).get("count").asInt());
            JsonNode onePage = server.sendAs(service, "GET", "/api/app-logs/" + APP + "/stats?page_name=home&since=2000-01-01T00:00:00", null).json();
            assertEquals(2, onePage.get("page_views").asInt(), onePage.toString());
            assertEquals(0, server.sendAs(admin, "GET", "/api/app-logs/" + APP + "/stats?since=2999-01-01T00:00:00Z", null)
                    .json().get("page_views").asInt());
            try (Database db = Database.open(server.databaseUrl())) {
                String userId = db.read(c -> {
                    try (Statement s = c.createStatement(); var rs = s.executeQuery(
                            "SELECT user_id, properties, page_url, session_id FROM analytics_events WHERE page_url = '/pricing'")) {
                        rs.next();
                        assertEquals("{\"k\":\"v\"}", rs.getString(2));
                        assertEquals("s1", rs.getString(4));
                        return rs.getString(1);
                    }
                });
                assertEquals("a00000000000000000000001", userId, "the signed-in caller, not the claimed user_id");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void badAnalyticsBodiesAre400AndStorageFailuresAreNot(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = server(kind, null)) {
            String path = "/api/apps/" + APP + "/analytics/track/batch";
            String many = "{\"events\":[" + "{\"event_name\":\"x\"},".repeat(100) + "{\"event_name\":\"x\"}]}";
            for (String body : new String[] {"[1]", "{\"events\":{}}", "{\"events\":[1]}", "{\"events\":[{}]}",
                    "{\"events\":[{\"event_name\":\"\"}]}", "{\"events\":[{\"event_name\":\"x\",\"properties\":[1]}]}",
                    "{\"events\":[{\"event_name\":\"x\",\"user_id\":{}}]}", "{\"events\":[", many,
                    "{\"events\":[{\"event_name\":\"x\",\"properties\":{\"big\":\"" + "y".repeat(17_000) + "\"}}]}"}) {
                TestServer.Response r = server.sendAs(null, "POST", path, body);
                assertEquals(400, r.status(), body.length() > 200 ? body.substring(0, 200) : body);
                assertFalse(r.json().get("message").asText().isBlank(), r.body());
            }
            assertEquals(0, server.sendAs(null, "POST", path, null).json().get("accepted").asInt(), "no body, nothing to keep");
            assertEquals(0, server.sendAs(null, "POST", path, "{}").json().get("accepted").asInt());
            TestServer.Response beacon = server.send("POST", path, "{\"events\":[{\"event_name\":\"x\"}]}", "text/plain;charset=UTF-8");
            assertEquals(200, beacon.status(), "a beacon declares text/plain: " + beacon.body());
            assertEquals(1, beacon.json().get("accepted").asInt());
            assertEquals(404, server.sendAs(null, "POST", "/api/apps/nope/analytics/track/batch", "{\"events\":[]}").status());

            // The tables are gone: the page still loads.
            sql(server, "DROP TABLE app_logs", null);
            sql(server, "DROP TABLE analytics_events", null);
            assertEquals(200, server.sendAs(null, "POST", "/api/app-logs/" + APP + "/log-user-in-app/home", null).status());
            assertEquals(200, server.sendAs(null, "POST", path, "{\"events\":[{\"event_name\":\"x\"}]}").status());
            server.app().appLogs().flush();
            assertEquals(200, server.sendAs(null, "POST", "/app-logs/" + APP + "/log-user-in-app/again", null).status());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = "SQLITE")
    void unimplementedRoutesAnswer501AndUnknownOnes404(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = server(kind, null)) {
            record Case(String method, String path, int status, String message) {}
            String app = "/api/apps/" + APP;
            for (Case c : new Case[] {
                    new Case("POST", app + "/integration-endpoints/installable/Slack/integration-endpoints/Post", 404, "Integration packages is not available in Homebase"),
                    new Case("GET", app + "/agents/helper/whatsapp", 501,
                            "WhatsApp connections of agents are not available in Homebase; talk to the agent in the app instead"),
                    new Case("POST", app + "/ai/typesafe/v1/x", 404, "The typesafe AI gateway is not available in Homebase"),
                    new Case("POST", app + "/actors/Room/connection-token", 404, "Actors is not available in Homebase")}) {
                TestServer.Response r = server.sendAs(null, c.method(), c.path(), c.method().equals("GET") ? null : "{}");
                assertEquals(c.status(), r.status(), c.path() + ": " + r.body());
                assertEquals(c.message(), r.json().get("message").asText(), c.path());
                assertEquals("not_implemented", r.json().get("code").asText(), c.path());
            }
            // An unknown app is still the unknown app; the SSO login of a real provider is still a real route.
            TestServer.Response noApp = server.sendAs(null, "POST", "/api/apps/nope/agents/conversations", "{}");
            assertEquals(404, noApp.status());
            assertFalse(noApp.body().contains("not_implemented"), noApp.body());
            assertFalse(server.sendAs(null, "GET", app + "/auth/sso/login", null).body().contains("not_implemented"));
            // A path that is no Base44 route at all says so.
            TestServer.Response unknown = server.sendAs(null, "POST", "/api/apps/" + APP + "/nothing", "{}");
            assertEquals(404, unknown.status());
            assertEquals("POST /api/apps/" + APP + "/nothing is not a route of the Base44 API (check the path: app routes start"
                    + " with /api/apps/{appId}/)", unknown.json().get("message").asText());
            assertEquals("not_found", unknown.json().get("code").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = "SQLITE")
    void manifestFromTheAppWhenTheSiteHasNone(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = server(kind, "{ \"name\": \"Shop\", \"description\": \"Buy things\", \"icon\": \"/logo.png\" }")) {
            HttpResponse<String> r = get(server, "/manifest.json");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/manifest+json", r.headers().firstValue("Content-Type").orElse(""));
            JsonNode m = dev.homebase.server.internal.Json.parse(r.body());
            assertEquals("Shop", m.get("name").asText());
            assertEquals("Shop", m.get("short_name").asText());
            assertEquals("Buy things", m.get("description").asText());
            assertEquals("/", m.get("start_url").asText());
            assertEquals("standalone", m.get("display").asText());
            assertEquals("/logo.png", m.get("icons").get(0).get("src").asText());
            assertEquals("image/png", m.get("icons").get(0).get("type").asText());
        }
        Path dir = TestServer.copyFixture("projects/tasks");
        try (TestServer server = new TestServer(dir, TestDatabases.freshUrl(kind), TestServer.fastAuth())) {
            JsonNode m = dev.homebase.server.internal.Json.parse(get(server, "/manifest.json").body());
            assertEquals("Tasks fixture", m.get("name").asText());
            assertEquals(0, m.get("icons").size(), "no icon configured");
            assertNull(m.get("description"));
        }
        Files.writeString(dir.resolve("dist/manifest.json"), "{\"name\":\"Own\"}");
        try (TestServer server = new TestServer(dir, TestDatabases.freshUrl(kind), TestServer.fastAuth())) {
            HttpResponse<String> own = get(server, "/manifest.json");
            assertEquals("{\"name\":\"Own\"}", own.body(), "the site's own file wins");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = "SQLITE")
    void badVisibilityStopsTheStart(TestDatabases.Kind kind) throws Exception {
        Path dir = TestServer.copyFixture("apitest");
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"visibility\": \"secret\" }");
        ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(dir));
        assertTrue(e.getMessage().contains("\"visibility\" must be \"public\", \"private\" or \"workspace\""), e.getMessage());
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"visibility\": 1 }");
        assertThrows(ProjectException.class, () -> ProjectLoader.load(dir));
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"visibility\": \"public_with_login\", \"icon\": 3 }");
        assertThrows(ProjectException.class, () -> ProjectLoader.load(dir));
    }

    private static HttpResponse<String> get(TestServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

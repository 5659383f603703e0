package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The admin dashboard's server side over real HTTP: its one endpoint beyond the apps' API
 * ({@code GET /api/apps/{appId}/dashboard/entities}) answers app admins and the service role only, on
 * SQLite and PostgreSQL; the page at {@code /_/} is served from the jar with the right caching.
 */
class DashboardApiTest {
    private static final String APP = "apitest";
    private static final String ENTITIES = "/api/apps/" + APP + "/dashboard/entities";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlyAdminsAndTheServiceRoleReadTheEntities(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String user = user(server, "u-plain", "plain@example.test");

            TestServer.Response anonymous = server.sendAs(null, "GET", ENTITIES, null);
            assertEquals(401, anonymous.status(), anonymous.body());
            assertTrue(anonymous.json().hasNonNull("message"), anonymous.body());

            TestServer.Response refused = server.sendAs(user, "GET", ENTITIES, null);
            assertEquals(403, refused.status(), refused.body());
            assertEquals("Only app admins can use the dashboard", refused.json().get("message").asText());
            assertEquals(401, server.sendAs("not-a-token", "GET", ENTITIES, null).status());

            TestServer.Response admin = server.sendAs(server.login(APP, ADMIN, PASSWORD), "GET", ENTITIES, null);
            assertEquals(200, admin.status(), admin.body());
            JsonNode item = null;
            for (JsonNode e : admin.json().get("entities")) {
                assertFalse(e.get("name").asText().equals("User"), "User has its own page");
                if (e.get("name").asText().equals("Item")) item = e;
            }
            assertTrue(item != null, admin.body());
            assertEquals("title", item.get("fields").get(0).get("name").asText());
            assertEquals("string", item.get("fields").get(0).get("type").asText());
            assertTrue(item.get("fields").get(0).get("required").asBoolean());
            assertEquals("integer", item.get("fields").get(1).get("type").asText());
            assertFalse(item.get("fields").get(1).get("required").asBoolean());

            assertEquals(200, server.sendAs(server.serviceToken(), "GET", ENTITIES, null).status());
            assertEquals(404, server.sendAs(server.login(APP, ADMIN, PASSWORD), "GET", "/api/apps/nope/dashboard/entities", null).status());
        }
    }

    @Test
    void servesThePageUncachedAndItsHashedAssetsForAYear() throws Exception {
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE)) {
            for (String path : new String[] {"/_/", "/_", "/_/data/Item"}) {
                HttpResponse<String> page = get(server, path);
                assertEquals(200, page.statusCode(), path);
                assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""), path);
                assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            }
            Matcher js = Pattern.compile("/_/assets/main-[A-Z0-9]+\\.js").matcher(get(server, "/_/").body());
            assertTrue(js.find(), "index.html names the hashed bundle");
            HttpResponse<String> asset = get(server, js.group());
            assertEquals(200, asset.statusCode());
            assertEquals("public, max-age=31536000, immutable", asset.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(asset.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));

            HttpResponse<String> missing = get(server, "/_/assets/main-NOPE.js");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("\"message\""), missing.body());
            assertEquals(404, get(server, "/_/assets/..%2F..%2Fapplication.properties").statusCode());
        }
    }

    /** Adds a verified user (role user) with the test password and signs them in; returns the token. */
    static String user(TestServer server, String id, String email) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(APP, id, email, "U", "user", hash, true, null,
                    null, 0, "2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.000000")));
        }
        return server.login(APP, email, PASSWORD);
    }

    private static HttpResponse<String> get(TestServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

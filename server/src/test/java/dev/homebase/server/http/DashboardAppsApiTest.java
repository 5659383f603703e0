package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dashboard's all-apps view over real HTTP, on SQLite and PostgreSQL, with one server serving two apps: the
 * server admin ({@code HOMEBASE_ADMIN_EMAIL}) lists every app with its counts and switches to the other app with a
 * short-lived token; an admin of one app (even one who is an admin of both), a plain user, the service role and
 * anonymous callers are refused; the switch is refused when the server admin is not an enabled admin of the target.
 */
class DashboardAppsApiTest {
    private static final String ADMIN = "root@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String A = "/api/apps/apitest/dashboard";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theServerAdminListsAndSwitchesAppsAndNobodyElse(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        List<java.nio.file.Path> dirs = List.of(TestServer.copyFixture("apitest"), TestServer.copyFixture("rlstest"));
        try (TestServer server = new TestServer(dirs, url, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            insert(server, "apitest", "a10000000000000000000001", "local@example.test", "admin");
            insert(server, "rlstest", "a10000000000000000000002", "local@example.test", "admin");
            insert(server, "apitest", "a10000000000000000000003", "plain@example.test", "user");
            String root = server.login("apitest", ADMIN, PASSWORD);
            String local = server.login("apitest", "local@example.test", PASSWORD);
            String plain = server.login("apitest", "plain@example.test", PASSWORD);
            String service = server.serviceToken();

            // Who is calling: admins only; server_admin tells the dashboard whether to offer the all-apps view.
            assertEquals(401, server.sendAs(null, "GET", A + "/me", null).status());
            assertEquals(403, server.sendAs(plain, "GET", A + "/me", null).status());
            assertFalse(server.sendAs(local, "GET", A + "/me", null).json().get("server_admin").asBoolean());
            assertFalse(server.sendAs(service, "GET", A + "/me", null).json().get("server_admin").asBoolean());
            JsonNode me = server.sendAs(root, "GET", A + "/me", null).json();
            assertTrue(me.get("server_admin").asBoolean(), me.toString());
            assertEquals(ADMIN, me.get("email").asText());

            // The list: every app, with its entities and users counted.
            TestServer.Response list = server.sendAs(root, "GET", A + "/apps", null);
            assertEquals(200, list.status(), list.body());
            JsonNode apps = list.json().get("apps");
            assertEquals(2, apps.size(), list.body());
            assertEquals("apitest", apps.get(0).get("id").asText());
            assertEquals("API test app", apps.get(0).get("name").asText());
            assertEquals(3, apps.get(0).get("entities").asInt(), list.body());
            assertEquals(3, apps.get(0).get("users").asInt(), "root, local and plain: " + list.body());
            assertEquals("rlstest", apps.get(1).get("id").asText());
            assertEquals(3, apps.get(1).get("entities").asInt(), "Bulletin, Memo, Note (User has its own page): " + list.body());
            assertEquals(2, apps.get(1).get("users").asInt(), "root and local: " + list.body());

            // Everyone else is refused the list and the switch; to others an unknown app is refused too, not a 404.
            for (String[] route : new String[][] {{"GET", A + "/apps"}, {"POST", A + "/apps/rlstest/switch"}, {"POST", A + "/apps/nope/switch"}}) {
                TestServer.Response anonymous = server.sendAs(null, route[0], route[1], null);
                assertEquals(401, anonymous.status(), route[1] + ": " + anonymous.body());
                assertTrue(anonymous.json().hasNonNull("message"));
                assertEquals(401, server.sendAs("not-a-token", route[0], route[1], null).status());
                for (String other : new String[] {local, plain, service}) {
                    TestServer.Response refused = server.sendAs(other, route[0], route[1], null);
                    assertEquals(403, refused.status(), route[1] + ": " + refused.body());
                    assertEquals("Only the server admin (HOMEBASE_ADMIN_EMAIL) sees every app", refused.json().get("message").asText());
                }
            }

            // The switch: a token of the other app for the same email, valid one hour.
            TestServer.Response switched = server.sendAs(root, "POST", A + "/apps/rlstest/switch", null);
            assertEquals(200, switched.status(), switched.body());
            String token = switched.json().get("access_token").asText();
            assertEquals("rlstest", switched.json().get("app_id").asText());
            JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
            assertEquals(3600, claims.get("exp").asLong() - claims.get("iat").asLong(), claims.toString());
            TestServer.Response there = server.sendAs(token, "GET", "/api/apps/rlstest/entities/User/me", null);
            assertEquals(200, there.status(), there.body());
            assertEquals(ADMIN, there.json().get("email").asText());
            assertEquals("admin", there.json().get("role").asText());
            assertEquals(401, server.sendAs(token, "GET", "/api/apps/apitest/entities/User/me", null).status(), "rlstest's token only");
            // And back again from there, with the switched token.
            assertEquals(200, server.sendAs(token, "POST", "/api/apps/rlstest/dashboard/apps/apitest/switch", null).status());
            assertEquals(404, server.sendAs(root, "POST", A + "/apps/nope/switch", null).status());

            // Not an enabled admin there: refused. First disabled (by rlstest's other admin), then a plain user.
            String rootThere = there.json().get("id").asText();
            String localThere = server.login("rlstest", "local@example.test", PASSWORD);
            assertEquals(200, server.sendAs(localThere, "POST", "/api/apps/rlstest/dashboard/users/" + rootThere + "/disable", null).status());
            TestServer.Response disabled = server.sendAs(root, "POST", A + "/apps/rlstest/switch", null);
            assertEquals(403, disabled.status(), disabled.body());
            assertEquals("The server admin is not an enabled admin of app rlstest", disabled.json().get("message").asText());
            assertEquals(200, server.sendAs(localThere, "POST", "/api/apps/rlstest/dashboard/users/" + rootThere + "/enable", null).status());
            assertEquals(200, server.sendAs(root, "POST", A + "/apps/rlstest/switch", null).status());
            assertEquals(200, server.sendAs(localThere, "PUT", "/api/apps/rlstest/entities/User/" + rootThere, "{\"role\":\"user\"}").status());
            assertEquals(403, server.sendAs(root, "POST", A + "/apps/rlstest/switch", null).status());
        }
    }

    /** Adds a verified user with the test password to {@code appId}. */
    private static void insert(TestServer server, String appId, String id, String email, String role) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        String at = "2025-01-01T00:00:00.000000";
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(appId, id, email, "U", role, hash, true, null, null, 0, at, at)));
        }
    }
}

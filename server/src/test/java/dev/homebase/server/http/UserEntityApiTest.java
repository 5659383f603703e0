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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The built-in User entity through the generic entity routes (api-contract §3.2), on SQLite and PostgreSQL. */
class UserEntityApiTest {
    private static final String APP = "/api/apps/authtest";
    private static final String USERS = APP + "/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void userEntity(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("authtest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String ann = "a00000000000000000000001";
            String bob = "b00000000000000000000002";
            String carl = "c00000000000000000000003";
            String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
            try (Database db = Database.open(server.databaseUrl())) {
                UserStore store = new UserStore(db.dialect());
                db.useTx(c -> {
                    store.insert(c, user(ann, "ann@example.test", hash, "{\"nickname\":\"annie\",\"level\":1}", "2025-01-01T00:00:01.000000"));
                    store.insert(c, user(bob, "bob@example.test", hash, "{\"nickname\":\"bobby\",\"level\":2}", "2025-01-01T00:00:02.000000"));
                    store.insert(c, user(carl, "carl@example.test", hash, "{\"nickname\":\"carlo\",\"level\":3}", "2025-01-01T00:00:03.000000"));
                });
            }
            String annToken = login(server, "ann@example.test");
            String adminToken = login(server, ADMIN);
            String service = server.serviceToken();

            // A regular user sees only themselves, with q applied to [self].
            TestServer.Response own = server.sendAs(annToken, "GET", USERS, null);
            assertEquals(200, own.status(), own.body());
            assertEquals(1, own.json().size(), own.body());
            JsonNode self = own.json().get(0);
            assertEquals(ann, self.get("id").asText());
            assertEquals("ann@example.test", self.get("email").asText());
            assertEquals("user", self.get("role").asText());
            assertEquals("annie", self.get("nickname").asText());
            assertEquals(1, self.get("level").asInt());
            assertEquals("2025-01-01T00:00:01.000000", self.get("created_date").asText());
            assertFalse(own.body().contains("password"), own.body());
            assertEquals(0, server.sendAs(annToken, "GET", USERS + "?q=" + q("{\"email\":\"bob@example.test\"}"), null).json().size());
            assertEquals(1, server.sendAs(annToken, "GET", USERS + "?q=" + q("{\"nickname\":\"annie\"}"), null).json().size());
            assertEquals(1, server.sendAs(annToken, "GET", USERS + "/count", null).json().get("count").asInt());

            // Get and update: own id only; another user's id is 404.
            assertEquals(200, server.sendAs(annToken, "GET", USERS + "/" + ann, null).status());
            assertEquals(404, server.sendAs(annToken, "GET", USERS + "/" + bob, null).status());
            assertEquals(404, server.sendAs(annToken, "PUT", USERS + "/" + bob, "{\"nickname\":\"x\"}").status());
            TestServer.Response updated = server.sendAs(annToken, "PUT", USERS + "/" + ann,
                    "{\"nickname\":\"ann2\",\"role\":\"admin\",\"email\":\"evil@example.test\",\"full_name\":\"Evil\",\"is_verified\":false}");
            assertEquals(200, updated.status(), updated.body());
            assertEquals("ann2", updated.json().get("nickname").asText());
            assertEquals("user", updated.json().get("role").asText(), "a user cannot change their own role");
            assertEquals("ann@example.test", updated.json().get("email").asText());
            assertEquals("ann", updated.json().get("full_name").asText());
            assertTrue(updated.json().get("is_verified").asBoolean());
            assertEquals(422, server.sendAs(annToken, "PUT", USERS + "/" + ann, "{\"level\":\"high\"}").status());
            assertEquals("bobby", server.sendAs(service, "GET", USERS + "/" + bob, null).json().get("nickname").asText());

            // The current user route still comes first.
            TestServer.Response me = server.sendAs(annToken, "GET", USERS + "/me", null);
            assertEquals(200, me.status(), me.body());
            assertEquals(ann, me.json().get("id").asText());

            // Admins list everyone, filtered and sorted in SQL.
            TestServer.Response byLevel = server.sendAs(adminToken, "GET",
                    USERS + "?q=" + q("{\"role\":\"user\"}") + "&sort=-level", null);
            assertEquals(200, byLevel.status(), byLevel.body());
            assertEquals(List.of(carl, bob, ann), ids(byLevel.json()));
            TestServer.Response byEmail = server.sendAs(adminToken, "GET",
                    USERS + "?q=" + q("{\"level\":{\"$gte\":2},\"email\":{\"$regex\":\"example\"}}") + "&sort=email&limit=1&skip=1", null);
            assertEquals(List.of(carl), ids(byEmail.json()), byEmail.body());
            TestServer.Response projected = server.sendAs(adminToken, "GET", USERS + "?q=" + q("{\"id\":\"" + bob + "\"}") + "&fields=email", null);
            assertEquals(Json.parse("[{\"id\":\"" + bob + "\",\"email\":\"bob@example.test\"}]"), projected.json());
            assertEquals(4, server.sendAs(adminToken, "GET", USERS, null).json().size());
            assertEquals(3, server.sendAs(adminToken, "GET", USERS + "/count?q=" + q("{\"role\":\"user\"}"), null).json().get("count").asInt());
            TestServer.Response promoted = server.sendAs(adminToken, "PUT", USERS + "/" + bob, "{\"role\":\"admin\",\"level\":5}");
            assertEquals(200, promoted.status(), promoted.body());
            assertEquals("admin", promoted.json().get("role").asText());
            assertEquals(5, promoted.json().get("level").asInt());

            // The service role lists everyone too.
            TestServer.Response all = server.sendAs(service, "GET", USERS + "?sort=created_date", null);
            assertEquals(4, all.json().size(), all.body());
            assertEquals(List.of(ann, bob), ids(server.sendAs(service, "GET",
                    USERS + "?q=" + q("{\"$or\":[{\"nickname\":\"ann2\"},{\"role\":\"admin\",\"level\":5}]}") + "&sort=email", null).json()));

            // Cursor pages: the same visibility, walked in sort order.
            TestServer.Response first = server.sendAs(adminToken, "GET", USERS + "/v2/list?limit=3&sort=email&fields=email", null);
            assertEquals(200, first.status(), first.body());
            assertEquals(List.of("ann@example.test", "bob@example.test", ADMIN), first.json().get("items").findValuesAsText("email"));
            assertTrue(first.json().get("has_more").asBoolean());
            TestServer.Response second = server.sendAs(adminToken, "GET",
                    USERS + "/v2/list?cursor=" + q(first.json().get("next_cursor").asText()), null);
            assertEquals(200, second.status(), second.body());
            assertEquals(List.of(carl), ids(second.json().get("items")));
            assertFalse(second.json().get("has_more").asBoolean());
            TestServer.Response ownPage = server.sendAs(annToken, "GET", USERS + "/v2/list", null);
            assertEquals(List.of(ann), ids(ownPage.json().get("items")));

            // Anonymous callers own no record.
            assertEquals(0, server.sendAs(null, "GET", USERS, null).json().size());
            assertEquals(404, server.sendAs(null, "GET", USERS + "/" + ann, null).status());
            assertEquals(401, server.sendAs(null, "PUT", USERS + "/" + ann, "{\"nickname\":\"x\"}").status());
            assertEquals(401, server.sendAs("not-a-token", "GET", USERS, null).status());

            // Create answers an unsaved echo; nothing is stored.
            TestServer.Response created = server.sendAs(adminToken, "POST", USERS, "{\"email\":\"new@example.test\",\"nickname\":\"n\"}");
            assertEquals(200, created.status(), created.body());
            assertEquals("new@example.test", created.json().get("email").asText());
            assertEquals(ADMIN, created.json().get("created_by").asText());
            assertEquals(404, server.sendAs(service, "GET", USERS + "/" + created.json().get("id").asText(), null).status());
            assertEquals(4, server.sendAs(service, "GET", USERS + "/count", null).json().get("count").asInt());

            // Only the service role deletes.
            assertEquals(403, server.sendAs(annToken, "DELETE", USERS + "/" + ann, null).status());
            assertEquals(403, server.sendAs(adminToken, "DELETE", USERS + "/" + carl, null).status());
            assertEquals(200, server.sendAs(service, "DELETE", USERS + "/" + carl, null).status());
            assertEquals(404, server.sendAs(service, "GET", USERS + "/" + carl, null).status());
            assertEquals(404, server.sendAs(service, "DELETE", USERS + "/" + carl, null).status());

            // Bad filters are 400s.
            assertEquals(400, server.sendAs(adminToken, "GET", USERS + "?q=" + q("{\"$bogus\":1}"), null).status());
            assertEquals(400, server.sendAs(annToken, "GET", USERS + "?q=" + q("not json"), null).status());
        }
    }

    private static UserRecord user(String id, String email, String hash, String data, String created) {
        try {
            return new UserRecord("authtest", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(data), 0, created, created);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String login(TestServer server, String email) {
        return server.login("authtest", email, PASSWORD);
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}

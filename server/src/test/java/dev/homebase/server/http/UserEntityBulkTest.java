package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk writes on the built-in User entity (api-contract §3.2, §4.9–4.11, §4.14–4.15) on SQLite and
 * PostgreSQL: bulk update and update-many with the single-update rules, all or nothing; delete-many
 * for the service role only; upsert and import refused.
 */
class UserEntityBulkTest {
    private static final String APP = "/api/apps/authtest";
    private static final String USERS = APP + "/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";
    private static final String ANN = "a00000000000000000000001";
    private static final String BOB = "b00000000000000000000002";
    private static final String CARL = "c00000000000000000000003";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void bulkWritesFollowTheUserRules(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("authtest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
            try (Database db = Database.open(server.databaseUrl())) {
                UserStore store = new UserStore(db.dialect());
                db.useTx(c -> {
                    store.insert(c, user(ANN, "ann@example.test", hash, "{\"nickname\":\"annie\",\"level\":1}"));
                    store.insert(c, user(BOB, "bob@example.test", hash, "{\"nickname\":\"bobby\",\"level\":2}"));
                    store.insert(c, user(CARL, "carl@example.test", hash, "{\"nickname\":\"carlo\",\"level\":3}"));
                });
            }
            String ann = login(server, "ann@example.test");
            String bob = login(server, "bob@example.test");
            String admin = login(server, ADMIN);
            String service = server.serviceToken();

            // Anonymous callers write nothing.
            assertEquals(401, server.sendAs(null, "PUT", USERS + "/bulk", "[{\"id\":\"" + ANN + "\",\"nickname\":\"x\"}]").status());
            assertEquals(401, server.sendAs(null, "PATCH", USERS + "/update-many", "{\"data\":{\"$set\":{\"nickname\":\"x\"}}}").status());
            assertEquals(401, server.sendAs(null, "DELETE", USERS, "{}").status());

            // Bulk update: a user only their own record, protected keys and role dropped.
            TestServer.Response own = server.sendAs(ann, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + ANN + "\",\"nickname\":\"ann2\",\"role\":\"admin\",\"email\":\"evil@example.test\",\"password_hash\":\"x\"}]");
            assertEquals(200, own.status(), own.body());
            assertEquals("ann2", own.json().at("/0/nickname").asText());
            assertEquals("user", own.json().at("/0/role").asText(), "a user cannot change their own role");
            assertEquals("ann@example.test", own.json().at("/0/email").asText());
            login(server, "ann@example.test"); // the password hash was not touched
            // Naming another user's id fails the whole batch: Ann's own item is not applied either.
            TestServer.Response mixed = server.sendAs(ann, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + ANN + "\",\"nickname\":\"ann3\"},{\"id\":\"" + BOB + "\",\"nickname\":\"hacked\"}]");
            assertEquals(404, mixed.status(), mixed.body());
            assertTrue(mixed.json().path("message").isTextual());
            assertEquals("ann2", nickname(server, service, ANN));
            assertEquals("bobby", nickname(server, service, BOB));

            // Admins update anyone and may change role; all or nothing on a missing user or a bad value.
            TestServer.Response byAdmin = server.sendAs(admin, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + BOB + "\",\"role\":\"admin\",\"level\":5},{\"id\":\"" + CARL + "\",\"nickname\":\"carl2\"}]");
            assertEquals(200, byAdmin.status(), byAdmin.body());
            assertEquals("admin", byAdmin.json().at("/0/role").asText());
            assertEquals(5, byAdmin.json().at("/0/level").asInt());
            assertEquals("carl2", byAdmin.json().at("/1/nickname").asText());
            assertEquals(404, server.sendAs(admin, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + CARL + "\",\"nickname\":\"carl3\"},{\"id\":\"nobody000000000000000000\",\"nickname\":\"x\"}]").status());
            assertEquals(422, server.sendAs(admin, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + CARL + "\",\"nickname\":\"carl3\"},{\"id\":\"" + BOB + "\",\"level\":\"high\"}]").status());
            assertEquals(404, server.sendAs(admin, "PUT", USERS + "/bulk", "[{\"nickname\":\"no id\"}]").status());
            assertEquals(400, server.sendAs(admin, "PUT", USERS + "/bulk", "{\"id\":\"" + CARL + "\"}").status());
            assertEquals("carl2", nickname(server, service, CARL));
            // The service role updates anyone.
            TestServer.Response byService = server.sendAs(service, "PUT", USERS + "/bulk", "[{\"id\":\"" + BOB + "\",\"role\":\"user\"}]");
            assertEquals(200, byService.status(), byService.body());
            assertEquals("user", byService.json().at("/0/role").asText());

            // Update many: a user reaches only themselves, whatever the query says.
            TestServer.Response mine = server.sendAs(bob, "PATCH", USERS + "/update-many",
                    "{\"query\":{},\"data\":{\"$inc\":{\"level\":10},\"$set\":{\"role\":\"admin\"}}}");
            assertEquals(200, mine.status(), mine.body());
            assertEquals(Json.parse("{\"success\":true,\"updated\":1,\"has_more\":false}"), mine.json());
            JsonNode bobNow = server.sendAs(service, "GET", USERS + "/" + BOB, null).json();
            assertEquals(15, bobNow.get("level").asInt());
            assertEquals("user", bobNow.get("role").asText(), "update-many does not let a user change their role");
            assertEquals(0, server.sendAs(bob, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"id\":\"" + ANN + "\"},\"data\":{\"$set\":{\"nickname\":\"hacked\"}}}").json().get("updated").asInt());
            assertEquals("ann2", nickname(server, service, ANN));
            // Admins: every matching user; role changes; $unset removes a custom field; protected keys are skipped.
            TestServer.Response all = server.sendAs(admin, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"role\":\"user\"},\"data\":{\"$set\":{\"nickname\":\"same\",\"email\":\"x@example.test\"},\"$unset\":{\"level\":\"\"}}}");
            assertEquals(200, all.status(), all.body());
            assertEquals(3, all.json().get("updated").asInt(), all.body());
            JsonNode listed = server.sendAs(admin, "GET", USERS + "?q=" + q("{\"nickname\":\"same\"}") + "&sort=email", null).json();
            assertEquals(3, listed.size(), listed.toString());
            assertEquals("ann@example.test", listed.at("/0/email").asText());
            assertTrue(listed.get(0).path("level").isMissingNode(), listed.toString());
            TestServer.Response promote = server.sendAs(service, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"email\":\"carl@example.test\"},\"data\":{\"$set\":{\"role\":\"admin\"}}}");
            assertEquals(1, promote.json().get("updated").asInt(), promote.body());
            assertEquals("admin", server.sendAs(service, "GET", USERS + "/" + CARL, null).json().get("role").asText());
            // Bad operators and bad values: 400 and 422, nothing changed.
            assertEquals(400, server.sendAs(admin, "PATCH", USERS + "/update-many", "{\"data\":{\"nickname\":\"x\"}}").status());
            assertEquals(400, server.sendAs(admin, "PATCH", USERS + "/update-many", "{\"data\":{\"$rename\":{\"nickname\":\"email\"}}}").status());
            assertEquals(422, server.sendAs(admin, "PATCH", USERS + "/update-many",
                    "{\"data\":{\"$set\":{\"nickname\":\"y\",\"level\":\"high\"}}}").status());
            assertEquals("same", nickname(server, service, ANN));

            // Delete many: the service role only.
            assertEquals(403, server.sendAs(ann, "DELETE", USERS, "{\"id\":\"" + ANN + "\"}").status());
            assertEquals(403, server.sendAs(admin, "DELETE", USERS, "{\"id\":\"" + BOB + "\"}").status());
            assertEquals(4, count(server, service));
            TestServer.Response deleted = server.sendAs(service, "DELETE", USERS, "{\"email\":{\"$in\":[\"ann@example.test\",\"bob@example.test\"]}}");
            assertEquals(200, deleted.status(), deleted.body());
            assertEquals(2, deleted.json().get("deleted").asInt());
            assertEquals(2, count(server, service));
            assertEquals(401, server.sendAs(ann, "GET", USERS + "/me", null).status(), "a deleted user's token no longer works");

            // Upsert and import stay refused: users come from register and invite.
            for (String token : new String[] {admin, service}) {
                TestServer.Response upsert = server.sendAs(token, "POST", USERS + "/upsert", "{\"key\":\"email\",\"records\":[{\"email\":\"n@example.test\"}]}");
                assertEquals(403, upsert.status(), upsert.body());
                assertTrue(upsert.json().get("message").asText().contains("register or invite"), upsert.body());
                assertEquals(403, server.sendAs(token, "POST", USERS + "/import", "").status());
            }
            assertEquals(2, count(server, service));
        }
    }

    private static String nickname(TestServer server, String token, String id) {
        TestServer.Response r = server.sendAs(token, "GET", USERS + "/" + id, null);
        assertEquals(200, r.status(), r.body());
        return r.json().path("nickname").asText();
    }

    private static int count(TestServer server, String token) {
        return server.sendAs(token, "GET", USERS + "/count", null).json().get("count").asInt();
    }

    private static String q(String json) {
        return java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static UserRecord user(String id, String email, String hash, String data) {
        String created = "2025-01-01T00:00:0" + id.charAt(id.length() - 1) + ".000000";
        try {
            return new UserRecord("authtest", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                    (ObjectNode) Json.parse(data), 0, created, created);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String login(TestServer server, String email) {
        return server.login("authtest", email, PASSWORD);
    }
}

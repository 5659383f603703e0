package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in User entity's internal fields (kept out of the public record) are missing for every
 * caller but the service role in filters, counts, cursor pages, aggregates and update-many: no
 * answer depends on them (issue 12, item 1). On SQLite and PostgreSQL.
 */
class UserEntityHiddenFieldsTest {
    private static final String USERS = "/api/apps/authtest/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void internalUserFieldsCannotBeQueried(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("authtest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
            try (Database db = Database.open(server.databaseUrl())) {
                UserStore store = new UserStore(db.dialect());
                // Internal keys in the stored data, as an older import or a direct write could leave them.
                db.useTx(c -> {
                    store.insert(c, user("a00000000000000000000001", "ann@example.test", hash,
                            "{\"nickname\":\"annie\",\"_app_role\":\"owner\",\"password_hash\":\"$argon2-secret\",\"collaborator_role\":\"editor\"}"));
                    store.insert(c, user("b00000000000000000000002", "bob@example.test", hash, "{\"nickname\":\"bobby\"}"));
                });
            }
            String admin = server.login("authtest", ADMIN, PASSWORD);
            String ann = server.login("authtest", "ann@example.test", PASSWORD);
            String service = server.serviceToken();

            for (String probe : new String[] {"{\"_app_role\":\"owner\"}", "{\"data._app_role\":{\"$regex\":\"^own\"}}",
                    "{\"password_hash\":{\"$regex\":\"^\\\\$argon\"}}", "{\"collaborator_role\":{\"$in\":[\"editor\"]}}",
                    "{\"_app_role\":{\"$exists\":true}}"}) {
                for (String token : new String[] {admin, ann}) {
                    assertEquals(0, count(server, token, probe), probe);
                    TestServer.Response list = server.sendAs(token, "GET", USERS + "?q=" + q(probe), null);
                    assertEquals("[]", list.json().toString(), probe + " " + list.body());
                    TestServer.Response page = server.sendAs(token, "GET", USERS + "/v2/list?q=" + q(probe), null);
                    assertEquals(0, page.json().get("items").size(), probe + " " + page.body());
                    TestServer.Response agg = server.sendAs(token, "POST", USERS + "/aggregate", "{\"query\":" + probe + ",\"count\":true}");
                    assertEquals(0, agg.json().get("rows").get(0).get("count").asInt(), probe + " " + agg.body());
                }
                assertEquals(1, count(server, service, probe), "the service role sees everything: " + probe);
            }
            assertEquals(1, count(server, ann, "{\"_app_role\":{\"$exists\":false}}"), "missing for the user themself");
            assertEquals(3, count(server, admin, "{\"password_hash\":{\"$exists\":false}}"), "missing for every user");
            TestServer.Response updated = server.sendAs(admin, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"_app_role\":\"owner\"},\"data\":{\"$set\":{\"nickname\":\"x\"}}}");
            assertEquals(200, updated.status(), updated.body());
            assertEquals(0, updated.json().get("updated").asInt(), updated.body());
            TestServer.Response listed = server.sendAs(admin, "GET", USERS, null);
            assertFalse(listed.body().contains("argon") || listed.body().contains("_app_role"), listed.body());
        }
    }

    private static int count(TestServer server, String token, String q) {
        TestServer.Response r = server.sendAs(token, "GET", USERS + "/count?q=" + q(q), null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("count").asInt();
    }

    private static UserRecord user(String id, String email, String hash, String data) {
        try {
            String created = "2025-01-01T00:00:01.000000";
            return new UserRecord("authtest", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                    (ObjectNode) Json.parse(data), 0, created, created);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}

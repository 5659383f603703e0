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
 * The field write rules of the app's User schema on every path that writes a user (api-contract
 * §3.1, §3.2, §5.5), on SQLite and PostgreSQL. The fixture's {@code department} may be written by
 * admins only, and {@code Doc} is readable only in the caller's department: a user who could set
 * their own department would read another department's records.
 */
class UserFieldRulesTest {
    private static final String APP = "/api/apps/userrules";
    private static final String USERS = APP + "/entities/User";
    private static final String DOCS = APP + "/entities/Doc";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";
    private static final String ANN = "a00000000000000000000001";
    private static final String BOB = "b00000000000000000000002";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aUserCannotMoveThemselvesToAnotherDepartment(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("userrules", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            seed(server);
            String ann = server.login("userrules", "ann@example.test", PASSWORD);
            String service = server.serviceToken();
            ok(server.sendAs(service, "POST", DOCS, "{\"title\":\"sales plan\",\"department\":\"sales\"}"));
            ok(server.sendAs(service, "POST", DOCS, "{\"title\":\"ops plan\",\"department\":\"ops\"}"));
            assertEquals("[\"sales plan\"]", titles(server, ann));

            // Every write path drops the forbidden field silently and keeps the permitted ones.
            JsonNode me = ok(server.sendAs(ann, "PUT", USERS + "/me", "{\"department\":\"ops\",\"nickname\":\"a1\"}"));
            assertEquals("sales", me.get("department").asText(), "updateMe");
            assertEquals("a1", me.get("nickname").asText());
            JsonNode byId = ok(server.sendAs(ann, "PUT", USERS + "/" + ANN, "{\"department\":\"ops\",\"nickname\":\"a2\"}"));
            assertEquals("sales", byId.get("department").asText(), "PUT User/{own id}");
            assertEquals("a2", byId.get("nickname").asText());
            JsonNode bulk = ok(server.sendAs(ann, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + ANN + "\",\"department\":\"ops\",\"nickname\":\"a3\"}]"));
            assertEquals("sales", bulk.at("/0/department").asText(), "PUT User/bulk");
            assertEquals("a3", bulk.at("/0/nickname").asText());
            for (String data : new String[] {
                    "{\"$set\":{\"department\":\"ops\"}}",
                    "{\"$unset\":{\"department\":\"\"}}",
                    "{\"$rename\":{\"nickname\":\"department\"}}",
                    "{\"$min\":{\"department\":\"ops\"}}",
                    "{\"$max\":{\"department\":\"zzz\"}}",
                    "{\"$currentDate\":{\"department\":true}}"}) {
                ok(server.sendAs(ann, "PATCH", USERS + "/update-many", "{\"query\":{},\"data\":" + data + "}"));
                assertEquals("sales", user(server, service, ANN).get("department").asText(), "update-many " + data);
            }
            // Upsert and import write no users at all.
            assertEquals(403, server.sendAs(ann, "POST", USERS + "/upsert",
                    "{\"key\":\"email\",\"records\":[{\"email\":\"ann@example.test\",\"department\":\"ops\"}]}").status());
            assertEquals(403, server.sendAs(ann, "POST", USERS + "/import", "").status());
            assertEquals("[\"sales plan\"]", titles(server, ann));

            // A conditional rule sees the record as the write would leave it: level at most 10.
            assertEquals(5, ok(server.sendAs(ann, "PUT", USERS + "/me", "{\"level\":5}")).get("level").asInt());
            assertEquals(5, ok(server.sendAs(ann, "PUT", USERS + "/me", "{\"level\":50}")).get("level").asInt());
            ok(server.sendAs(ann, "PATCH", USERS + "/update-many", "{\"query\":{},\"data\":{\"$inc\":{\"level\":100}}}"));
            assertEquals(5, user(server, service, ANN).get("level").asInt(), "$inc past the limit is dropped");
            ok(server.sendAs(ann, "PATCH", USERS + "/update-many", "{\"query\":{},\"data\":{\"$inc\":{\"level\":4}}}"));
            assertEquals(9, user(server, service, ANN).get("level").asInt());

            // Admins and the service role pass the rule, on every path.
            String admin = server.login("userrules", ADMIN, PASSWORD);
            assertEquals("ops", ok(server.sendAs(admin, "PUT", USERS + "/" + ANN, "{\"department\":\"ops\"}")).get("department").asText());
            assertEquals("[\"ops plan\"]", titles(server, ann));
            ok(server.sendAs(admin, "PUT", USERS + "/bulk", "[{\"id\":\"" + BOB + "\",\"department\":\"sales\"}]"));
            assertEquals("sales", user(server, service, BOB).get("department").asText());
            ok(server.sendAs(admin, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"id\":\"" + BOB + "\"},\"data\":{\"$set\":{\"department\":\"hr\"}}}"));
            assertEquals("hr", user(server, service, BOB).get("department").asText());
            assertEquals("legal", ok(server.sendAs(admin, "PUT", USERS + "/me", "{\"department\":\"legal\"}")).get("department").asText());
            ok(server.sendAs(service, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"id\":\"" + ANN + "\"},\"data\":{\"$set\":{\"department\":\"sales\",\"level\":99}}}"));
            JsonNode annNow = user(server, service, ANN);
            assertEquals("sales", annNow.get("department").asText());
            assertEquals(99, annNow.get("level").asInt(), "the service role passes conditional rules too");
            assertEquals("[\"sales plan\"]", titles(server, ann));
        }
    }

    private static void seed(TestServer server) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            UserStore store = new UserStore(db.dialect());
            db.useTx(c -> {
                store.insert(c, user(ANN, "ann@example.test", hash, "{\"department\":\"sales\",\"level\":1}"));
                store.insert(c, user(BOB, "bob@example.test", hash, "{\"department\":\"ops\",\"level\":2}"));
            });
        }
    }

    private static String titles(TestServer server, String token) {
        JsonNode docs = ok(server.sendAs(token, "GET", DOCS + "?sort=title", null));
        StringBuilder out = new StringBuilder("[");
        for (JsonNode d : docs) out.append(out.length() > 1 ? "," : "").append('"').append(d.get("title").asText()).append('"');
        return out.append(']').toString();
    }

    private static JsonNode user(TestServer server, String token, String id) {
        return ok(server.sendAs(token, "GET", USERS + "/" + id, null));
    }

    private static JsonNode ok(TestServer.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r.status() + " " + r.body());
        assertTrue(r.body().startsWith("{") || r.body().startsWith("["), r.body());
        return r.json();
    }

    private static UserRecord user(String id, String email, String hash, String data) {
        String created = "2025-01-01T00:00:0" + id.charAt(id.length() - 1) + ".000000";
        try {
            return new UserRecord("userrules", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                    (ObjectNode) Json.parse(data), 0, created, created);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The field read rules of the app's User schema on every path that reads a user (api-contract
 * §3.1, §3.2, §5.5; issue 12), on SQLite and PostgreSQL. In the fixture only admins read a
 * {@code salary} (not even a user's own), and a {@code note} is readable only inside its user's
 * department. A hidden field is absent from every answer, and no answer depends on it: filters,
 * counts, cursor pages, sorts, aggregates and update-many see it as missing. Built-in fields keep
 * their own rules; the service role sees everything.
 */
class UserFieldReadRulesTest {
    private static final String APP = "/api/apps/userrules";
    private static final String USERS = APP + "/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";
    private static final String ANN = "a00000000000000000000001";
    private static final String BOB = "b00000000000000000000002";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void hiddenUserFieldsAreNeitherShownNorQueried(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("userrules", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            seed(server);
            String service = server.serviceToken();
            String adminId = ok(server.sendAs(server.login("userrules", ADMIN, PASSWORD), "GET", USERS + "/me", null)).get("id").asText();
            ok(server.sendAs(service, "PUT", USERS + "/" + adminId, "{\"department\":\"sales\"}"));
            String admin = server.login("userrules", ADMIN, PASSWORD);
            String ann = server.login("userrules", "ann@example.test", PASSWORD);

            // Ann (role user) never reads a salary, not even her own; her note is in her own department.
            for (JsonNode own : new JsonNode[] {
                    ok(server.sendAs(ann, "GET", USERS + "/me", null)),
                    ok(server.sendAs(ann, "GET", USERS + "/" + ANN, null)),
                    ok(server.sendAs(ann, "GET", USERS, null)).get(0),
                    ok(server.sendAs(ann, "GET", USERS + "/v2/list", null)).at("/items/0"),
                    ok(server.sendAs(ann, "PUT", USERS + "/me", "{\"nickname\":\"a1\"}")),
                    ok(server.sendAs(ann, "PUT", USERS + "/" + ANN, "{\"nickname\":\"a2\"}")),
                    ok(server.sendAs(ann, "PUT", USERS + "/bulk", "[{\"id\":\"" + ANN + "\",\"nickname\":\"a3\"}]")).get(0),
                    ok(server.send("POST", APP + "/auth/login",
                            "{\"email\":\"ann@example.test\",\"password\":\"" + PASSWORD + "\"}")).get("user")}) {
                assertFalse(own.has("salary"), own.toString());
                assertEquals("ann@example.test", own.get("email").asText(), "built-in fields stay: " + own);
                assertEquals("sales", own.get("department").asText(), own.toString());
                assertEquals("ann-note", own.get("note").asText(), own.toString());
            }

            // The salary oracle: nothing Ann gets back depends on the hidden value.
            for (String probe : new String[] {"{\"salary\":{\"$gt\":149999}}", "{\"salary\":150000}",
                    "{\"data.salary\":{\"$gte\":100000}}", "{\"salary\":{\"$exists\":true}}", "{\"salary\":{\"$in\":[150000]}}",
                    "{\"$or\":[{\"salary\":{\"$gt\":1}},{\"nickname\":\"none\"}]}", "{\"$and\":[{\"salary\":{\"$gte\":0}}]}"}) {
                assertEquals(0, count(server, ann, probe), probe);
                assertEquals("[]", ok(server.sendAs(ann, "GET", USERS + "?q=" + q(probe), null)).toString(), probe);
                assertEquals(0, ok(server.sendAs(ann, "GET", USERS + "/v2/list?q=" + q(probe), null)).get("items").size(), probe);
                JsonNode agg = ok(server.sendAs(ann, "POST", USERS + "/aggregate", "{\"query\":" + probe + ",\"count\":true}"));
                assertEquals(0, agg.at("/rows/0/count").asInt(), probe + " " + agg);
                JsonNode many = ok(server.sendAs(ann, "PATCH", USERS + "/update-many",
                        "{\"query\":" + probe + ",\"data\":{\"$set\":{\"nickname\":\"hit\"}}}"));
                assertEquals(0, many.get("updated").asInt(), probe + " " + many);
            }
            assertEquals(1, count(server, ann, "{\"salary\":{\"$exists\":false}}"), "missing for Ann");
            // Update operators that would read the hidden value are dropped: neither their effect nor their failure shows it.
            for (String data : new String[] {"{\"$inc\":{\"salary\":1}}", "{\"$push\":{\"salary\":1}}",
                    "{\"$max\":{\"salary\":999999}}", "{\"$rename\":{\"salary\":\"nickname\"}}"}) {
                JsonNode many = ok(server.sendAs(ann, "PATCH", USERS + "/update-many", "{\"query\":{},\"data\":" + data + "}"));
                assertEquals(1, many.get("updated").asInt(), data + " " + many);
                assertEquals(150000, ok(server.sendAs(service, "GET", USERS + "/" + ANN, null)).get("salary").asInt(), data);
            }
            JsonNode sum = ok(server.sendAs(ann, "POST", USERS + "/aggregate", "{\"sum\":\"salary\",\"max\":\"salary\"}"));
            assertFalse(sum.toString().contains("150000"), sum.toString());

            // An admin reads every salary, and notes only inside the admin's own department (sales: Ann's, not Bob's).
            JsonNode bob = ok(server.sendAs(admin, "GET", USERS + "/" + BOB, null));
            assertEquals(90000, bob.get("salary").asInt(), bob.toString());
            assertFalse(bob.has("note"), bob.toString());
            assertEquals("ann-note", ok(server.sendAs(admin, "GET", USERS + "/" + ANN, null)).get("note").asText());
            assertEquals(1, count(server, admin, "{\"salary\":{\"$gt\":100000}}"));
            assertEquals(0, count(server, admin, "{\"note\":\"bob-note\"}"));
            assertEquals(0, count(server, admin, "{\"note\":{\"$regex\":\"^bob\"}}"));
            assertEquals(1, count(server, admin, "{\"note\":{\"$exists\":true}}"));
            TestServer.Response listed = server.sendAs(admin, "GET", USERS, null);
            assertFalse(listed.body().contains("bob-note"), listed.body());
            assertTrue(listed.body().contains("ann-note"), listed.body());
            // Sorted by note, descending: Bob's hidden note sorts as missing, after Ann's.
            assertEquals(ANN, ok(server.sendAs(admin, "GET", USERS + "?sort=-note", null)).at("/0/id").asText());
            assertEquals(ANN, ok(server.sendAs(admin, "GET", USERS + "/v2/list?sort=-note", null)).at("/items/0/id").asText());
            JsonNode groups = ok(server.sendAs(admin, "POST", USERS + "/aggregate", "{\"groupBy\":\"note\",\"count\":true}"));
            assertFalse(groups.toString().contains("bob-note"), groups.toString());
            assertTrue(groups.toString().contains("ann-note"), groups.toString());

            // The service role sees everything.
            assertEquals(1, count(server, service, "{\"note\":\"bob-note\"}"));
            assertEquals(1, count(server, service, "{\"salary\":{\"$gt\":149999}}"));
            JsonNode all = ok(server.sendAs(service, "GET", USERS + "/" + BOB, null));
            assertEquals("bob-note", all.get("note").asText());
            assertEquals(90000, all.get("salary").asInt());
        }
    }

    private static void seed(TestServer server) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            UserStore store = new UserStore(db.dialect());
            db.useTx(c -> {
                store.insert(c, user(ANN, "ann@example.test", hash,
                        "{\"department\":\"sales\",\"level\":1,\"salary\":150000,\"note\":\"ann-note\"}"));
                store.insert(c, user(BOB, "bob@example.test", hash,
                        "{\"department\":\"ops\",\"level\":2,\"salary\":90000,\"note\":\"bob-note\"}"));
            });
        }
    }

    private static int count(TestServer server, String token, String q) {
        return ok(server.sendAs(token, "GET", USERS + "/count?q=" + q(q), null)).get("count").asInt();
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(TestServer.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r.status() + " " + r.body());
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

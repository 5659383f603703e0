package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code POST /entities/User/aggregate} (api-contract §3.2, §4.13) on SQLite and PostgreSQL: the
 * visibility of list for anonymous callers, users, admins and the service role, and protected
 * fields refused.
 */
class UserEntityAggregateTest {
    private static final String APP = "/api/apps/authtest";
    private static final String AGGREGATE = APP + "/entities/User/aggregate";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aggregateHasTheVisibilityOfList(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("authtest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
            try (Database db = Database.open(server.databaseUrl())) {
                UserStore store = new UserStore(db.dialect());
                db.useTx(c -> {
                    store.insert(c, user("a00000000000000000000001", "ann@example.test", hash, "{\"nickname\":\"annie\",\"level\":1}"));
                    store.insert(c, user("b00000000000000000000002", "bob@example.test", hash, "{\"nickname\":\"bobby\",\"level\":2}"));
                    store.insert(c, user("c00000000000000000000003", "carl@example.test", hash, "{\"nickname\":\"carlo\",\"level\":4}"));
                });
            }
            String ann = login(server, "ann@example.test");
            String bob = login(server, "bob@example.test");
            String admin = login(server, ADMIN);
            String service = server.serviceToken();
            String byRole = "{\"groupBy\":\"role\",\"sum\":\"level\",\"max\":\"level\",\"sort\":\"role\"}";

            // Admin and service role: every user, grouped in SQL.
            for (String token : new String[] {admin, service}) {
                TestServer.Response all = server.sendAs(token, "POST", AGGREGATE, byRole);
                assertEquals(200, all.status(), all.body());
                assertEquals(Json.parse("[{\"role\":\"admin\",\"count\":1,\"sum_level\":0,\"max_level\":null},"
                        + "{\"role\":\"user\",\"count\":3,\"sum_level\":7,\"max_level\":4}]"), all.json().get("rows"), all.body());
                assertFalse(all.json().get("truncated").asBoolean());
            }
            TestServer.Response filtered = server.sendAs(admin, "POST", AGGREGATE,
                    "{\"query\":{\"level\":{\"$gte\":2}},\"countDistinct\":\"email\",\"avg\":\"level\"}");
            assertEquals(200, filtered.status(), filtered.body());
            assertEquals(2, filtered.json().at("/rows/0/count").asInt(), filtered.body());
            assertEquals(2, filtered.json().at("/rows/0/count_distinct_email").asInt(), filtered.body());
            assertEquals(3.0, filtered.json().at("/rows/0/avg_level").asDouble(), filtered.body());
            TestServer.Response having = server.sendAs(service, "POST", AGGREGATE,
                    "{\"groupBy\":[\"role\",\"is_verified\"],\"having\":{\"count\":{\"$gt\":1}},\"limit\":1}");
            assertEquals(200, having.status(), having.body());
            assertEquals(Json.parse("[{\"role\":\"user\",\"is_verified\":true,\"count\":3}]"), having.json().get("rows"));
            TestServer.Response byDay = server.sendAs(admin, "POST", AGGREGATE,
                    "{\"query\":{\"role\":\"user\"},\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"year\"}}");
            assertEquals(200, byDay.status(), byDay.body());
            assertEquals(3, byDay.json().at("/rows/0/count").asInt(), byDay.body());

            // A regular user aggregates only their own record, whatever the query says.
            TestServer.Response own = server.sendAs(ann, "POST", AGGREGATE, byRole);
            assertEquals(200, own.status(), own.body());
            assertEquals(Json.parse("[{\"role\":\"user\",\"count\":1,\"sum_level\":1,\"max_level\":1}]"), own.json().get("rows"));
            TestServer.Response others = server.sendAs(bob, "POST", AGGREGATE, "{\"query\":{\"email\":\"ann@example.test\"}}");
            assertEquals(200, others.status(), others.body());
            assertEquals(0, others.json().at("/rows/0/count").asInt(), others.body());
            TestServer.Response bobTotal = server.sendAs(bob, "POST", AGGREGATE, "{\"sum\":\"level\"}");
            assertEquals(Json.parse("[{\"count\":1,\"sum_level\":2}]"), bobTotal.json().get("rows"), bobTotal.body());

            // Anonymous callers own no record; a bad token is still 401.
            TestServer.Response anonymous = server.sendAs(null, "POST", AGGREGATE, "{\"groupBy\":\"role\"}");
            assertEquals(200, anonymous.status(), anonymous.body());
            assertEquals(0, anonymous.json().get("rows").size(), anonymous.body());
            assertEquals(401, server.sendAs("not-a-token", "POST", AGGREGATE, "{}").status());
            assertEquals(401, server.sendAs("not-a-token", "POST", AGGREGATE, "{\"groupBy\":\"password_hash\"}").status(),
                    "the token is checked before the body");
            assertEquals(401, server.sendAs("not-a-token", "POST", AGGREGATE, "not json").status(), "even before a malformed body");

            // Protected and internal fields are never groupable or aggregatable, for anyone.
            for (String body : new String[] {
                "{\"groupBy\":\"password_hash\"}", "{\"countDistinct\":\"password_hash\"}", "{\"groupBy\":\"token_version\"}",
                "{\"max\":\"token_version\"}", "{\"groupBy\":\"_app_role\"}", "{\"groupBy\":\"u_password_hash\"}",
                "{\"groupBy\":\"password\"}", "{\"groupBy\":\"nope\"}", "{\"sum\":\"email\"}", "{\"avg\":\"is_verified\"}",
                "{\"dateBucket\":{\"field\":\"password_hash\",\"unit\":\"day\"}}", "{\"groupBy\":\"collaborator_role\"}"}) {
                TestServer.Response refused = server.sendAs(service, "POST", AGGREGATE, body);
                assertEquals(400, refused.status(), body + " → " + refused.body());
                assertTrue(refused.json().path("message").isTextual(), refused.body());
                assertFalse(refused.body().contains("$argon"), refused.body());
            }
            assertEquals(400, server.sendAs(admin, "POST", AGGREGATE, "[1]").status());
            assertEquals(400, server.sendAs(admin, "POST", AGGREGATE, "{\"groupBy\":\"role\",\"bogus\":1}").status());
        }
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

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Callers' users and verified tokens are cached, yet a change to a user applies to that user's very next request: a
 * role change, a password change (older tokens refused) and a deletion. On one node (SQLite and PostgreSQL), and on
 * two nodes on one PostgreSQL database with the change made on node A and the next request sent to node B. Answers
 * written from the stored text (no field rule applies) and tree-built answers (a field rule hides a field) follow the
 * caller's current role.
 */
class CallerChangesTest {
    private static final String APP = "/api/apps/rlstest";
    private static final String NOTES = APP + "/entities/Note";
    private static final String USERS = APP + "/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";
    private static final String ANN = "a00000000000000000000001";
    private static final String BOB = "b00000000000000000000002";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void oneNode(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("rlstest", kind, auth())) {
            changesApplyAtOnce(server, server);
        }
    }

    @Test
    void twoNodesOnOnePostgres() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = TestServer.copyFixture("rlstest");
        try (TestServer a = new TestServer(project, url, auth()); TestServer b = new TestServer(project, url, auth())) {
            changesApplyAtOnce(a, b);
        }
    }

    private static AuthConfig auth() {
        return TestServer.fastAuth().withAdmin(ADMIN, PASSWORD);
    }

    /** Changes are made on {@code a}; every check right after is a request to {@code b}. */
    private static void changesApplyAtOnce(TestServer a, TestServer b) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(a.databaseUrl())) {
            UserStore store = new UserStore(db.dialect());
            db.useTx(c -> {
                store.insert(c, user(ANN, "ann@example.test", hash, "red"));
                store.insert(c, user(BOB, "bob@example.test", hash, "blue"));
            });
        }
        String admin = a.login("rlstest", ADMIN, PASSWORD);
        String ann = a.login("rlstest", "ann@example.test", PASSWORD);
        String bob = a.login("rlstest", "bob@example.test", PASSWORD);
        assertEquals(201, a.sendAs(bob, "POST", NOTES, "{\"title\":\"bob's\",\"team\":\"blue\",\"salary\":100}").status());

        // Warm both nodes: tokens verified and users cached.
        for (TestServer s : new TestServer[] {a, b}) {
            assertEquals(0, s.sendAs(ann, "GET", NOTES, null).json().size());
            TestServer.Response own = s.sendAs(bob, "GET", NOTES, null);
            assertEquals(1, own.json().size(), own.body());
            assertFalse(own.body().contains("salary"), "a field rule hides salary from role user: " + own.body());
        }

        // A role change on A applies to the next request on B.
        assertEquals(200, a.sendAs(admin, "PUT", USERS + "/" + ANN, "{\"role\":\"admin\"}").status());
        TestServer.Response asAdmin = b.sendAs(ann, "GET", NOTES, null);
        assertEquals(1, asAdmin.json().size(), "ann is an admin now: " + asAdmin.body());
        assertEquals(200, a.sendAs(admin, "PUT", USERS + "/" + ANN, "{\"role\":\"user\"}").status());
        assertEquals(0, b.sendAs(ann, "GET", NOTES, null).json().size(), "ann is a user again");

        // Role hr: no field rule hides anything from bob now, so his answer is written from the stored text.
        assertEquals(200, a.sendAs(admin, "PUT", USERS + "/" + BOB, "{\"role\":\"hr\"}").status());
        TestServer.Response whole = b.sendAs(bob, "GET", NOTES, null);
        assertEquals(100, whole.json().get(0).get("salary").asInt(), whole.body());
        String id = whole.json().get(0).get("id").asText();
        assertEquals(100, b.sendAs(bob, "GET", NOTES + "/" + id, null).json().get("salary").asInt());
        assertEquals(200, a.sendAs(admin, "PUT", USERS + "/" + BOB, "{\"role\":\"user\"}").status());
        TestServer.Response hidden = b.sendAs(bob, "GET", NOTES + "/" + id, null);
        assertEquals(200, hidden.status(), hidden.body());
        assertFalse(hidden.json().has("salary"), hidden.body());
        assertEquals("bob's", hidden.json().get("title").asText());

        // A password change on A refuses the older tokens on B at once.
        TestServer.Response changed = a.sendAs(bob, "POST", APP + "/auth/change-password",
                "{\"user_id\":\"" + BOB + "\",\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"another-pass\"}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals(401, b.sendAs(bob, "GET", NOTES, null).status(), "the token from before the change");
        String fresh = changed.json().get("access_token").asText();
        assertEquals(200, b.sendAs(fresh, "GET", NOTES, null).status());

        // A deletion on A (by the service role) refuses the user's token on B at once.
        assertEquals(200, b.sendAs(ann, "GET", NOTES, null).status());
        assertEquals(200, a.sendAs(a.serviceToken(), "DELETE", USERS + "/" + ANN, null).status());
        TestServer.Response gone = b.sendAs(ann, "GET", NOTES, null);
        assertEquals(401, gone.status(), gone.body());
        assertTrue(gone.json().has("message"), gone.body());
    }

    private static UserRecord user(String id, String email, String hash, String team) {
        com.fasterxml.jackson.databind.node.ObjectNode data = Json.object();
        data.put("team", team);
        String at = "2025-01-01T00:00:00.000000";
        return new UserRecord("rlstest", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null, data, 0, at, at);
    }
}

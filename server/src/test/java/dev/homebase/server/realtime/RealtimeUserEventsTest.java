package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestMail;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Changes to the built-in User entity reach {@code entities:{appId}:User} subscribers under its fixed rules: a user
 * sees only their own record, admins and the service role every user, anonymous subscribers none; no event carries a
 * password hash. Registration, {@code PUT /entities/User/me}, admin updates and service-role deletes all publish,
 * after commit. A token that does not verify connects as anonymous (§17.1). On both databases.
 */
class RealtimeUserEventsTest {
    private static final String APP = "rlstest";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String AUTH = "/api/apps/" + APP + "/auth";
    private static final String USERS = "/api/apps/" + APP + "/entities/User";

    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void userChangesFollowTheUserRules(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        var auth = TestServer.fastAuth().withAdmin(ADMIN, PASSWORD)
                .withSmtp(MAIL.settings());
        try (TestServer server = new TestServer(APP, kind, auth)) {
            String admin = login(server, ADMIN);
            String service = server.serviceToken();
            BlockingQueue<JsonNode> forAdmin = subscribe(server, sockets, admin);
            BlockingQueue<JsonNode> forService = subscribe(server, sockets, service);
            BlockingQueue<JsonNode> forAnonymous = subscribe(server, sockets, null);
            long invalidBefore = server.app().realtime().stats().invalidTokens();
            BlockingQueue<JsonNode> forBadToken = subscribe(server, sockets, admin + "x");
            assertEquals(invalidBefore + 1, server.app().realtime().stats().invalidTokens(), "a bad token is noticed");

            // Registration creates the user when the code is verified.
            String ann = "ann" + System.nanoTime() + "@example.test";
            String annToken = signUp(server, ann);
            JsonNode created = next(forAdmin);
            assertEquals("create", created.get("type").asText());
            assertEquals(ann, created.at("/data/email").asText());
            assertProtectedFieldsAbsent(created);
            assertEquals(created.get("id"), next(forService).get("id"));
            String annId = created.get("id").asText();

            // A user subscribes to User and sees their own changes only.
            BlockingQueue<JsonNode> forAnn = subscribe(server, sockets, annToken);
            assertEquals(200, server.sendAs(annToken, "PUT", USERS + "/me", "{\"team\":\"red\"}").status());
            JsonNode own = next(forAnn);
            assertEquals("update", own.get("type").asText());
            assertEquals(annId, own.get("id").asText());
            assertEquals("red", own.at("/data/team").asText());
            assertProtectedFieldsAbsent(own);
            assertEquals("red", next(forAdmin).at("/data/team").asText());
            assertEquals("red", next(forService).at("/data/team").asText());

            // Another user: created, changed by an admin, deleted by the service role. Ann sees none of it.
            String bob = "bob" + System.nanoTime() + "@example.test";
            signUp(server, bob);
            String bobId = next(forAdmin).get("id").asText();
            assertEquals(bobId, next(forService).get("id").asText());
            assertEquals(200, server.sendAs(admin, "PUT", USERS + "/" + bobId, "{\"team\":\"blue\"}").status());
            assertEquals("blue", next(forAdmin).at("/data/team").asText());
            assertEquals("blue", next(forService).at("/data/team").asText());
            assertEquals(200, server.sendAs(service, "DELETE", USERS + "/" + bobId, null).status());
            JsonNode deleted = next(forAdmin);
            assertEquals("delete", deleted.get("type").asText());
            assertEquals(bob, deleted.at("/data/email").asText(), "a delete carries the last state");
            assertEquals("delete", next(forService).get("type").asText());

            // Ann's next event is her own next change: nothing about Bob came in between (events arrive in order).
            assertEquals(200, server.sendAs(annToken, "PUT", USERS + "/me", "{\"team\":\"green\"}").status());
            assertEquals("green", next(forAnn).at("/data/team").asText());
            next(forAdmin);
            next(forService);

            // A refused write publishes nothing: a user cannot delete users.
            assertEquals(403, server.sendAs(annToken, "DELETE", USERS + "/" + annId, null).status());

            assertNull(forAnonymous.poll(300, TimeUnit.MILLISECONDS), "anonymous subscribers see no user");
            assertNull(forBadToken.poll(10, TimeUnit.MILLISECONDS), "a bad token counts as anonymous");
            assertNull(forAnn.poll(10, TimeUnit.MILLISECONDS));
            assertNull(forAdmin.poll(10, TimeUnit.MILLISECONDS));
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    private static void assertProtectedFieldsAbsent(JsonNode event) {
        JsonNode data = event.get("data");
        for (String f : List.of("password", "password_hash", "passwordHash", "token_version")) {
            assertFalse(data.has(f), f + " in " + event);
        }
        assertFalse(data.toString().contains("$argon2"), "no hash anywhere: " + event);
    }

    private static String login(TestServer server, String email) {
        return server.login(APP, email, PASSWORD);
    }

    /** Registers with the code from the mail and verifies; returns the access token. */
    private static String signUp(TestServer server, String email) {
        return MAIL.signUp(server, APP, email, PASSWORD);
    }

    private static BlockingQueue<JsonNode> subscribe(TestServer server, List<Socket> sockets, String token) throws InterruptedException {
        return TestSubscribers.subscribe(server, sockets, APP, token, "User");
    }

    private static JsonNode next(BlockingQueue<JsonNode> events) throws InterruptedException {
        return TestSubscribers.next(events);
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A change to a user reaches the realtime connections already open with their token, at once: promoted to admin, a
 * user's open socket receives what admins see from the next event on; disabled, it sees what an anonymous subscriber
 * sees (nothing of the User entity), as a token that does not verify at the handshake does (§17.1). Without the
 * server forgetting the principal it kept for the connection, both stay as they were until the client reconnects.
 * On both databases.
 */
class RealtimeUserChangesTest {
    private static final String APP = "rlstest";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String USERS = "/api/apps/" + APP + "/entities/User";

    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void roleChangesAndDisablingApplyToOpenSockets(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        var auth = TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withSmtp(MAIL.settings());
        try (TestServer server = new TestServer(APP, kind, auth)) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            String ann = "ann" + System.nanoTime() + "@example.test";
            String annToken = MAIL.signUp(server, APP, ann, PASSWORD);
            String bob = "bob" + System.nanoTime() + "@example.test";
            MAIL.signUp(server, APP, bob, PASSWORD);
            String annId = server.sendAs(annToken, "GET", USERS + "/me", null).json().get("id").asText();
            String bobId = server.sendAs(admin, "GET", USERS + "?q=" + java.net.URLEncoder.encode(
                    "{\"email\":\"" + bob + "\"}", java.nio.charset.StandardCharsets.UTF_8), null).json().get(0).get("id").asText();

            BlockingQueue<JsonNode> forAdmin = TestSubscribers.subscribe(server, sockets, APP, admin, "User");
            BlockingQueue<JsonNode> forAnn = TestSubscribers.subscribe(server, sockets, APP, annToken, "User");

            // As a plain user, Ann does not see Bob change (and the server now keeps her principal for the socket).
            update(server, admin, bobId, "red");
            assertEquals("red", TestSubscribers.next(forAdmin).at("/data/team").asText());
            assertNull(forAnn.poll(300, TimeUnit.MILLISECONDS), "a user does not see another user");

            // Promoted to admin: her open socket sees Bob's next change.
            assertEquals(200, server.sendAs(admin, "PUT", USERS + "/" + annId, "{\"role\":\"admin\"}").status());
            assertEquals(annId, TestSubscribers.next(forAdmin).get("id").asText());
            assertEquals("admin", TestSubscribers.next(forAnn).at("/data/role").asText(), "her own change");
            update(server, admin, bobId, "blue");
            assertEquals("blue", TestSubscribers.next(forAdmin).at("/data/team").asText());
            assertEquals("blue", TestSubscribers.next(forAnn).at("/data/team").asText(), "the promotion applies to the open socket");

            // Disabled: her token no longer verifies, so her socket counts as anonymous and sees no user at all.
            assertEquals(200, server.sendAs(admin, "POST", "/api/apps/" + APP + "/dashboard/users/" + annId + "/disable", null).status());
            drain(forAdmin); // whether disabling publishes her record is not what this test is about
            drain(forAnn);
            update(server, admin, bobId, "green");
            update(server, admin, annId, "green");
            assertEquals("green", TestSubscribers.next(forAdmin).at("/data/team").asText());
            assertEquals(annId, TestSubscribers.next(forAdmin).get("id").asText());
            assertNull(forAnn.poll(500, TimeUnit.MILLISECONDS), "a disabled user's open socket receives nothing of User");

            // Enabled again: her token verifies again, and the socket is hers (an admin) once more.
            assertEquals(200, server.sendAs(admin, "POST", "/api/apps/" + APP + "/dashboard/users/" + annId + "/enable", null).status());
            drain(forAdmin);
            drain(forAnn);
            update(server, admin, bobId, "black");
            assertEquals("black", TestSubscribers.next(forAdmin).at("/data/team").asText());
            assertEquals("black", TestSubscribers.next(forAnn).at("/data/team").asText());
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    private static void update(TestServer server, String admin, String userId, String team) {
        assertEquals(200, server.sendAs(admin, "PUT", USERS + "/" + userId, "{\"team\":\"" + team + "\"}").status());
    }

    /** Drops what a subscriber may have been sent about a change whose timing against the forgetting is not fixed. */
    private static void drain(BlockingQueue<JsonNode> events) throws InterruptedException {
        events.poll(300, TimeUnit.MILLISECONDS);
        events.clear();
    }
}

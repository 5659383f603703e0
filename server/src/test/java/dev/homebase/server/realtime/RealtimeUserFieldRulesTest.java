package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Events of the built-in User entity carry only the custom fields the User schema's field read
 * rules let the subscriber read, as through REST (issue 12): in the {@code userrules} fixture only
 * admins read a {@code salary}, and a {@code note} only inside its user's department. On both databases.
 */
class RealtimeUserFieldRulesTest {
    private static final String APP = "userrules";
    private static final String USERS = "/api/apps/" + APP + "/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";
    private static final String ANN = "a00000000000000000000001";
    private static final String BOB = "b00000000000000000000002";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void userEventsHideTheFieldsTheSubscriberCannotRead(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            seed(server);
            String service = server.serviceToken();
            String admin = server.login(APP, ADMIN, PASSWORD); // no department: reads no note
            String ann = server.login(APP, "ann@example.test", PASSWORD);
            BlockingQueue<JsonNode> forAnn = TestSubscribers.subscribe(server, sockets, APP, ann, "User");
            BlockingQueue<JsonNode> forAdmin = TestSubscribers.subscribe(server, sockets, APP, admin, "User");
            BlockingQueue<JsonNode> forService = TestSubscribers.subscribe(server, sockets, APP, service, "User");

            assertEquals(200, server.sendAs(service, "PUT", USERS + "/" + ANN, "{\"nickname\":\"n1\"}").status());
            JsonNode own = TestSubscribers.next(forAnn).get("data");
            assertEquals("n1", own.get("nickname").asText(), own.toString());
            assertFalse(own.has("salary"), "a user reads no salary, not even their own: " + own);
            assertEquals("ann-note", own.get("note").asText(), "her own department: " + own);
            JsonNode seenByAdmin = TestSubscribers.next(forAdmin).get("data");
            assertEquals(150000, seenByAdmin.get("salary").asInt(), seenByAdmin.toString());
            assertFalse(seenByAdmin.has("note"), "another department: " + seenByAdmin);
            JsonNode seenByService = TestSubscribers.next(forService).get("data");
            assertTrue(seenByService.has("salary") && seenByService.has("note"), seenByService.toString());
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    private static void seed(TestServer server) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            UserStore store = new UserStore(db.dialect());
            db.useTx(c -> {
                store.insert(c, user(ANN, "ann@example.test", hash,
                        "{\"department\":\"sales\",\"salary\":150000,\"note\":\"ann-note\"}"));
                store.insert(c, user(BOB, "bob@example.test", hash, "{\"department\":\"ops\",\"salary\":90000}"));
            });
        }
    }

    private static UserRecord user(String id, String email, String hash, String data) {
        String created = "2025-01-01T00:00:0" + id.charAt(id.length() - 1) + ".000000";
        try {
            return new UserRecord(APP, id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                    (ObjectNode) Json.parse(data), 0, created, created);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk writes on the built-in User entity publish one realtime event per user after the commit,
 * under the User rules (a user hears only their own record), and a refused batch publishes nothing.
 * On both databases.
 */
class UserEntityBulkEventsTest {
    private static final String APP = "authtest";
    private static final String USERS = "/api/apps/" + APP + "/entities/User";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "boss@example.test";
    private static final String ANN = "a00000000000000000000001";
    private static final String BOB = "b00000000000000000000002";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void bulkWritesPublishOneEventPerUser(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
            try (Database db = Database.open(server.databaseUrl())) {
                UserStore store = new UserStore(db.dialect());
                db.useTx(c -> {
                    store.insert(c, user(ANN, "ann@example.test", hash, "2025-01-01T00:00:01.000000"));
                    store.insert(c, user(BOB, "bob@example.test", hash, "2025-01-01T00:00:02.000000"));
                });
            }
            String ann = login(server, "ann@example.test");
            String admin = login(server, ADMIN);
            String service = server.serviceToken();
            BlockingQueue<JsonNode> forAdmin = TestSubscribers.subscribe(server, sockets, APP, admin, "User");
            BlockingQueue<JsonNode> forAnn = TestSubscribers.subscribe(server, sockets, APP, ann, "User");

            // Bulk update by an admin: one update per user, in input order; Ann hears only her own.
            assertEquals(200, server.sendAs(admin, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + BOB + "\",\"nickname\":\"b1\"},{\"id\":\"" + ANN + "\",\"nickname\":\"a1\"}]").status());
            JsonNode first = TestSubscribers.next(forAdmin);
            assertEquals("update", first.get("type").asText());
            assertEquals(BOB, first.get("id").asText());
            assertEquals("b1", first.at("/data/nickname").asText());
            assertFalse(first.toString().contains("$argon2"), first.toString());
            assertEquals(ANN, TestSubscribers.next(forAdmin).get("id").asText());
            JsonNode own = TestSubscribers.next(forAnn);
            assertEquals(ANN, own.get("id").asText());
            assertEquals("a1", own.at("/data/nickname").asText());

            // A refused batch (Ann names Bob) publishes nothing.
            assertEquals(404, server.sendAs(ann, "PUT", USERS + "/bulk",
                    "[{\"id\":\"" + ANN + "\",\"nickname\":\"a2\"},{\"id\":\"" + BOB + "\",\"nickname\":\"x\"}]").status());

            // Update many: one update per changed user.
            assertEquals(2, server.sendAs(service, "PATCH", USERS + "/update-many",
                    "{\"query\":{\"role\":\"user\"},\"data\":{\"$set\":{\"nickname\":\"same\"}}}").json().get("updated").asInt());
            assertEquals(List.of(ANN, BOB), List.of(TestSubscribers.next(forAdmin).get("id").asText(),
                    TestSubscribers.next(forAdmin).get("id").asText()));
            JsonNode annSame = TestSubscribers.next(forAnn);
            assertEquals("same", annSame.at("/data/nickname").asText());

            // Delete many by the service role: one delete per user.
            assertEquals(1, server.sendAs(service, "DELETE", USERS, "{\"id\":\"" + BOB + "\"}").json().get("deleted").asInt());
            JsonNode deleted = TestSubscribers.next(forAdmin);
            assertEquals("delete", deleted.get("type").asText());
            assertEquals(BOB, deleted.get("id").asText());

            assertNull(forAnn.poll(300, TimeUnit.MILLISECONDS), "Ann hears nothing about Bob");
            assertNull(forAdmin.poll(10, TimeUnit.MILLISECONDS));
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    private static UserRecord user(String id, String email, String hash, String created) {
        return new UserRecord(APP, id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                (ObjectNode) Json.object(), 0, created, created);
    }

    private static String login(TestServer server, String email) {
        return server.login(APP, email, PASSWORD);
    }
}

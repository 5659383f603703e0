package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes through the REST API reach subscribers only as their access rules allow: the read rule
 * decides who gets an event (deletes included), field rules strip fields, the service role sees
 * everything, and anonymous subscribers get events of public entities. On both databases.
 */
class RealtimeRulesTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String API = "/api/apps/rlstest/entities/";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void eventsFollowTheRules(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (TestServer server = new TestServer("rlstest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String admin = server.send("POST", "/api/apps/rlstest/auth/login",
                    "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").json().get("access_token").asText();
            String service = server.serviceToken();

            BlockingQueue<JsonNode> anonNotes = subscribe(server, sockets, null, "Note");
            BlockingQueue<JsonNode> adminNotes = subscribe(server, sockets, admin, "Note");
            BlockingQueue<JsonNode> serviceNotes = subscribe(server, sockets, service, "Note");
            BlockingQueue<JsonNode> badTokenNotes = subscribe(server, sockets, "not-a-token", "Note");
            BlockingQueue<JsonNode> anonBulletins = subscribe(server, sockets, null, "Bulletin");

            TestServer.Response created = server.sendAs(service, "POST", API + "Note", "{\"title\":\"n1\",\"team\":\"red\",\"salary\":9}");
            assertEquals(201, created.status(), created.body());
            String id = created.json().get("id").asText();

            JsonNode forService = next(serviceNotes);
            assertEquals("create", forService.get("type").asText());
            assertEquals(9, forService.at("/data/salary").asInt(), "the service role sees every field");
            JsonNode forAdmin = next(adminNotes);
            assertEquals(id, forAdmin.get("id").asText());
            assertFalse(forAdmin.get("data").has("salary"), "salary is for HR only: " + forAdmin);

            assertEquals(404, server.sendAs(admin, "PUT", API + "Note/" + id, "{\"title\":\"n2\"}").status(), "only the creator updates");
            assertEquals(200, server.sendAs(service, "PUT", API + "Note/" + id, "{\"title\":\"n2\"}").status());
            assertEquals("update", next(adminNotes).get("type").asText());
            assertEquals("n2", next(serviceNotes).at("/data/title").asText());

            assertEquals(200, server.sendAs(admin, "DELETE", API + "Note/" + id, null).status());
            JsonNode deleted = next(adminNotes);
            assertEquals("delete", deleted.get("type").asText());
            assertFalse(deleted.get("data").has("salary"));
            assertEquals("delete", next(serviceNotes).get("type").asText());

            assertEquals(201, server.sendAs(service, "POST", API + "Bulletin", "{\"text\":\"hello\"}").status());
            assertEquals("hello", next(anonBulletins).at("/data/text").asText());

            // Anonymous and invalid-token subscribers fail the Note read rule: no Note event ever reached them.
            assertNull(anonNotes.poll(300, TimeUnit.MILLISECONDS));
            assertNull(badTokenNotes.poll(10, TimeUnit.MILLISECONDS));
            assertTrue(server.app().realtime().stats().eventsFiltered() > 0);
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    private static BlockingQueue<JsonNode> subscribe(TestServer server, List<Socket> sockets, String token, String entity)
            throws InterruptedException {
        return TestSubscribers.subscribe(server, sockets, "rlstest", token, entity);
    }

    private static JsonNode next(BlockingQueue<JsonNode> events) throws InterruptedException {
        return TestSubscribers.next(events);
    }
}

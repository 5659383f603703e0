package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
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
            throws Exception {
        String query = "app_id=rlstest&token=" + (token == null ? "null" : URLEncoder.encode(token, StandardCharsets.UTF_8));
        IO.Options options = IO.Options.builder().setPath("/ws-user-apps/socket.io/").setTransports(new String[] {WebSocket.NAME})
                .setQuery(query).setForceNew(true).setReconnection(false).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        BlockingQueue<String> connected = new LinkedBlockingQueue<>();
        socket.on(Socket.EVENT_CONNECT, a -> {
            connected.add("ok");
            socket.emit("join", "entities:rlstest:" + entity);
        });
        socket.on("update_model", args -> {
            try {
                events.add(Json.parse(((JSONObject) args[0]).getString("data")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sockets.add(socket);
        int before = server.app().realtime().stats().roomMemberships();
        socket.connect();
        assertEquals("ok", connected.poll(5, TimeUnit.SECONDS));
        // A join has no acknowledgement: wait until the server has registered it.
        long deadline = System.currentTimeMillis() + 5000;
        while (server.app().realtime().stats().roomMemberships() <= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.app().realtime().stats().roomMemberships() > before, "joined");
        return events;
    }

    private static JsonNode next(BlockingQueue<JsonNode> events) throws InterruptedException {
        JsonNode e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event within 5 s");
        return e;
    }
}

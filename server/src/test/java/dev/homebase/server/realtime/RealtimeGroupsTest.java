package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Grouped evaluation (the filter asked once per group of subscribers with equal rule inputs, one packet per group)
 * gives every subscriber exactly what asking the filter for that subscriber alone gives: owner rules, rules on the
 * user's custom fields, roles, a field only one role reads, the service role, anonymous and bad-token subscribers, and
 * several connections of one user. On both databases.
 */
class RealtimeGroupsTest {
    private static final String APP = "rlstest";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String API = "/api/apps/" + APP + "/entities/Note";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void groupedDeliveryEqualsPerSubscriberEvaluation(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            seed(server);
            String service = server.serviceToken();
            Map<String, String> tokens = new LinkedHashMap<>();
            tokens.put("admin", server.login(APP, ADMIN, PASSWORD));
            tokens.put("alice", server.login(APP, "alice@example.test", PASSWORD));
            tokens.put("alice-again", tokens.get("alice"));
            tokens.put("dave", server.login(APP, "dave@example.test", PASSWORD));
            tokens.put("bob", server.login(APP, "bob@example.test", PASSWORD));
            tokens.put("carol-hr", server.login(APP, "carol@example.test", PASSWORD));
            tokens.put("service", service);
            tokens.put("anonymous", null);
            tokens.put("anonymous-again", null);
            tokens.put("bad-token", "not-a-token");

            Map<String, BlockingQueue<JsonNode>> received = new LinkedHashMap<>();
            Map<String, Subscriber> subscribers = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : tokens.entrySet()) {
                received.put(t.getKey(), TestSubscribers.subscribe(server, sockets, APP, t.getValue(), "Note"));
                String socketId = sockets.getLast().id();
                subscribers.put(t.getKey(), server.app().realtime().subscriber(socketId).orElseThrow());
            }

            // Changes seen differently by each: team red (alice, dave), team blue (bob, carol), alice's own in green.
            String red = created(server.sendAs(service, "POST", API, "{\"title\":\"r\",\"team\":\"red\",\"salary\":7}"));
            created(server.sendAs(service, "POST", API, "{\"title\":\"b\",\"team\":\"blue\",\"salary\":8}"));
            String own = created(server.sendAs(tokens.get("alice"), "POST", API, "{\"title\":\"mine\",\"team\":\"green\",\"salary\":1}"));
            assertEquals(200, server.sendAs(service, "PUT", API + "/" + red, "{\"team\":\"blue\"}").status());
            assertEquals(200, server.sendAs(tokens.get("alice"), "PUT", API + "/" + own, "{\"title\":\"still mine\"}").status());
            assertEquals(200, server.sendAs(tokens.get("admin"), "DELETE", API + "/" + own, null).status());
            int events = 6;

            // The service role reads every record whole: its events are the records as published.
            List<JsonNode> published = new ArrayList<>();
            for (int i = 0; i < events; i++) published.add(TestSubscribers.next(received.get("service")));
            Thread.sleep(300); // let the rest arrive; what did not is compared below as "nothing"

            SubscriberFilter perSubscriber = server.app().realtime().filter();
            for (String who : tokens.keySet()) {
                Subscriber s = subscribers.get(who);
                List<JsonNode> expected = new ArrayList<>();
                for (JsonNode e : published) {
                    Optional<ObjectNode> shown = perSubscriber.visible(s, APP, "Note", e.get("type").asText(), (ObjectNode) e.get("data").deepCopy());
                    shown.ifPresent(d -> expected.add(Json.object().put("type", e.get("type").asText()).put("id", e.get("id").asText()).set("data", d)));
                }
                List<JsonNode> got = new ArrayList<>();
                if (!who.equals("service")) received.get(who).drainTo(got);
                else got = published;
                List<JsonNode> gotShapes = new ArrayList<>();
                for (JsonNode e : got) gotShapes.add(Json.object().put("type", e.get("type").asText()).put("id", e.get("id").asText()).set("data", e.get("data")));
                assertEquals(expected, gotShapes, who + " got what per-subscriber evaluation gives");
            }

            // The cases differ, so the comparison above can fail: who saw how many events, and the salary field.
            assertEquals(events, count(perSubscriber, subscribers, "admin", published));
            assertEquals(0, count(perSubscriber, subscribers, "anonymous", published));
            assertEquals(0, count(perSubscriber, subscribers, "bad-token", published));
            assertNotEquals(count(perSubscriber, subscribers, "alice", published), count(perSubscriber, subscribers, "dave", published), "alice also sees her own");
            assertEquals(count(perSubscriber, subscribers, "alice", published), count(perSubscriber, subscribers, "alice-again", published));
            JsonNode forHr = perSubscriber.visible(subscribers.get("carol-hr"), APP, "Note", "create", (ObjectNode) published.get(1).get("data")).orElseThrow();
            assertTrue(forHr.has("salary"), "hr reads salaries");
            JsonNode forBob = perSubscriber.visible(subscribers.get("bob"), APP, "Note", "create", (ObjectNode) published.get(1).get("data")).orElseThrow();
            assertFalse(forBob.has("salary"), "bob does not");
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    /** How many of the published events per-subscriber evaluation lets {@code who} see. */
    private static long count(SubscriberFilter filter, Map<String, Subscriber> subscribers, String who, List<JsonNode> published) {
        return published.stream().filter(e -> filter.visible(subscribers.get(who), APP, "Note",
                e.get("type").asText(), (ObjectNode) e.get("data")).isPresent()).count();
    }

    private static String created(TestServer.Response r) {
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    private static void seed(TestServer server) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            UserStore store = new UserStore(db.dialect());
            db.useTx(c -> {
                store.insert(c, user("u1", "alice@example.test", "user", hash, "red"));
                store.insert(c, user("u2", "dave@example.test", "user", hash, "red"));
                store.insert(c, user("u3", "bob@example.test", "user", hash, "blue"));
                store.insert(c, user("u4", "carol@example.test", "hr", hash, "blue"));
            });
        }
    }

    private static UserRecord user(String id, String email, String role, String hash, String team) {
        String created = "2025-01-01T00:00:00.000000";
        return new UserRecord(APP, id, email, email.substring(0, email.indexOf('@')), role, hash, true, null,
                Json.object().put("team", team), 0, created, created);
    }
}

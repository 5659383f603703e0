package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.realtime.EntityEvent;
import dev.homebase.sdk.realtime.Subscription;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Socket.IO client against {@link EngineIoPeer}, a real local WebSocket server: the
 * handshake query, CONNECT, join and leave frames, {@code update_model} parsing, ping/pong,
 * reconnects (dropped connection, missed pings, a restarted server), refusals and token changes.
 */
class RealtimeTest {
    private static final String ROOM = "entities:app-1:Task";
    private static final String JOIN = "42[\"join\",\"" + ROOM + "\"]";

    record Task(String id, String title) {
    }

    @Test
    void subscribeJoinsDeliversEventsAndLeaves() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, "tok en")) {
            BlockingQueue<EntityEvent<Map<String, Object>>> plain = new LinkedBlockingQueue<>();
            BlockingQueue<String> threads = new LinkedBlockingQueue<>();
            Subscription first = client.entities("Task").subscribe(e -> {
                threads.add(Thread.currentThread().getName());
                plain.add(e);
            });
            EngineIoPeer.Conn conn = peer.nextConnection();
            Map<String, String> query = query(conn.target);
            assertTrue(conn.target.startsWith("/ws-user-apps/socket.io/?"), conn.target);
            assertEquals(Map.of("EIO", "4", "transport", "websocket", "app_id", "app-1", "token", "tok en"), query);
            assertEquals("40", conn.next());
            assertEquals(JOIN, conn.next());

            // A second subscriber of the same room shares the join; one that throws stops no one.
            BlockingQueue<EntityEvent<Task>> typed = new LinkedBlockingQueue<>();
            Subscription failing = client.entities("Task").subscribe(e -> {
                throw new IllegalStateException("subscriber bug");
            });
            Subscription second = client.entities("Task", Task.class).subscribe(typed::add);

            conn.send(updateModel(ROOM, "{\"type\":\"create\",\"data\":{\"id\":\"r1\",\"title\":\"hello\"},"
                    + "\"id\":\"r1\",\"timestamp\":\"2025-01-01T12:00:00.000Z\"}"));
            EntityEvent<Map<String, Object>> event = plain.poll(5, TimeUnit.SECONDS);
            assertNotNull(event);
            assertEquals("create", event.type());
            assertTrue(event.isCreate());
            assertEquals("r1", event.id());
            assertEquals("2025-01-01T12:00:00.000Z", event.timestamp());
            assertEquals(Map.of("id", "r1", "title", "hello"), event.data());
            assertFalse(event.oversize());
            assertEquals(new Task("r1", "hello"), typed.poll(5, TimeUnit.SECONDS).data());
            assertTrue(threads.poll().startsWith("homebase-sdk-realtime-events-"), "callbacks run off the reader thread");

            // Other rooms, non-string data and garbage are dropped; id and timestamp get the JS fallbacks.
            conn.send(updateModel("entities:app-1:Note", "{\"type\":\"create\",\"data\":{\"id\":\"n\"}}"));
            conn.send("42[\"update_model\",{\"room\":\"" + ROOM + "\",\"data\":{\"type\":\"create\"}}]");
            conn.send(updateModel(ROOM, "not json"));
            conn.send(updateModel(ROOM, "{\"type\":\"delete\",\"data\":{\"id\":\"r2\",\"title\":\"\",\"_oversize\":true}}"));
            EntityEvent<Map<String, Object>> deleted = plain.poll(5, TimeUnit.SECONDS);
            assertEquals("delete", deleted.type());
            assertEquals("r2", deleted.id());
            assertTrue(deleted.oversize());
            assertTrue(deleted.timestamp().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z"), deleted.timestamp());
            assertEquals("r2", typed.poll(5, TimeUnit.SECONDS).id());
            assertNull(plain.poll(100, TimeUnit.MILLISECONDS));

            // Closing one subscription keeps the room; closing the last leaves it and closes the socket.
            second.close();
            second.close();
            failing.close();
            assertNull(conn.poll(400), "the room still has a subscriber");
            first.close();
            assertEquals("42[\"leave\",\"" + ROOM + "\"]", conn.next());
            assertEquals("41", conn.next());
            assertTrue(conn.awaitClosed(5000));
            assertTrue(conn.closeFrameReceived, "closed with a close frame");
            assertNull(peer.nextConnection(300), "no reconnect without rooms");
        }
    }

    @Test
    void resubscribingWithinTheGraceCancelsTheLeave() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, null)) {
            Subscription s = client.entities("Task").subscribe(e -> { });
            EngineIoPeer.Conn conn = peer.nextConnection();
            assertFalse(query(conn.target).containsKey("token"), "no token is sent, not the string null");
            assertEquals("40", conn.next());
            assertEquals(JOIN, conn.next());
            s.close();
            Subscription again = client.entities("Task").subscribe(e -> { });
            assertNull(conn.poll(500), "neither leave nor join");
            again.close();
            assertEquals("42[\"leave\",\"" + ROOM + "\"]", conn.next());
        }
    }

    @Test
    void pingsAreAnsweredAndMissedPingsReconnect() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, "t")) {
            peer.pingInterval = 1000;
            peer.pingTimeout = 1000;
            BlockingQueue<EntityEvent<Map<String, Object>>> events = new LinkedBlockingQueue<>();
            client.entities("Task").subscribe(events::add);
            EngineIoPeer.Conn conn = peer.nextConnection();
            assertEquals("40", conn.next());
            assertEquals(JOIN, conn.next());
            conn.send("2");
            assertEquals("3", conn.next());

            // No more pings: the client gives the connection up and opens a new one.
            assertTrue(conn.awaitClosed(5000), "the silent connection is dropped");
            EngineIoPeer.Conn next = peer.nextConnection();
            assertEquals("40", next.next());
            assertEquals(JOIN, next.next());
            next.send(updateModel(ROOM, "{\"type\":\"update\",\"data\":{\"id\":\"a\"}}"));
            assertEquals("a", events.poll(5, TimeUnit.SECONDS).id());
        }
    }

    @Test
    void droppedConnectionsAndServerRestartsReconnectAndRejoinEveryRoom() throws Exception {
        EngineIoPeer peer = pinging(new EngineIoPeer());
        int port = peer.port();
        try (Base44Client client = client(peer, "t")) {
            BlockingQueue<EntityEvent<Map<String, Object>>> tasks = new LinkedBlockingQueue<>();
            BlockingQueue<EntityEvent<Map<String, Object>>> notes = new LinkedBlockingQueue<>();
            client.entities("Task").subscribe(tasks::add);
            client.entities("Note").subscribe(notes::add);
            EngineIoPeer.Conn first = peer.nextConnection();
            assertEquals("40", first.next());
            assertEquals(Set.of(JOIN, "42[\"join\",\"entities:app-1:Note\"]"), Set.of(first.next(), first.next()));

            first.drop();
            EngineIoPeer.Conn second = peer.nextConnection();
            assertEquals("40", second.next());
            assertEquals(Set.of(JOIN, "42[\"join\",\"entities:app-1:Note\"]"), Set.of(second.next(), second.next()));
            second.send(updateModel("entities:app-1:Note", "{\"type\":\"create\",\"data\":{\"id\":\"n1\"}}"));
            assertEquals("n1", notes.poll(5, TimeUnit.SECONDS).id());

            // The server goes away for a while and comes back on the same port.
            peer.close();
            Thread.sleep(700);
            peer = pinging(new EngineIoPeer(port));
            EngineIoPeer.Conn third = peer.nextConnection();
            assertEquals("40", third.next());
            assertEquals(Set.of(JOIN, "42[\"join\",\"entities:app-1:Note\"]"), Set.of(third.next(), third.next()));
            third.send(updateModel(ROOM, "{\"type\":\"create\",\"data\":{\"id\":\"t1\"}}"));
            assertEquals("t1", tasks.poll(5, TimeUnit.SECONDS).id());
        } finally {
            peer.close();
        }
    }

    @Test
    void aRefusedConnectionIsReportedAndNotRetried() throws Exception {
        BlockingQueue<Base44Exception> errors = new LinkedBlockingQueue<>();
        try (EngineIoPeer peer = new EngineIoPeer();
             Base44Client client = Base44.createClient(ClientConfig.builder().serverUrl(peer.url()).appId("nope")
                     .subscribeTimeout(Duration.ZERO).errorListener(errors::add).build())) {
            peer.refusal = "Unknown app: nope";
            client.entities("Task").subscribe(e -> { });
            EngineIoPeer.Conn conn = peer.nextConnection();
            assertEquals("40", conn.next());
            Base44Exception error = errors.poll(5, TimeUnit.SECONDS);
            assertNotNull(error);
            assertEquals("CONNECT_ERROR", error.code());
            assertTrue(error.getMessage().contains("Unknown app: nope"), error.getMessage());
            assertTrue(conn.awaitClosed(5000));
            assertNull(peer.nextConnection(1500), "a refusal is not retried");

            // A new subscription is a new attempt.
            peer.refusal = null;
            client.entities("Note").subscribe(e -> { });
            EngineIoPeer.Conn again = peer.nextConnection();
            assertEquals("40", again.next());
            assertEquals(Set.of("42[\"join\",\"entities:nope:Task\"]", "42[\"join\",\"entities:nope:Note\"]"),
                    Set.of(again.next(), again.next()));
        }
    }

    @Test
    void aServerThatIsDownIsReportedOnceAndRetriedUntilItIsUp() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        BlockingQueue<Base44Exception> errors = new LinkedBlockingQueue<>();
        try (Base44Client client = Base44.createClient(ClientConfig.builder().serverUrl("http://127.0.0.1:" + port)
                .appId("app-1").subscribeTimeout(Duration.ZERO).errorListener(errors::add).build())) {
            client.entities("Task").subscribe(e -> { });
            Base44Exception down = errors.poll(10, TimeUnit.SECONDS);
            assertNotNull(down);
            assertEquals("ERR_NETWORK", down.code());
            assertEquals(0, down.status());
            try (EngineIoPeer peer = new EngineIoPeer(port)) {
                EngineIoPeer.Conn conn = peer.nextConnection();
                assertEquals("40", conn.next());
                assertEquals(JOIN, conn.next());
            }
            assertNull(errors.poll(100, TimeUnit.MILLISECONDS), "reported once, not per retry");
        }
    }

    @Test
    void setTokenReconnectsWithTheNewTokenAndCloseStopsEverything() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer()) {
            Base44Client client = client(peer, "old");
            client.entities("Task").subscribe(e -> { });
            EngineIoPeer.Conn first = peer.nextConnection();
            assertEquals("old", query(first.target).get("token"));
            assertEquals("40", first.next());
            assertEquals(JOIN, first.next());

            client.setToken("new");
            assertTrue(first.awaitClosed(5000), "the old connection is closed");
            EngineIoPeer.Conn second = peer.nextConnection();
            assertEquals("new", query(second.target).get("token"));
            assertEquals("40", second.next());
            assertEquals(JOIN, second.next());

            client.close();
            assertTrue(second.awaitClosed(5000));
            assertThrows(IllegalStateException.class, () -> client.entities("Task").subscribe(e -> { }));
            assertNull(peer.nextConnection(500));
        }
    }

    /** Pings like a real server, so a drop the JDK misses is still found by the ping watchdog. */
    private static EngineIoPeer pinging(EngineIoPeer peer) {
        peer.autoPing = true;
        peer.pingInterval = 500;
        peer.pingTimeout = 1500;
        return peer;
    }

    /** A client that does not wait for join acknowledgements (the JavaScript client's behaviour). */
    private static Base44Client client(EngineIoPeer peer, String token) {
        ClientConfig.Builder b = ClientConfig.builder().serverUrl(peer.url()).appId("app-1")
                .subscribeTimeout(Duration.ZERO);
        if (token != null) {
            b.token(token);
        }
        return Base44.createClient(b.build());
    }

    private static String updateModel(String room, String data) {
        return "42[\"update_model\",{\"room\":\"" + room + "\",\"data\":" + quote(data) + "}]";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Map<String, String> query(String target) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realtime endpoint over a real server: a real Socket.IO v4 client (socket.io-client-java, speaking the
 * protocol the SDK's socket.io-client 4 speaks, over the websocket transport only), and raw WebSockets for exact
 * frames and garbage.
 */
class RealtimeSocketTest {
    private static final String APP = "apitest";
    private static final String ROOM = "entities:" + APP + ":Item";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestServer server;
    private static RealtimeServer realtime;
    private final List<Socket> clients = new ArrayList<>();
    private final List<java.net.http.WebSocket> raws = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = new TestServer("apitest", TestDatabases.Kind.SQLITE);
        realtime = server.app().realtime();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Socket::close);
        raws.forEach(ws -> ws.abort());
        await(() -> realtime.stats().connections() == 0, "all connections closed");
    }

    // ---- Socket.IO client ----

    @Test
    void connectsWithAppIdAndNoToken() throws Exception {
        Client c = connect("app_id=" + APP + "&token=null");
        assertEquals("connect", c.lifecycle.poll(5, TimeUnit.SECONDS));
        assertTrue(c.socket.connected());
        await(() -> realtime.stats().connections() == 1, "one connection");
    }

    @Test
    void unknownAppIsRefusedAtOnce() throws Exception {
        long refusedBefore = realtime.stats().connectionsRefused();
        long started = System.nanoTime();
        Client c = connect("app_id=nope&token=undefined");
        String event = c.lifecycle.poll(5, TimeUnit.SECONDS);
        assertEquals("connect_error: App \"nope\" not found", event);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "refused at once, not after a timeout");
        assertFalse(c.socket.connected());
        assertEquals(refusedBefore + 1, realtime.stats().connectionsRefused());

        Client missing = connect("token=null");
        assertEquals("connect_error: Missing app_id", missing.lifecycle.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void joinTwiceThenOnePublishDeliversOneEventWithTheContractShape() throws Exception {
        Client c = connected("app_id=" + APP + "&token=null");
        c.socket.emit("join", ROOM);
        c.socket.emit("join", ROOM); // the SDK joins again on every connect
        await(() -> realtime.stats().roomMemberships() == 1, "joined once");

        ObjectNode record = (ObjectNode) Json.parse("{\"id\":\"r1\",\"title\":\"a\",\"n\":1.50,\"created_date\":\"2025-01-15T10:30:00.123000\"}");
        realtime.publish(APP, "Item", "create", record, "r1");

        Object[] args = c.updates.poll(5, TimeUnit.SECONDS);
        assertNotNull(args, "an update_model event");
        assertEquals(1, args.length);
        JSONObject payload = assertInstanceOf(JSONObject.class, args[0]);
        assertEquals(ROOM, payload.getString("room"));
        String data = assertInstanceOf(String.class, payload.get("data"), "data is a JSON string, not an object");
        JsonNode event = Json.parse(data);
        assertEquals(List.of("type", "data", "id", "timestamp"), fieldNames(event));
        assertEquals("create", event.get("type").asText());
        assertEquals(record, event.get("data"));
        assertEquals("r1", event.get("id").asText());
        assertTrue(event.get("timestamp").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), event.toString());

        assertNull(c.updates.poll(300, TimeUnit.MILLISECONDS), "exactly one event");
    }

    @Test
    void leaveStopsEvents() throws Exception {
        Client c = connected("app_id=" + APP);
        c.socket.emit("join", ROOM);
        c.socket.emit("join", "entities:" + APP + ":Other");
        await(() -> realtime.stats().roomMemberships() == 2, "two rooms joined");
        c.socket.emit("leave", ROOM);
        c.socket.emit("leave", ROOM); // leaving twice is harmless
        await(() -> realtime.stats().roomMemberships() == 1, "one room left");

        realtime.publish(APP, "Item", "update", record("r2"), "r2");
        realtime.publish(APP, "Other", "delete", record("r3"), "r3"); // delivered in order, so it fences the first
        JSONObject only = (JSONObject) c.updates.poll(5, TimeUnit.SECONDS)[0];
        assertEquals("entities:" + APP + ":Other", only.getString("room"));
        assertEquals("delete", Json.parse(only.getString("data")).get("type").asText());
        assertNull(c.updates.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void otherAppsRoomsAndUnknownRoomNamesAreRefused() throws Exception {
        Client c = connected("app_id=" + APP);
        long refusedBefore = realtime.stats().joinsRefused();
        c.socket.emit("join", "entities:otherapp:Item");
        c.socket.emit("join", "entities:" + APP + ":Item;drop");
        c.socket.emit("join", "entities:" + APP + ":");
        c.socket.emit("join", "whatever");
        c.socket.emit("join", 42);
        c.socket.emit("join");
        c.socket.emit("join", "entities:" + APP + ":Fence");
        await(() -> realtime.stats().joinsRefused() == refusedBefore + 6, "six joins refused");
        await(() -> realtime.stats().roomMemberships() == 1, "only the fence joined");

        realtime.publish("otherapp", "Item", "create", record("x"), "x");
        realtime.publish(APP, "Fence", "create", record("f"), "f");
        JSONObject only = (JSONObject) c.updates.poll(5, TimeUnit.SECONDS)[0];
        assertEquals("entities:" + APP + ":Fence", only.getString("room"));
        assertNull(c.updates.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void entityNamesMatchCaseInsensitivelyEachWithItsOwnRoomString() throws Exception {
        Client c = connected("app_id=" + APP);
        c.socket.emit("join", "entities:" + APP + ":item");
        c.socket.emit("join", ROOM);
        await(() -> realtime.stats().roomMemberships() == 2, "two rooms joined");

        realtime.publish(APP, "ITEM", "create", record("r4"), null);
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JSONObject p = (JSONObject) c.updates.poll(5, TimeUnit.SECONDS)[0];
            rooms.add(p.getString("room"));
            assertEquals("r4", Json.parse(p.getString("data")).get("id").asText(), "id taken from the record");
        }
        assertEquals(List.of("entities:" + APP + ":item", ROOM).stream().sorted().toList(), rooms.stream().sorted().toList());
    }

    @Test
    void roomsPerConnectionAreCapped() throws Exception {
        Client c = connected("app_id=" + APP);
        int max = RealtimeSettings.defaults().maxRoomsPerConnection();
        for (int i = 0; i < max + 5; i++) c.socket.emit("join", "entities:" + APP + ":E" + i);
        await(() -> realtime.stats().roomMemberships() == max, max + " rooms joined");
        c.socket.emit("join", "entities:" + APP + ":E0"); // rejoining a joined room is still fine
        c.socket.emit("leave", "entities:" + APP + ":E0");
        await(() -> realtime.stats().roomMemberships() == max - 1, "one left");
    }

    // ---- raw WebSocket: exact frames and garbage ----

    @Test
    void exactFramesOnTheWire() throws Exception {
        Raw raw = raw("app_id=" + APP + "&token=&EIO=4&transport=websocket");
        String open = raw.next();
        assertTrue(open.startsWith("0{"), open);
        JsonNode handshake = Json.parse(open.substring(1));
        assertEquals("[]", handshake.get("upgrades").toString());
        assertEquals(25000, handshake.get("pingInterval").asInt());
        assertEquals(20000, handshake.get("pingTimeout").asInt());
        raw.send("40");
        String connected = raw.next();
        assertTrue(connected.matches("40\\{\"sid\":\"[^\"]+\"}"), connected);
        raw.send("42[\"join\",\"" + ROOM + "\"]");
        await(() -> realtime.stats().roomMemberships() == 1, "joined");

        realtime.publish(APP, "Item", "delete", (ObjectNode) Json.parse("{\"id\":\"r5\",\"note\":\"a \\\"quoted\\\" </script> é\"}"), "r5");
        String frame = raw.next();
        String prefix = "42[\"update_model\",{\"room\":\"" + ROOM + "\",\"data\":\"{\\\"type\\\":\\\"delete\\\",\\\"data\\\":"
                + "{\\\"id\\\":\\\"r5\\\",\\\"note\\\":\\\"a \\\\\\\"quoted\\\\\\\" </script> é\\\"},\\\"id\\\":\\\"r5\\\",\\\"timestamp\\\":\\\"";
        assertTrue(frame.startsWith(prefix), frame);
        assertTrue(frame.substring(prefix.length()).matches("[0-9T:.\\-]{23}Z\\\\\"}\"}]"), frame);
    }

    @Test
    void unknownAppGetsConnectErrorOnTheWire() throws Exception {
        Raw raw = raw("app_id=nope&token=null&EIO=4&transport=websocket");
        assertTrue(raw.next().startsWith("0{\"sid\":"));
        raw.send("40");
        assertEquals("44{\"message\":\"App \\\"nope\\\" not found\"}", raw.next());
        assertTrue(raw.closed.get(5, TimeUnit.SECONDS) >= 1000, "closed by the server");
    }

    @Test
    void garbageFramesDoNotHurtTheServer() throws Exception {
        String deep = "42" + "[".repeat(7000) + "]".repeat(7000);
        List<String> garbage = List.of("", "x", "4", "42", "42garbage", "42[]", "42[\"join\"]", "42[\"join\",{\"a\":1}]",
                "42[\"join\",\"" + ROOM + "\"", "43[1]", "41", "2", "6", "40\u0000", "\uFFFF\uD800", deep, "4" + "a".repeat(100_000));
        for (String g : garbage) {
            Raw raw = raw("app_id=" + APP + "&EIO=4&transport=websocket");
            raw.next(); // open
            raw.send("40");
            raw.next(); // connected
            raw.send(g);
            raw.send("40"); // whatever happened, a second CONNECT is harmless too
        }
        Raw binary = raw("app_id=" + APP + "&EIO=4&transport=websocket");
        binary.next();
        binary.ws.sendBinary(ByteBuffer.wrap(new byte[] {4, 0, (byte) 0xff, 0x42}), true).get(5, TimeUnit.SECONDS);
        Raw noEio = raw("app_id=" + APP + "&transport=websocket");
        noEio.next();
        noEio.send("zzz");

        // The server still serves a well-behaved client, end to end.
        Client c = connected("app_id=" + APP);
        c.socket.emit("join", ROOM);
        await(() -> realtime.stats().roomMemberships() >= 1, "joined");
        realtime.publish(APP, "Item", "create", record("ok"), "ok");
        JSONObject p = (JSONObject) c.updates.poll(5, TimeUnit.SECONDS)[0];
        assertEquals(ROOM, p.getString("room"));
    }

    @Test
    void plainHttpOnThePathIsNotServed() throws Exception {
        var res = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.app().port() + "/ws-user-apps/socket.io/?EIO=4&transport=polling&app_id=" + APP)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, res.statusCode());
        assertEquals("{\"code\":0,\"message\":\"Transport unknown\"}", res.body());
    }

    // ---- helpers ----

    private static ObjectNode record(String id) {
        ObjectNode r = Json.object();
        r.put("id", id);
        r.put("title", "t-" + id);
        return r;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what + "; " + realtime.stats());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A Socket.IO client set up like the SDK's (path, websocket only, query), without reconnection. */
    private record Client(Socket socket, BlockingQueue<String> lifecycle, BlockingQueue<Object[]> updates) {}

    private Client connect(String query) {
        IO.Options options = IO.Options.builder()
                .setPath("/ws-user-apps/socket.io/")
                .setTransports(new String[] {WebSocket.NAME})
                .setQuery(query)
                .setForceNew(true)
                .setReconnection(false)
                .build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.app().port()), options);
        Client c = new Client(socket, new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>());
        socket.on(Socket.EVENT_CONNECT, a -> c.lifecycle.add("connect"));
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> c.lifecycle.add("connect_error: "
                + (a.length > 0 && a[0] instanceof JSONObject o ? o.optString("message") : List.of(a))));
        socket.on("update_model", c.updates::add);
        clients.add(socket);
        socket.connect();
        return c;
    }

    private Client connected(String query) throws InterruptedException {
        Client c = connect(query);
        assertEquals("connect", c.lifecycle.poll(5, TimeUnit.SECONDS));
        return c;
    }

    /** A plain WebSocket on the endpoint: text messages in order, and the close code. */
    private static final class Raw implements java.net.http.WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        java.net.http.WebSocket ws;

        String next() throws InterruptedException {
            String t = texts.poll(5, TimeUnit.SECONDS);
            assertNotNull(t, "a text frame");
            return t;
        }

        void send(String text) {
            try {
                ws.sendText(text, true).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the server may already have closed this connection: that is an allowed answer to garbage
            }
        }

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    private Raw raw(String query) throws Exception {
        Raw raw = new Raw();
        raw.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.app().port() + "/ws-user-apps/socket.io/?" + query), raw)
                .get(5, TimeUnit.SECONDS);
        raws.add(raw.ws);
        return raw;
    }
}

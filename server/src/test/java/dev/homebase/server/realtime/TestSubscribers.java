package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/**
 * Subscribers for realtime tests: a Socket.IO client (the Java one, websocket only, as the official
 * client connects) joined to one entity room, whose {@code update_model} events arrive decoded in a queue.
 */
final class TestSubscribers {
    private static final long EVENT_WAIT_SECONDS = 10;

    private TestSubscribers() {}

    /**
     * Connects to {@code server} as the holder of {@code token} (null: none, sent as the official client
     * sends it), joins {@code entities:appId:entity}, and returns once the server has registered the join
     * (joins have no acknowledgement). The socket is added to {@code sockets} for the test to close.
     */
    static BlockingQueue<JsonNode> subscribe(TestServer server, List<Socket> sockets, String appId, String token, String entity)
            throws InterruptedException {
        String query = "app_id=" + appId + "&token=" + (token == null ? "null" : URLEncoder.encode(token, StandardCharsets.UTF_8));
        IO.Options options = IO.Options.builder().setPath("/ws-user-apps/socket.io/").setTransports(new String[] {WebSocket.NAME})
                .setQuery(query).setForceNew(true).setReconnection(false).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        BlockingQueue<String> connected = new LinkedBlockingQueue<>();
        socket.on(Socket.EVENT_CONNECT, a -> {
            connected.add("ok");
            socket.emit("join", "entities:" + appId + ":" + entity);
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> connected.add("connect_error"));
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
        long deadline = System.currentTimeMillis() + 5000;
        while (server.app().realtime().stats().roomMemberships() <= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.app().realtime().stats().roomMemberships() > before, "joined");
        return events;
    }

    /** The next event of a subscriber, waiting up to 10 s. */
    static JsonNode next(BlockingQueue<JsonNode> events) throws InterruptedException {
        JsonNode e = events.poll(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event within " + EVENT_WAIT_SECONDS + " s");
        return e;
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Engine.IO v4 / Socket.IO client over a plain WebSocket: answers pings, queues every other text. */
final class RawClient implements WebSocket.Listener {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    volatile boolean answerPings = true;
    volatile boolean reading = true;
    WebSocket ws;

    void join(String room) {
        ws.sendText("42[\"join\",\"" + room + "\"]", true).join();
    }

    void stopReading() {
        reading = false;
    }

    /** The decoded {@code data} of the next update_model frame. */
    JsonNode nextEvent() throws Exception {
        String t = texts.poll(10, TimeUnit.SECONDS);
        assertTrue(t != null && t.startsWith("42[\"update_model\","), String.valueOf(t));
        return Json.parse(Json.parse(t.substring(2)).get(1).get("data").asText());
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            if (text.equals("2")) {
                if (answerPings) webSocket.sendText("3", true);
            } else {
                texts.add(text);
            }
        }
        if (reading) webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Opens the WebSocket; the Engine.IO OPEN packet is the first text. */
    static RawClient open(int port, String query) throws Exception {
        RawClient c = new RawClient();
        c.ws = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws-user-apps/socket.io/?EIO=4&transport=websocket&" + query), c)
                .get(5, TimeUnit.SECONDS);
        return c;
    }

    /** Opens the WebSocket and connects to the default namespace, as socket.io-client does. */
    static RawClient connect(int port, String query) throws Exception {
        RawClient c = open(port, query);
        String open = c.texts.poll(5, TimeUnit.SECONDS);
        assertTrue(open != null && open.startsWith("0{"), String.valueOf(open));
        c.ws.sendText("40", true).join();
        String connected = c.texts.poll(5, TimeUnit.SECONDS);
        assertTrue(connected != null && connected.startsWith("40{"), String.valueOf(connected));
        return c;
    }
}

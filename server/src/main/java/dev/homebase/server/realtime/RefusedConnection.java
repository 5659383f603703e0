package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A connection refused for its handshake (unknown {@code app_id}): opens Engine.IO, answers the client's Socket.IO
 * CONNECT with CONNECT_ERROR ({@code 44{"message":...}}) and closes.
 *
 * <p>Why not refuse the HTTP upgrade instead: socket.io-client treats a failed upgrade as a transport error and
 * reconnects forever with backoff; a CONNECT_ERROR reaches the app at once as {@code connect_error} with our message,
 * and the client does not retry it (§17.1).
 */
final class RefusedConnection {
    private final Session session;
    private final String message;

    RefusedConnection(Session session, String message) {
        this.session = session;
        this.message = message;
    }

    /** Sends the Engine.IO OPEN packet and gives the client {@code grace} to send CONNECT. */
    void start(Duration pingInterval, Duration pingTimeout, ScheduledExecutorService scheduler, Duration grace) {
        ObjectNode open = Json.object();
        open.put("sid", UUID.randomUUID().toString());
        open.putArray("upgrades");
        open.put("pingInterval", pingInterval.toMillis());
        open.put("pingTimeout", pingTimeout.toMillis());
        session.sendText("0" + Json.write(open), Callback.NOOP);
        scheduler.schedule(this::close, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Any Socket.IO CONNECT ({@code 40}, with or without a namespace or payload) gets the refusal. */
    void onText(String text) {
        if (!text.startsWith("40")) return;
        // A namespace other than "/" is written "40/chat," and must be answered in the same namespace.
        int comma = text.indexOf(',');
        String namespace = text.startsWith("40/") && comma > 0 ? text.substring(2, comma + 1) : "";
        ObjectNode error = Json.object();
        error.put("message", message);
        session.sendText("44" + namespace + Json.write(error), Callback.from(this::close, t -> close()));
    }

    private void close() {
        if (session.isOpen()) session.close(1000, "refused", Callback.NOOP);
    }
}

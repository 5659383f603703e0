package dev.homebase.server.realtime;

import io.socket.engineio.server.EngineIoWebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Engine.IO's view of one Jetty 12 WebSocket session (the library ships an adapter for Jetty 9 only).
 *
 * <p>Writes are asynchronous: Engine.IO calls {@link #write} while holding its per-socket lock, so nothing here may
 * block. Jetty queues frames up to the session's {@code maxOutgoingFrames}; a write that fails (client gone, or too
 * far behind) is reported to Engine.IO as a transport error on another thread, which closes the connection.
 */
final class JettyEngineIoWebSocket extends EngineIoWebSocket {
    private final Session session;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final Executor failures;
    private final Runnable onWriteFailure;
    private final AtomicBoolean failed = new AtomicBoolean();

    /**
     * @param failures where write failures are reported (off Engine.IO's lock)
     * @param onWriteFailure counts a connection dropped because a write failed
     */
    JettyEngineIoWebSocket(Session session, Map<String, String> query, Map<String, List<String>> headers,
                           Executor failures, Runnable onWriteFailure) {
        this.session = session;
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
        this.failures = failures;
        this.onWriteFailure = onWriteFailure;
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) throws IOException {
        if (!session.isOpen()) throw new IOException("WebSocket closed");
        session.sendText(message, Callback.from(() -> {}, this::writeFailed));
    }

    @Override
    public void write(byte[] message) throws IOException {
        if (!session.isOpen()) throw new IOException("WebSocket closed");
        session.sendBinary(ByteBuffer.wrap(message), Callback.from(() -> {}, this::writeFailed));
    }

    @Override
    public void close() {
        if (session.isOpen()) session.close(1000, null, Callback.NOOP);
    }

    // Inbound, from the Jetty endpoint.

    void onText(String text) {
        emit("message", text);
    }

    void onBinary(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        emit("message", (Object) bytes);
    }

    void onClosed() {
        emit("close");
    }

    void onError(Throwable error) {
        emit("error", "websocket error", String.valueOf(error.getMessage()));
    }

    private void writeFailed(Throwable error) {
        if (!failed.compareAndSet(false, true)) return;
        if (session.isOpen()) onWriteFailure.run();
        failures.execute(() -> {
            emit("error", "write error", String.valueOf(error));
            session.disconnect();
        });
    }
}

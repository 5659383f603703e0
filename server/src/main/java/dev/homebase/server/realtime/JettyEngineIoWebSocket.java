package dev.homebase.server.realtime;

import io.socket.engineio.server.EngineIoWebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Engine.IO's view of one Jetty 12 WebSocket session (the library ships an adapter for Jetty 9 only).
 *
 * <p>Writes are asynchronous: Engine.IO calls {@link #write} while holding its per-socket lock, so nothing here may
 * block. Jetty queues the frames; this class counts what is queued and not yet written, and a client that lets more
 * than {@code maxQueuedChars} pile up is treated like a failed write. A failed write (client gone, or too far behind)
 * is reported to Engine.IO as a transport error on another thread, which closes the connection.
 *
 * <p>Room events bypass Engine.IO: {@link #send(OutboundFrame)} hands an already encoded frame straight to Jetty's
 * WebSocket session, in the same queue as Engine.IO's own writes (so their order is kept). A connection finds its
 * adapter through the handshake query Engine.IO keeps ({@link #of}).
 */
final class JettyEngineIoWebSocket extends EngineIoWebSocket {
    private final Session session;
    /** Jetty's core session, to send prepared bytes as a text frame; null when the session is not Jetty's own. */
    private final CoreSession core;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final long maxQueuedChars;
    private final AtomicLong queuedChars = new AtomicLong();
    private final Executor failures;
    private final Runnable onWriteFailure;
    private final AtomicBoolean failed = new AtomicBoolean();
    /** Whether {@link #send} left frames in Jetty's batch buffer; only the connection's dispatch lane sends, so no lock. */
    private boolean batched;

    /**
     * @param failures where write failures are reported (off Engine.IO's lock)
     * @param onWriteFailure counts a connection dropped because a write failed
     */
    JettyEngineIoWebSocket(Session session, Map<String, String> query, Map<String, List<String>> headers,
                           long maxQueuedChars, Executor failures, Runnable onWriteFailure) {
        this.session = session;
        this.core = session instanceof WebSocketSession jetty ? jetty.getCoreSession() : null;
        this.query = new HandshakeQuery(Map.copyOf(query), this);
        this.headers = Map.copyOf(headers);
        this.maxQueuedChars = maxQueuedChars;
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
        if (reserve(message.length())) session.sendText(message, written(message.length()));
    }

    @Override
    public void write(byte[] message) throws IOException {
        if (!session.isOpen()) throw new IOException("WebSocket closed");
        if (reserve(message.length)) session.sendBinary(ByteBuffer.wrap(message), written(message.length));
    }

    /**
     * Sends a prepared frame without blocking and without Engine.IO's per-packet work: no per-connection encoding, one
     * view of the shared bytes. On a closed session the write fails like any other (reported once).
     *
     * <p>With {@code batch}, Jetty may keep the frame in the connection's batch buffer (writing it when the buffer
     * fills) instead of writing at once: several events then cost one socket write. A frame sent without
     * {@code batch} writes whatever is batched with it; otherwise {@link #flushBatch()} must follow.
     *
     * @return whether this call left the connection with batched frames not yet flushed (it had none before)
     */
    boolean send(OutboundFrame frame, boolean batch) {
        int size = frame.length();
        if (!reserve(size)) return false;
        if (core == null) {
            session.sendText("4" + frame.packet(), written(size));
            return false;
        }
        core.sendFrame(new Frame(OpCode.TEXT, true, frame.view()), org.eclipse.jetty.util.Callback.from(
                () -> queuedChars.addAndGet(-size), error -> {
                    queuedChars.addAndGet(-size);
                    writeFailed(error);
                }), batch);
        boolean first = batch && !batched;
        batched = batch;
        return first;
    }

    /** Writes the frames {@link #send} left batched, if any. */
    void flushBatch() {
        if (!batched) return;
        batched = false;
        core.flush(org.eclipse.jetty.util.Callback.from(() -> { }, this::writeFailed));
    }

    /** The adapter behind a connection, from the query map Engine.IO keeps for it; null for another transport. */
    static JettyEngineIoWebSocket of(Map<String, String> initialQuery) {
        return initialQuery instanceof HandshakeQuery q ? q.socket : null;
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

    /** Counts a frame as queued; false (and the connection failed) when the client is too far behind. */
    private boolean reserve(long size) {
        if (queuedChars.addAndGet(size) <= maxQueuedChars) return true;
        queuedChars.addAndGet(-size);
        writeFailed(new IOException("client too slow: over " + maxQueuedChars + " characters queued"));
        return false;
    }

    private Callback written(long size) {
        return Callback.from(() -> queuedChars.addAndGet(-size), error -> {
            queuedChars.addAndGet(-size);
            writeFailed(error);
        });
    }

    private void writeFailed(Throwable error) {
        if (!failed.compareAndSet(false, true)) return;
        if (session.isOpen()) onWriteFailure.run();
        try {
            failures.execute(() -> {
                emit("error", "write error", String.valueOf(error));
                session.disconnect();
            });
        } catch (RejectedExecutionException shuttingDown) {
            session.disconnect();
        }
    }

    /** The handshake's query as Engine.IO keeps it, carrying the adapter it belongs to (see {@link #of}). */
    private static final class HandshakeQuery extends AbstractMap<String, String> {
        private final Map<String, String> values;
        private final JettyEngineIoWebSocket socket;

        HandshakeQuery(Map<String, String> values, JettyEngineIoWebSocket socket) {
            this.values = values;
            this.socket = socket;
        }

        @Override
        public String get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }
    }
}

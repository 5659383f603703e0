package dev.homebase.server.realtime;

import io.socket.engineio.server.parser.Packet;
import io.socket.socketio.server.SocketIoSocket;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One connected realtime client: what its handshake said. Rooms are kept by {@link Rooms}.
 */
public final class Subscriber {
    private final SocketIoSocket socket;
    private final String appId;
    private final Optional<String> token;
    private final Optional<String> anonymousId;
    private final Instant connectedAt;
    private final Map<Object, Object> memos = new ConcurrentHashMap<>();
    /** Our Jetty adapter under this connection (frames skip Engine.IO), or null: sent through Engine.IO. */
    private final JettyEngineIoWebSocket transport;
    /** The filter's group key for this connection, asked once. */
    private volatile Object groupKey;
    /** The dispatch lane that sends to this connection ({@link DispatchLanes}); set once, at connect. */
    private volatile int lane;

    Subscriber(SocketIoSocket socket, String appId, Optional<String> token, Optional<String> anonymousId, Instant connectedAt) {
        this.socket = socket;
        this.appId = appId;
        this.token = token;
        this.anonymousId = anonymousId;
        this.connectedAt = connectedAt;
        this.transport = socket == null ? null : JettyEngineIoWebSocket.of(socket.getInitialQuery());
    }

    /** The Socket.IO socket id (what the client sees as {@code socket.id}). */
    public String id() {
        return socket.getId();
    }

    /** The app this connection is for ({@code app_id} in the handshake). */
    public String appId() {
        return appId;
    }

    /** The bearer token from the handshake, if any; not verified here. {@code null}/{@code undefined} mean none. */
    public Optional<String> token() {
        return token;
    }

    /** The browser's anonymous visitor id, sent only when there is no token. */
    public Optional<String> anonymousId() {
        return anonymousId;
    }

    /** When the connection was accepted. */
    public Instant connectedAt() {
        return connectedAt;
    }

    /**
     * A value computed once per connection and kept for its lifetime (for example the principal resolved from
     * {@link #token()}). Thread-safe.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Function<Subscriber, T> compute) {
        return (T) memos.computeIfAbsent(key, k -> compute.apply(this));
    }

    /** The memo under {@code key} when one was computed, else null; computes nothing. */
    Object memoized(Object key) {
        return memos.get(key);
    }

    /**
     * Forgets every memo and the group key, so the next event asks the filter again (the user behind the token
     * changed). The connection's dispatch lane only, like the events that read them.
     */
    void forget() {
        memos.clear();
        groupKey = null;
    }

    /** The dispatch lane that sends to this connection, for its whole life (0 until assigned). */
    int lane() {
        return lane;
    }

    /** Sets the dispatch lane, before the connection joins any room. */
    void assignLane(int lane) {
        this.lane = lane;
    }

    /** The group key {@link #groupKey} last computed, or null (none yet, or forgotten); computes nothing. */
    Object cachedGroupKey() {
        return groupKey;
    }

    /** Sends one already encoded Socket.IO packet (for example {@code 2["update_model",{...}]}) without blocking. */
    void sendRaw(String socketIoPacket) {
        socket.getClient().getConnection().send(new Packet<>(Packet.MESSAGE, socketIoPacket));
    }

    /**
     * The filter's {@link SubscriberFilter#groupKey} for this connection, asked on the first event and kept until
     * {@link #forget}: it depends only on what the handshake said and on the user it names. (Two threads asking at
     * once both get an equal key.)
     */
    Object groupKey(SubscriberFilter filter) {
        Object key = groupKey;
        if (key == null) {
            key = filter.groupKey(this, appId);
            groupKey = key;
        }
        return key;
    }

    /**
     * Sends one prepared frame without blocking: straight to the WebSocket when it is ours, else through Engine.IO.
     * With {@code batch} the frame may wait for {@link #flushBatch()} or the next frame sent without it.
     *
     * @return whether the connection now holds batched frames it did not hold before (flush it later)
     */
    boolean send(OutboundFrame frame, boolean batch) {
        if (transport != null) return transport.send(frame, batch);
        sendRaw(frame.packet());
        return false;
    }

    /** Writes frames {@link #send} left batched. */
    void flushBatch() {
        if (transport != null) transport.flushBatch();
    }

    /** Closes the whole connection. */
    void disconnect() {
        socket.disconnect(true);
    }

    SocketIoSocket socket() {
        return socket;
    }

    @Override
    public String toString() {
        return "Subscriber[" + id() + " app=" + appId + (token.isPresent() ? " with token" : " anonymous") + "]";
    }
}

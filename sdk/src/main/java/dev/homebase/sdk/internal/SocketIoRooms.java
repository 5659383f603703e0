package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.NetworkException;
import dev.homebase.sdk.realtime.Subscription;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link RealtimeRooms} over our own Engine.IO v4 / Socket.IO v5 client, websocket transport
 * only, on {@link java.net.http.WebSocket} (why not {@code socket.io-client}: see the
 * {@code dev.homebase.sdk.realtime} package). Thread-safe: all state is guarded by one lock;
 * incoming packets and timers (reconnect, ping watchdog, delayed leave) run on one scheduler
 * thread and callbacks on one event thread, both daemon threads created on first use. A
 * connection that ends without a close frame is noticed by the JDK's WebSocket, or at the latest
 * by the Engine.IO ping watchdog (ping interval + ping timeout without a ping).
 *
 * <p>Lifecycle: the first {@link #join} connects; on Socket.IO CONNECT every room with
 * listeners is joined; a dropped connection (close, error, missed pings, handshake timeout) is
 * reconnected with backoff while rooms remain; a CONNECT_ERROR is reported and not retried
 * until the next join or token change; the socket closes when the last room is left.
 */
public final class SocketIoRooms implements RealtimeRooms {
    static final String MOUNT_PATH = "/ws-user-apps/socket.io/";
    private static final long LEAVE_GRACE_MS = 250;
    private static final System.Logger LOG = System.getLogger("dev.homebase.sdk.realtime");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Supplier<WebSocket.Builder> sockets;
    private final String serverUrl;
    private final String appId;
    private final Duration handshakeTimeout;
    private final Consumer<Base44Exception> errorListener;
    private final long backoffMillis;
    private final long maxBackoffMillis;
    private final ScheduledExecutorService timers = timerThread();
    private final ExecutorService events = Executors.newSingleThreadExecutor(
            r -> daemon(r, "homebase-sdk-realtime-events-"));

    private final Object lock = new Object();
    private final Map<String, List<Listener>> rooms = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> pendingLeaves = new HashMap<>();
    /** Per room with listeners: completes when the server acknowledged its join (acknowledged mode). */
    private final Map<String, CompletableFuture<Void>> joins = new HashMap<>();
    /** Ack id of a join sent on the current connection -> its room. */
    private final Map<Long, String> pendingAcks = new HashMap<>();
    private final Duration subscribeTimeout;
    private long nextAck;
    private String token;
    private SocketIoConnection current;
    private ScheduledFuture<?> reconnect;
    private int attempts;
    private boolean refused;
    private boolean closed;

    /**
     * Creates the rooms; nothing connects before the first {@link #join}.
     *
     * @param sockets          makes WebSocket builders (from the client's HTTP client)
     * @param serverUrl        the server origin, {@code http(s)://host[:port]}
     * @param appId            the app id sent as {@code app_id}
     * @param token            the token sent as {@code token}, or null for none
     * @param handshakeTimeout how long opening and the Socket.IO CONNECT may take
     * @param errorListener    told about connection refusals and server errors, or null
     */
    public SocketIoRooms(Supplier<WebSocket.Builder> sockets, String serverUrl, String appId, String token,
                         Duration handshakeTimeout, Consumer<Base44Exception> errorListener) {
        this(sockets, serverUrl, appId, token, handshakeTimeout, errorListener, Duration.ZERO);
    }

    /**
     * Creates the rooms; nothing connects before the first {@link #join}.
     *
     * @param sockets          makes WebSocket builders (from the client's HTTP client)
     * @param serverUrl        the server origin, {@code http(s)://host[:port]}
     * @param appId            the app id sent as {@code app_id}
     * @param token            the token sent as {@code token}, or null for none
     * @param handshakeTimeout how long opening and the Socket.IO CONNECT may take
     * @param errorListener    told about connection refusals and server errors, or null
     * @param subscribeTimeout how long {@link #subscribe} waits for the join's acknowledgement; zero
     *                         sends joins without an ack id, as the JavaScript client does
     */
    public SocketIoRooms(Supplier<WebSocket.Builder> sockets, String serverUrl, String appId, String token,
                         Duration handshakeTimeout, Consumer<Base44Exception> errorListener, Duration subscribeTimeout) {
        this(sockets, serverUrl, appId, token, handshakeTimeout, errorListener, 500, 5000, subscribeTimeout);
    }

    SocketIoRooms(Supplier<WebSocket.Builder> sockets, String serverUrl, String appId, String token,
                  Duration handshakeTimeout, Consumer<Base44Exception> errorListener,
                  long backoffMillis, long maxBackoffMillis) {
        this(sockets, serverUrl, appId, token, handshakeTimeout, errorListener, backoffMillis, maxBackoffMillis,
                Duration.ZERO);
    }

    SocketIoRooms(Supplier<WebSocket.Builder> sockets, String serverUrl, String appId, String token,
                  Duration handshakeTimeout, Consumer<Base44Exception> errorListener,
                  long backoffMillis, long maxBackoffMillis, Duration subscribeTimeout) {
        this.subscribeTimeout = subscribeTimeout;
        this.sockets = sockets;
        this.serverUrl = serverUrl;
        this.appId = appId;
        this.token = token;
        this.handshakeTimeout = handshakeTimeout;
        this.errorListener = errorListener;
        this.backoffMillis = backoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    @Override
    public Subscription join(String room, Consumer<String> listener) {
        Checks.text(room, "room");
        Checks.notNull(listener, "listener");
        Listener l = new Listener(listener);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Base44Client is closed");
            }
            ScheduledFuture<?> leave = pendingLeaves.remove(room);
            if (leave != null) {
                leave.cancel(false);
            }
            List<Listener> listeners = rooms.get(room);
            CompletableFuture<Void> joined = joins.get(room);
            if (joined == null || joined.isCompletedExceptionally()) {
                joins.put(room, new CompletableFuture<>());
            }
            if (listeners == null) {
                listeners = new CopyOnWriteArrayList<>();
                rooms.put(room, listeners);
                if (current != null && current.connected) {
                    sendJoin(current, room);
                }
            } else if (joined != null && joined.isCompletedExceptionally() && current != null && current.connected) {
                sendJoin(current, room); // refused before: ask again
            }
            listeners.add(l);
            if (current == null && (reconnect == null || reconnect.isDone())) {
                refused = false;
                connect();
            }
        }
        return () -> unsubscribe(room, l);
    }

    /**
     * Joins a room and completes once the server acknowledged the join: at once when this client
     * does not wait for acknowledgements (subscribe timeout zero); exceptionally, with the
     * subscription closed, when the server refuses the join or the connection (the server's
     * reason in the message) or when no acknowledgement arrives in time
     * ({@link NetworkException}, code {@code SUBSCRIBE_TIMEOUT}).
     *
     * @param room     the room
     * @param listener receives each {@code update_model} data string of the room
     * @return the subscription, once joined
     */
    @Override
    public CompletableFuture<Subscription> subscribe(String room, Consumer<String> listener) {
        Subscription sub = join(room, listener);
        CompletableFuture<Void> joined;
        synchronized (lock) {
            joined = subscribeTimeout.isZero() ? null : joins.get(room);
        }
        if (joined == null) {
            return CompletableFuture.completedFuture(sub);
        }
        CompletableFuture<Subscription> result = new CompletableFuture<>();
        // Async: the acknowledgement arrives under the lock on the socket thread; the caller's
        // continuations must not run there.
        joined.copy().orTimeout(subscribeTimeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((v, e) -> {
            if (e == null) {
                result.complete(sub);
                return;
            }
            sub.close();
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            result.completeExceptionally(cause instanceof java.util.concurrent.TimeoutException
                    ? new NetworkException("Realtime subscription to " + room + " was not acknowledged within "
                            + subscribeTimeout.toMillis() + " ms", "SUBSCRIBE_TIMEOUT", endpoint(), cause)
                    : cause);
        });
        return result;
    }

    /** Sends {@code join} for a room, with an ack id when joins are acknowledged. Caller holds the lock. */
    private void sendJoin(SocketIoConnection c, String room) {
        if (subscribeTimeout.isZero()) {
            c.send(event("join", room));
            return;
        }
        long id = nextAck++;
        pendingAcks.put(id, room);
        c.send("42" + id + Json.write(List.of("join", room)));
    }

    /** The answer to a join: {@code [{"ok":true}]} or {@code [{"ok":false,"reason":"..."}]}. Caller holds the lock. */
    private void onAck(String body) {
        int start = body.indexOf('[');
        if (start <= 0) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(body.substring(0, start));
        } catch (NumberFormatException e) {
            return;
        }
        String room = pendingAcks.remove(id);
        JsonNode array = parse(body.substring(start));
        if (room == null || array == null) {
            return;
        }
        JsonNode answer = array.path(0);
        CompletableFuture<Void> joined = joins.get(room);
        if (answer.path("ok").asBoolean(true)) {
            if (joined != null) {
                joined.complete(null);
            }
            return;
        }
        String reason = answer.path("reason").asText("refused");
        Base44Exception refusal = new Base44Exception("Realtime subscription to " + room + " refused: " + reason,
                0, "SUBSCRIBE_REFUSED", answer, null);
        if (joined != null && !joined.isDone()) {
            joined.completeExceptionally(refusal);
        } else {
            report(refusal);
        }
    }

    /** Fails every join not yet acknowledged. Caller holds the lock. */
    private void failPendingJoins(Base44Exception e) {
        joins.values().forEach(f -> f.completeExceptionally(e));
    }

    @Override
    public void updateToken(String newToken) {
        synchronized (lock) {
            token = newToken;
            if (closed) {
                return;
            }
            refused = false;
            if (current != null) {
                current.shutdown(true);
                current = null;
            }
            if (reconnect == null || reconnect.isDone()) {
                connect(); // no-op without rooms; a pending reconnect will use the new token
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            pendingLeaves.values().forEach(f -> f.cancel(false));
            pendingLeaves.clear();
            rooms.clear();
            failPendingJoins(new Base44Exception("Base44Client is closed", 0, "ERR_CANCELED", null, null));
            joins.clear();
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (current != null) {
                current.shutdown(false);
                current = null;
            }
        }
        timers.shutdownNow();
        events.shutdownNow();
    }

    private void unsubscribe(String room, Listener l) {
        if (!l.active.compareAndSet(true, false)) {
            return;
        }
        synchronized (lock) {
            List<Listener> listeners = rooms.get(room);
            if (closed || listeners == null) {
                return;
            }
            listeners.remove(l);
            if (listeners.isEmpty() && !pendingLeaves.containsKey(room)) {
                pendingLeaves.put(room, timers.schedule(() -> leave(room), LEAVE_GRACE_MS, TimeUnit.MILLISECONDS));
            }
        }
    }

    private void leave(String room) {
        synchronized (lock) {
            pendingLeaves.remove(room);
            List<Listener> listeners = rooms.get(room);
            if (closed || listeners == null || !listeners.isEmpty()) {
                return;
            }
            rooms.remove(room);
            joins.remove(room);
            if (current != null && current.connected) {
                current.send(event("leave", room));
            }
            if (rooms.isEmpty()) {
                if (reconnect != null) {
                    reconnect.cancel(false);
                }
                if (current != null) {
                    current.shutdown(true);
                    current = null;
                }
            }
        }
    }

    /** Opens a new connection. Caller holds the lock. */
    private void connect() {
        if (closed || refused || current != null || rooms.isEmpty()) {
            return;
        }
        SocketIoConnection c = new SocketIoConnection(lock, timers, this::onPacket, this::lost);
        current = c;
        c.watch(handshakeTimeout.toMillis(), "handshake timed out");
        try {
            sockets.get().connectTimeout(handshakeTimeout).buildAsync(uri(), c).whenComplete((ws, e) -> {
                if (e != null) {
                    failedToOpen(c, e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                }
            });
        } catch (RuntimeException e) {
            // e.g. an illegal URI; reported, not retried
            current = null;
            c.cancelWatch();
            refused = true;
            report(new NetworkException("Realtime connection failed: " + e.getMessage(), "ERR_NETWORK",
                    endpoint(), e));
        }
    }

    /** The realtime endpoint without its query (which holds the token). */
    private String endpoint() {
        return serverUrl + MOUNT_PATH;
    }

    private URI uri() {
        String ws = serverUrl.startsWith("https:") ? "wss:" + serverUrl.substring(6) : "ws:" + serverUrl.substring(5);
        StringBuilder q = new StringBuilder("EIO=4&transport=websocket&app_id=").append(Encoding.component(appId));
        if (token != null && !token.isEmpty()) {
            q.append("&token=").append(Encoding.component(token));
        }
        return URI.create(ws + MOUNT_PATH + "?" + q);
    }

    /**
     * The WebSocket could not be opened (server down, not a Socket.IO endpoint). A failure of the
     * first attempt goes to the error listener (later ones, e.g. during a server restart, are only
     * logged); retries continue with backoff, as in socket.io-client.
     */
    private void failedToOpen(SocketIoConnection c, Throwable cause) {
        boolean first;
        synchronized (lock) {
            first = c == current && attempts == 0;
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        lost(c, "cannot connect: " + message);
        if (first) {
            report(new NetworkException("Realtime connection failed, retrying: " + message, "ERR_NETWORK",
                    endpoint(), cause));
        }
    }

    /** The connection ended without being asked to: reconnect with backoff while rooms remain. */
    private void lost(SocketIoConnection c, String reason) {
        synchronized (lock) {
            if (c != current) {
                return;
            }
            LOG.log(Level.DEBUG, () -> "Realtime connection lost: " + reason);
            c.shutdown(false);
            current = null;
            if (closed || refused || rooms.isEmpty()) {
                return;
            }
            long base = Math.min(maxBackoffMillis, backoffMillis << Math.min(attempts++, 20));
            long delay = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            reconnect = timers.schedule(() -> {
                synchronized (lock) {
                    connect();
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void onPacket(SocketIoConnection c, String text) {
        synchronized (lock) {
            if (c != current || text.isEmpty()) {
                return;
            }
            switch (text.charAt(0)) {
                case '0' -> {
                    JsonNode open = parse(text.substring(1));
                    c.pingWindow = open == null ? 45_000
                            : open.path("pingInterval").asLong(25_000) + open.path("pingTimeout").asLong(20_000);
                    c.send("40");
                }
                case '2' -> {
                    c.send("3");
                    if (c.connected) {
                        c.watch(c.pingWindow, "ping timeout");
                    }
                }
                case '1' -> lost(c, "closed by the server");
                case '4' -> onSocketIo(c, text.substring(1));
                default -> {
                    // 3 (pong), 6 (noop) and upgrades do not occur on a websocket-only client
                }
            }
        }
    }

    /** A Socket.IO packet in namespace "/". Caller holds the lock. */
    private void onSocketIo(SocketIoConnection c, String packet) {
        if (packet.isEmpty() || packet.length() > 1 && packet.charAt(1) == '/') {
            return; // another namespace
        }
        switch (packet.charAt(0)) {
            case '0' -> {
                c.connected = true;
                attempts = 0;
                c.watch(c.pingWindow, "ping timeout");
                pendingAcks.clear();
                rooms.forEach((room, listeners) -> {
                    if (!listeners.isEmpty()) {
                        sendJoin(c, room);
                    }
                });
            }
            case '1' -> lost(c, "disconnected by the server");
            case '4' -> {
                JsonNode error = parse(packet.substring(1));
                String message = error == null ? "connection refused" : error.path("message").asText("connection refused");
                refused = true;
                c.shutdown(false);
                current = null;
                Base44Exception refusal = new Base44Exception("Realtime connection refused: " + message, 0,
                        "CONNECT_ERROR", error, null);
                failPendingJoins(refusal);
                report(refusal);
            }
            case '2' -> onEvent(packet.substring(1));
            case '3' -> onAck(packet.substring(1));
            default -> {
                // binary events are not used by the server
            }
        }
    }

    /** {@code [name, args...]}, possibly after an ack id. Caller holds the lock. */
    private void onEvent(String body) {
        int start = body.indexOf('[');
        JsonNode array = start < 0 ? null : parse(body.substring(start));
        if (array == null || !array.isArray() || !array.path(0).isTextual()) {
            return;
        }
        String name = array.get(0).asText();
        JsonNode arg = array.path(1);
        if ("update_model".equals(name)) {
            List<Listener> listeners = rooms.get(arg.path("room").asText(""));
            if (listeners == null || listeners.isEmpty()) {
                return;
            }
            JsonNode data = arg.get("data");
            if (data == null || !data.isTextual()) {
                LOG.log(Level.WARNING, "[Base44 SDK] Failed to parse realtime message: data is not a string");
                return;
            }
            List<Listener> snapshot = new ArrayList<>(listeners);
            String payload = data.asText();
            dispatch(() -> snapshot.forEach(l -> l.deliver(payload)));
        } else if ("error".equals(name)) {
            report(new Base44Exception("Realtime error: " + (arg.isTextual() ? arg.asText() : arg.path("message").asText(arg.toString())),
                    0, "REALTIME_ERROR", arg.isMissingNode() ? null : arg, null));
        }
    }

    private void report(Base44Exception e) {
        LOG.log(Level.WARNING, e.getMessage());
        if (errorListener != null) {
            dispatch(() -> errorListener.accept(e));
        }
    }

    private void dispatch(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Realtime callback threw", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // the client is closed: no more callbacks
        }
    }

    private static String event(String name, String arg) {
        return "42" + Json.write(List.of(name, arg));
    }

    private static JsonNode parse(String json) {
        if (json.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static ScheduledExecutorService timerThread() {
        java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "homebase-sdk-realtime-timer-"));
        t.setRemoveOnCancelPolicy(true); // the ping watchdog is re-armed on every ping
        return t;
    }

    private static Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** One subscriber; identity matters (the same lambda may subscribe twice). */
    private static final class Listener {
        final Consumer<String> callback;
        final AtomicBoolean active = new AtomicBoolean(true);

        Listener(Consumer<String> callback) {
            this.callback = callback;
        }

        void deliver(String payload) {
            if (!active.get()) {
                return;
            }
            try {
                callback.accept(payload);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[Base44 SDK] Subscription callback error", e);
            }
        }
    }
}

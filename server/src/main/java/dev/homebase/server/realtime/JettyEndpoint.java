package dev.homebase.server.realtime;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.http.HttpSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint: receives Jetty 12 sessions through a Javalin WebSocket route, applies the per-connection
 * limits, checks {@code app_id}, and hands accepted sessions to Engine.IO as {@link JettyEngineIoWebSocket}s.
 * Only the {@code websocket} transport is served: the official client asks for nothing else (§17.1).
 */
final class JettyEndpoint {
    private static final Logger log = LoggerFactory.getLogger(JettyEndpoint.class);
    /** How long a refused client has to send its CONNECT before the socket is closed anyway. */
    private static final Duration REFUSAL_GRACE = Duration.ofSeconds(10);
    /**
     * Deepest JSON nesting accepted from a client. Its events are {@code ["join","room"]}; the Socket.IO parser
     * (org.json) recurses per level, so deeper input is refused before it gets there.
     */
    static final int MAX_NESTING = 32;
    /** The refusal a client with a bad token gets when such tokens are refused; the same words as a REST 401. */
    static final String INVALID_TOKEN = "Invalid or expired token";
    /** The refusal a client gets when its app already has {@link RealtimeSettings#maxConnectionsPerApp()} connections. */
    static final String APP_FULL = "Too many realtime connections to this app; try again later";

    private final EngineIoServer engine;
    private final Predicate<String> hostedApp;
    private final BiPredicate<String, String> tokenAccepted;
    private final RealtimeSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Map<String, JettyEngineIoWebSocket> open = new ConcurrentHashMap<>();
    private final Map<String, RefusedConnection> refused = new ConcurrentHashMap<>();
    /** The app of each open connection (by session id), and how many connections each app has open. */
    private final Map<String, String> appOf = new ConcurrentHashMap<>();
    private final Map<String, Integer> perApp = new ConcurrentHashMap<>();
    final LongAdder refusedCount = new LongAdder();
    final LongAdder refusedPerApp = new LongAdder();
    final LongAdder slowClientsDropped = new LongAdder();
    final LongAdder invalidTokens = new LongAdder();

    JettyEndpoint(EngineIoServer engine, Predicate<String> hostedApp, BiPredicate<String, String> tokenAccepted,
                  RealtimeSettings settings, ScheduledExecutorService scheduler) {
        this.engine = engine;
        this.hostedApp = hostedApp;
        this.tokenAccepted = tokenAccepted;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** Open WebSocket connections handed to Engine.IO. */
    int openCount() {
        return open.size();
    }

    /** Open connections to {@code appId}. */
    int openCount(String appId) {
        return perApp.getOrDefault(appId, 0);
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::onConnect);
        ws.onMessage(ctx -> onText(ctx, ctx.message()));
        ws.onBinaryMessage(ctx -> onBinary(ctx, ctx.data()));
        ws.onClose(this::onClose);
        ws.onError(ctx -> onError(ctx, ctx.error()));
    }

    private void onConnect(WsContext ctx) {
        dropHttpSession(ctx);
        Session session = ctx.session;
        session.setMaxTextMessageSize(settings.maxInboundMessageBytes());
        session.setMaxBinaryMessageSize(settings.maxInboundMessageBytes());
        // Engine.IO's own heartbeat decides liveness; Jetty's idle timeout is only a backstop behind it.
        session.setIdleTimeout(settings.pingInterval().plus(settings.pingTimeout()).plusSeconds(15));

        if (open.size() + refused.size() >= settings.maxConnections()) {
            refusedCount.increment();
            log.warn("Realtime connection refused: {} connections open", open.size() + refused.size());
            ctx.closeSession(1013, "Try again later");
            return;
        }
        String appId = ctx.queryParam("app_id");
        if (appId == null || !hostedApp.test(appId)) {
            log.debug("Realtime connection refused: unknown app_id {}", appId);
            refuse(ctx, appId == null || appId.isEmpty() ? "Missing app_id" : "App \"" + appId + "\" not found");
            return;
        }
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> { if (!v.isEmpty()) query.put(k, v.getFirst()); });
        Optional<String> token = RealtimeServer.token(query.get("token"));
        if (token.isPresent() && !tokenAccepted.test(appId, token.get())) {
            invalidTokens.increment();
            if (settings.refuseInvalidTokens()) {
                log.debug("Realtime connection refused: invalid token for app {}", appId);
                refuse(ctx, INVALID_TOKEN);
                return;
            }
            // §17.1: connected at once as anonymous; the page keeps its public events and gets the rest after setToken.
            log.debug("Realtime connection for app {} has an invalid or expired token: connected as anonymous", appId);
            query.remove("token");
        }
        if (!claimAppSlot(appId)) {
            refusedPerApp.increment();
            log.warn("Realtime connection refused: app {} has {} connections open", appId, settings.maxConnectionsPerApp());
            refuse(ctx, APP_FULL);
            return;
        }
        appOf.put(ctx.sessionId(), appId);
        // No copy of the request headers: nothing reads them after the upgrade (Engine.IO would keep them for the
        // connection's lifetime, about 1 KiB each).
        JettyEngineIoWebSocket socket = new JettyEngineIoWebSocket(session, query, Map.of(),
                settings.maxQueuedBytesPerConnection(), scheduler, slowClientsDropped::increment);
        open.put(ctx.sessionId(), socket);
        engine.handleWebSocket(socket);
    }

    /**
     * Javalin opens a servlet session on every WebSocket upgrade (to copy its attributes into the context); nothing
     * here uses it, and Jetty would keep it, with its timer, long after the connection closed.
     */
    private static void dropHttpSession(WsContext ctx) {
        try {
            HttpSession http = ctx.getUpgradeCtx$javalin().req().getSession(false);
            if (http != null) http.invalidate();
        } catch (RuntimeException e) { // already invalid, or no session support: nothing to free
            log.debug("Realtime: upgrade request's session not dropped: {}", e.toString());
        }
    }

    /** Counts one more connection to {@code appId} unless it is at its limit (atomically per app). */
    private boolean claimAppSlot(String appId) {
        boolean[] claimed = {false};
        perApp.compute(appId, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= settings.maxConnectionsPerApp()) return n;
            claimed[0] = true;
            return count + 1;
        });
        return claimed[0];
    }

    /** Forgets an open connection: no longer open, no longer counted for its app. */
    private JettyEngineIoWebSocket forget(String sessionId) {
        JettyEngineIoWebSocket socket = open.remove(sessionId);
        String appId = appOf.remove(sessionId);
        if (appId != null) perApp.computeIfPresent(appId, (k, n) -> n <= 1 ? null : n - 1);
        return socket;
    }

    /** Answers the client's CONNECT with CONNECT_ERROR {@code message} (its {@code connect_error}) and closes. */
    private void refuse(WsContext ctx, String message) {
        refusedCount.increment();
        RefusedConnection refusal = new RefusedConnection(ctx.session, message);
        refused.put(ctx.sessionId(), refusal);
        refusal.start(settings.pingInterval(), settings.pingTimeout(), scheduler, REFUSAL_GRACE);
    }

    private void onText(WsContext ctx, String text) {
        JettyEngineIoWebSocket socket = open.get(ctx.sessionId());
        if (socket != null) {
            if (nestingDepth(text) > MAX_NESTING) {
                log.debug("Realtime connection {} dropped: nesting too deep", ctx.sessionId());
                drop(ctx);
                return;
            }
            guarded(ctx, () -> socket.onText(text));
            return;
        }
        RefusedConnection refusal = refused.get(ctx.sessionId());
        if (refusal != null) refusal.onText(text);
    }

    private void onBinary(WsContext ctx, ByteBuffer data) {
        JettyEngineIoWebSocket socket = open.get(ctx.sessionId());
        if (socket != null) guarded(ctx, () -> socket.onBinary(data));
    }

    private void onClose(WsContext ctx) {
        refused.remove(ctx.sessionId());
        JettyEngineIoWebSocket socket = forget(ctx.sessionId());
        if (socket != null) guarded(ctx, socket::onClosed);
    }

    private void onError(WsContext ctx, Throwable error) {
        log.debug("Realtime WebSocket error on {}: {}", ctx.sessionId(), String.valueOf(error));
        JettyEngineIoWebSocket socket = open.get(ctx.sessionId());
        if (socket != null) guarded(ctx, () -> socket.onError(error));
    }

    /** Whatever a client sends, a failure stays inside its own connection: log it and drop that connection. */
    private void guarded(WsContext ctx, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | StackOverflowError e) {
            log.debug("Realtime connection {} dropped after a failure", ctx.sessionId(), e);
            drop(ctx);
        }
    }

    /** Ends a connection from our side: Engine.IO and Socket.IO forget it now, whatever Jetty reports later. */
    private void drop(WsContext ctx) {
        JettyEngineIoWebSocket socket = forget(ctx.sessionId());
        try {
            if (socket != null) socket.onClosed();
        } finally {
            ctx.session.disconnect();
        }
    }

    /** The answer to any plain HTTP request on the path: Engine.IO's "Transport unknown" error. */
    static void pollingRefused(Context ctx) {
        ctx.status(400).contentType("application/json").result("{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    /** The deepest bracket nesting outside JSON strings; a rough, linear scan (no parsing). */
    static int nestingDepth(String text) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    /** Closes every connection (server shutdown). */
    void closeAll() {
        open.values().forEach(JettyEngineIoWebSocket::close);
    }
}

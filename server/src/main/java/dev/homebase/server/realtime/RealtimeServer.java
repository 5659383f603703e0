package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.socketio.server.SocketIoNamespace;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoServerOptions;
import io.socket.socketio.server.SocketIoSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realtime entity events over Socket.IO v4 at {@value #PATH}/ (contract §17), on the API's port.
 *
 * <p>Clients connect with {@code app_id} (must name a hosted app, else refused at once with a Socket.IO
 * CONNECT_ERROR) and optionally {@code token}, then {@code join}/{@code leave} rooms
 * {@code entities:{appId}:{Entity}}. {@link #publish} fans an event out to those rooms as {@code update_model},
 * through a {@link SubscriberFilter} per receiving connection. Delivery is asynchronous, in publish order, on
 * {@link RealtimeSettings#dispatchThreads()} dispatch threads ({@link DispatchLanes}): each connection belongs to
 * one of them, so one event's fan-out is split over the threads while each connection keeps the publish order; a
 * slow client never delays a writer or another client.
 */
public final class RealtimeServer implements AutoCloseable {
    /** Where the official client connects (its {@code path} option, without the trailing slash). */
    public static final String PATH = "/ws-user-apps/socket.io";

    private static final Logger log = LoggerFactory.getLogger(RealtimeServer.class);
    private static final Set<String> TYPES = Set.of("create", "update", "delete");
    /** Longest room name looked at; anything longer cannot be an entity room. */
    private static final int MAX_ROOM_CHARS = 512;
    /**
     * The Socket.IO parser logs every undecodable client packet with a stack trace through java.util.logging; what
     * clients send must not flood the log, so only its severe messages pass. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger PARSER_LOG = java.util.logging.Logger.getLogger("io.socket.socketio.server.parser");

    static {
        PARSER_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final Predicate<String> hostedApp;
    private final SubscriberFilter filter;
    private final Clock clock;
    private final RealtimeSettings settings;
    private final ScheduledExecutorService scheduler;
    private final DispatchLanes lanes;
    private final EngineIoServer engine;
    private final JettyEndpoint endpoint;
    private final Rooms rooms;
    private final UpdateModelFrames frames;
    private final Map<SocketIoSocket, Subscriber> subscribers = new ConcurrentHashMap<>();
    /** At most this many events in a row are sent batched (see {@link #batchThisEvent(DispatchLanes.Lane)}). */
    private static final int MAX_BATCHED_EVENTS = 16;
    /** From this many members of an entity's rooms on, an event's frames are kept off the heap ({@link OutboundFrame#shared}). */
    private static final int MANY_MEMBERS = 32;
    private volatile boolean closed;
    private RealtimeStats lastLogged; // only the stats timer touches it

    private final LongAdder accepted = new LongAdder();
    private final LongAdder joinsRefused = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder fromOtherNodes = new LongAdder();

    /**
     * @param hostedApp whether an {@code app_id} names an app this server hosts
     * @param filter who sees which event; {@link SubscriberFilter#everyone()} until access rules are wired
     * @param clock for event timestamps
     */
    public RealtimeServer(Predicate<String> hostedApp, SubscriberFilter filter, RealtimeSettings settings, Clock clock) {
        this.hostedApp = Objects.requireNonNull(hostedApp);
        this.filter = Objects.requireNonNull(filter);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.rooms = new Rooms(settings.maxRoomsPerConnection(), settings.dispatchThreads());
        this.frames = new UpdateModelFrames(settings.maxEventBytes());
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, Thread.ofPlatform().daemon().name("realtime-timer-", 1).factory());
        // Engine.IO cancels and re-arms each connection's ping timeout on every heartbeat: without this, the cancelled
        // tasks (and what they reference) stay queued until their delay passes, several per idle connection.
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        this.lanes = new DispatchLanes(settings.dispatchThreads(), settings.dispatchQueueCapacity());

        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
        options.setPingInterval(settings.pingInterval().toMillis());
        options.setPingTimeout(settings.pingTimeout().toMillis());
        options.setCorsHandlingDisabled(true); // CORS matters to HTTP polling only, which is not served
        options.setScheduledExecutorService(scheduler);
        this.engine = new EngineIoServer(options);
        SocketIoServer io = new SocketIoServer(engine, SocketIoServerOptions.newFromDefault().setConnectionTimeout(20_000));
        SocketIoNamespace root = io.namespace("/");
        root.on("connection", args -> onConnection((SocketIoSocket) args[0]));
        this.endpoint = new JettyEndpoint(engine, hostedApp, filter::acceptsToken, settings, scheduler);

        long every = settings.statsLogInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::logStats, every, every, TimeUnit.MILLISECONDS);
    }

    /** A server with the default limits, the system clock and no per-subscriber filtering. */
    public static RealtimeServer create(Predicate<String> hostedApp) {
        return new RealtimeServer(hostedApp, SubscriberFilter.everyone(), RealtimeSettings.defaults(), Clock.systemUTC());
    }

    /** Mounts the WebSocket endpoint; call inside {@code Javalin.create(config -> ...)}. */
    public void install(JavalinConfig config) {
        config.jetty.modifyServletContextHandler(RealtimeServer::withoutCompression);
        List<String> paths = config.router.ignoreTrailingSlashes ? List.of(PATH) : List.of(PATH, PATH + "/");
        for (String path : paths) {
            config.routes.ws(path, endpoint::configure);
            // HTTP long-polling is not served: answer as Engine.IO does for a transport it does not offer, so a
            // client configured for polling fails clearly instead of getting the app's site.
            config.routes.get(path, JettyEndpoint::pollingRefused);
            config.routes.post(path, JettyEndpoint::pollingRefused);
        }
    }

    /**
     * Turns off the {@code permessage-deflate} WebSocket extension, as Socket.IO's own server has it by default: with
     * it, every connection holds a zlib compressor (about 256 KiB of native memory) and compresses each event
     * separately, so the same packet could not be shared by a room's members. The official client works either way.
     */
    private static void withoutCompression(ServletContextHandler handler) {
        handler.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                WebSocketComponents components = WebSocketServerComponents.getWebSocketComponents(handler);
                if (components == null) {
                    log.warn("Realtime: WebSocket compression left on (no WebSocket components in the context)");
                    return;
                }
                components.getExtensionRegistry().unregister("permessage-deflate");
            }
        });
    }

    /**
     * Sends one entity event to every connection in the entity's rooms of this app (matching the entity name
     * case-insensitively, §17.4) that the filter lets see it. Returns at once; call it after the write committed,
     * once per affected record. Never throws for delivery problems.
     *
     * @param entity the entity name as the API resolved it
     * @param type {@code create}, {@code update} or {@code delete}
     * @param record the record after the change (for a delete, its last state), as the API returns it; copied
     * @param id the record id; null to take {@code record.id}
     * @throws IllegalArgumentException for another type
     */
    public void publish(String appId, String entity, String type, ObjectNode record, String id) {
        publish(appId, entity, type, record, id, clock.instant());
    }

    /**
     * Like {@link #publish(String, String, String, ObjectNode, String)} for a change committed at {@code at} (the
     * event's {@code timestamp}); for events relayed from another node.
     */
    public void publish(String appId, String entity, String type, ObjectNode record, String id, Instant at) {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(record, "record");
        if (!TYPES.contains(type)) throw new IllegalArgumentException("Unknown realtime event type " + type);
        if (closed) return;
        published.increment();
        if (!rooms.hasMembers(appId, entity)) return; // nobody listening: the common case, nothing to copy
        String timestamp = UpdateModelFrames.timestamp(at);
        ObjectNode copy = record.deepCopy();
        String recordId = id != null ? id : copy.path("id").asText(null);
        EventFanOut shared = new EventFanOut();
        if (!lanes.submit(lane -> deliver(lane, shared, appId, entity, type, copy, recordId, timestamp))) {
            dropped.increment();
            long n = dropped.sum();
            if (n == 1 || n % 1000 == 0) { // a burst must not flood the log as well
                log.warn("Realtime events dropped ({} so far; last {} {} {}): dispatch queue full", n, appId, entity, type);
            }
        }
    }

    /**
     * A user of {@code appId} changed and the change committed (a role, their fields, disabled, deleted, a new
     * password): the connections acting for them resolve their token again at the next event, so what they receive
     * follows the change at once (a token that no longer verifies counts as none, as at the handshake, §17.1). Runs
     * on every dispatch thread, for its own connections, in order with the events; returns at once.
     */
    public void userChanged(String appId, String userId) {
        if (closed) return;
        if (!lanes.submit(lane -> forgetActingFor(appId, userId, lane.index()))) {
            forgetActingFor(appId, userId, -1); // queue full: forgetting now, off the lanes, beats keeping the old user
        }
    }

    /**
     * The connections of {@code appId} acting for {@code userId} forget who they act for: those of {@code lane}, or of
     * every lane when it is -1.
     */
    private void forgetActingFor(String appId, String userId, int lane) {
        for (Subscriber s : subscribers.values()) {
            if ((lane < 0 || s.lane() == lane) && s.appId().equals(appId) && filter.actsFor(s, userId)) s.forget();
        }
    }

    /**
     * Sends {@code update_model} with this exact {@code room} and {@code data} (a JSON text) to every connection in
     * a conversation room of {@code appId} (§17.4; who may join was decided at the join). Returns at once; never
     * throws for delivery problems.
     *
     * @throws IllegalArgumentException for a room that is not a conversation room
     */
    public void publishToRoom(String appId, String room, String data) {
        Rooms.Key key = Rooms.parse(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(room, "room"));
        if (key == null || !key.isConversation()) throw new IllegalArgumentException("Not a conversation room: " + room);
        Objects.requireNonNull(data, "data");
        if (closed) return;
        published.increment();
        if (!rooms.hasMembers(key)) return;
        OutboundFrame frame = OutboundFrame.of(UpdateModelFrames.roomPacket(room, data));
        boolean queued = lanes.submit(lane -> {
            long sent = 0;
            for (Rooms.Member member : rooms.members(key, lane.index())) {
                try {
                    member.subscriber().send(frame, false);
                    sent++;
                } catch (RuntimeException e) {
                    log.debug("Realtime delivery to {} failed", member.subscriber(), e);
                }
            }
            delivered.add(sent);
            flushBatched(lane);
        });
        if (!queued) dropped.increment();
    }

    /** The filter deciding who sees what (for tests that compare grouped with per-connection evaluation). */
    SubscriberFilter filter() {
        return filter;
    }

    /** The connected subscriber with this Socket.IO socket id, if any. */
    Optional<Subscriber> subscriber(String socketId) {
        return subscribers.values().stream().filter(s -> s.id().equals(socketId)).findFirst();
    }

    /** Counts an event that came from another node (its {@link #publish} follows). */
    void countFromOtherNode() {
        fromOtherNodes.increment();
    }

    /** A snapshot of the counters. */
    public RealtimeStats stats() {
        return new RealtimeStats(subscribers.size(), accepted.sum(), endpoint.refusedCount.sum(), endpoint.refusedPerApp.sum(),
                endpoint.slowClientsDropped.sum(), rooms.memberships(), joinsRefused.sum(), published.sum(),
                dropped.sum(), filtered.sum(), delivered.sum(), endpoint.invalidTokens.sum(), fromOtherNodes.sum());
    }

    /** Open connections to one app (the number its {@link RealtimeSettings#maxConnectionsPerApp()} limits). */
    public int connections(String appId) {
        return endpoint.openCount(appId);
    }

    /**
     * The counters for operators, as JSON: this node's {@link #stats()} (snake_case), {@code app_connections} open to
     * {@code appId}, and the limits in force.
     */
    public ObjectNode metrics(String appId) {
        RealtimeStats s = stats();
        ObjectNode out = dev.homebase.server.internal.Json.object();
        out.put("connections", s.connections());
        out.put("app_connections", connections(appId));
        out.put("room_memberships", s.roomMemberships());
        out.put("events_published", s.eventsPublished());
        out.put("frames_delivered", s.framesDelivered());
        out.put("events_filtered", s.eventsFiltered());
        out.put("events_dropped", s.eventsDropped());
        out.put("events_from_other_nodes", s.eventsFromOtherNodes());
        out.put("connections_accepted", s.connectionsAccepted());
        out.put("connections_refused", s.connectionsRefused());
        out.put("connections_refused_app_limit", s.connectionsRefusedPerApp());
        out.put("slow_clients_dropped", s.slowClientsDropped());
        out.put("joins_refused", s.joinsRefused());
        out.put("invalid_tokens", s.invalidTokens());
        ObjectNode limits = out.putObject("limits");
        limits.put("max_connections", settings.maxConnections());
        limits.put("max_connections_per_app", settings.maxConnectionsPerApp());
        limits.put("max_rooms_per_connection", settings.maxRoomsPerConnection());
        limits.put("ping_interval_ms", settings.pingInterval().toMillis());
        limits.put("ping_timeout_ms", settings.pingTimeout().toMillis());
        return out;
    }

    /** The limits and timers this server runs with. */
    public RealtimeSettings settings() {
        return settings;
    }

    /** One INFO line with the counters when anything happened since the last one; a quiet server stays quiet. */
    private void logStats() {
        RealtimeStats now = stats();
        if (now.activeSince(lastLogged)) {
            log.info("Realtime: {} connections, {} room joins, events published {}, frames delivered {}, withheld by rules {}, "
                            + "dropped {}; from other nodes {}; connections accepted {}, refused {} ({} over an app's limit), slow dropped {}; invalid tokens {}",
                    now.connections(), now.roomMemberships(), now.eventsPublished(), now.framesDelivered(), now.eventsFiltered(),
                    now.eventsDropped(), now.eventsFromOtherNodes(), now.connectionsAccepted(), now.connectionsRefused(),
                    now.connectionsRefusedPerApp(), now.slowClientsDropped(), now.invalidTokens());
        }
        lastLogged = now;
    }

    /** Stops delivery and closes every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        lanes.close(2, TimeUnit.SECONDS);
        endpoint.closeAll();
        engine.shutdown();
        scheduler.shutdownNow();
    }

    /**
     * Delivers one event to the members of an entity's rooms that belong to {@code lane}. Subscribers are grouped by
     * {@link SubscriberFilter#groupKey}: the filter runs once per group for the event (whichever lane meets the group
     * first asks, the others reuse its answer through {@code shared}), and each distinct (shape, room) packet is
     * encoded once, Engine.IO prefix and UTF-8 included, and the same bytes sent to every member that gets it.
     */
    private void deliver(DispatchLanes.Lane lane, EventFanOut shared, String appId, String entity, String type,
                         ObjectNode record, String id, String timestamp) {
        boolean batch = batchThisEvent(lane);
        List<Rooms.Member> members = rooms.members(appId, entity, lane.index());
        boolean manyMembers = members.size() * lanes.count() >= MANY_MEMBERS;
        Object lastGroup = null; // consecutive members mostly share a group key instance: skip the map for them
        Optional<ObjectNode> lastVerdict = null;
        Map<ObjectNode, Map<String, OutboundFrame>> packets = new IdentityHashMap<>(); // shape -> room -> frame
        long sent = 0;
        long withheld = 0;
        for (Rooms.Member member : members) {
            Subscriber s = member.subscriber();
            Object group = s.cachedGroupKey();
            Optional<ObjectNode> visible;
            if (group != null && group == lastGroup) {
                visible = lastVerdict;
            } else {
                visible = verdict(s, shared, appId, entity, type, record);
                lastGroup = s.cachedGroupKey();
                lastVerdict = visible;
            }
            if (visible.isEmpty()) {
                withheld++;
                continue;
            }
            ObjectNode data = visible.get();
            Map<String, OutboundFrame> byRoom = packets.computeIfAbsent(data, d -> new HashMap<>());
            for (String room : member.rooms()) {
                OutboundFrame frame = byRoom.get(room);
                if (frame == null) {
                    frame = shared.frame(data, room, r -> manyMembers
                            ? OutboundFrame.shared(frames.packet(r, type, data, id, timestamp))
                            : OutboundFrame.of(frames.packet(r, type, data, id, timestamp)));
                    byRoom.put(room, frame);
                }
                try {
                    if (s.send(frame, batch)) lane.unflushed.add(s);
                    sent++;
                } catch (RuntimeException e) { // one broken connection must not cost the others their event
                    log.debug("Realtime delivery to {} failed", s, e);
                }
            }
        }
        delivered.add(sent);
        filtered.add(withheld);
        if (!batch) flushBatched(lane);
    }

    /**
     * Whether this event's frames may wait in Jetty's batch buffers: only while more work is queued behind it on this
     * lane (a burst), and for at most {@link #MAX_BATCHED_EVENTS} events in a row. The next event sent unbatched, or
     * {@link #flushBatched}, writes them; so one socket write carries several events, and with nothing queued every
     * frame is written at once, as before. The lane's own thread only.
     */
    private static boolean batchThisEvent(DispatchLanes.Lane lane) {
        boolean batch = lane.moreQueued() && lane.batchedInARow < MAX_BATCHED_EVENTS;
        lane.batchedInARow = batch ? lane.batchedInARow + 1 : 0;
        return batch;
    }

    /** Writes every batched frame still waiting on this lane (connections that got no unbatched frame since). */
    private static void flushBatched(DispatchLanes.Lane lane) {
        for (Subscriber s : lane.unflushed) {
            try {
                s.flushBatch();
            } catch (RuntimeException e) {
                log.debug("Realtime flush to {} failed", s, e);
            }
        }
        lane.unflushed.clear();
    }

    /**
     * What the subscriber's group sees of the record: from the verdicts the lanes share for this event, else asked of
     * the filter (once per group and event, for the first member any lane meets).
     */
    private Optional<ObjectNode> verdict(Subscriber s, EventFanOut shared, String appId, String entity, String type,
                                         ObjectNode record) {
        Object group;
        try {
            group = s.groupKey(filter);
        } catch (RuntimeException e) {
            log.warn("Realtime filter failed for {}; event withheld", s, e);
            return Optional.empty();
        }
        if (group == null) group = s; // no key: a group of one
        return shared.verdict(group, () -> {
            try {
                Optional<ObjectNode> answer = filter.visible(s, appId, entity, type, record);
                return answer != null ? answer : Optional.empty();
            } catch (RuntimeException e) {
                log.warn("Realtime filter failed for {}; event withheld", s, e);
                return Optional.empty();
            }
        });
    }

    private void onConnection(SocketIoSocket socket) {
        Map<String, String> query = socket.getInitialQuery();
        String appId = query.get("app_id");
        if (appId == null || !hostedApp.test(appId)) { // the endpoint refuses these before Engine.IO; belt and braces
            socket.disconnect(true);
            return;
        }
        Subscriber s = new Subscriber(socket, appId, token(query.get("token")),
                Optional.ofNullable(query.get("anonymous_id")).filter(v -> !v.isEmpty()), clock.instant());
        s.assignLane(lanes.assign());
        subscribers.put(socket, s);
        rooms.add(s);
        accepted.increment();
        socket.on("join", args -> onJoin(s, args));
        socket.on("leave", args -> onLeave(s, args));
        socket.on("disconnect", args -> {
            rooms.remove(s);
            subscribers.remove(socket);
        });
        log.debug("Realtime connected {}", s);
    }

    private void onJoin(Subscriber s, Object[] args) {
        String room = roomArg(args);
        Rooms.JoinResult result = room == null ? Rooms.JoinResult.REFUSED_NAME
                : mayJoin(s, room) ? rooms.join(s, room) : Rooms.JoinResult.REFUSED_ACCESS;
        String refusal = switch (result) {
            case JOINED, ALREADY_JOINED -> null;
            case REFUSED_NAME -> {
                joinsRefused.increment();
                log.debug("Realtime join ignored for {}: not a room of its app: {}", s, room);
                yield "not a room of this app";
            }
            case REFUSED_ACCESS -> {
                joinsRefused.increment();
                log.debug("Realtime join ignored for {}: not allowed in {}", s, room);
                yield "not allowed in this room";
            }
            case REFUSED_LIMIT -> {
                joinsRefused.increment();
                log.debug("Realtime join ignored for {}: {} rooms already", s, settings.maxRoomsPerConnection());
                yield "too many rooms on this connection (at most " + settings.maxRoomsPerConnection() + ")";
            }
        };
        // A client that asks for an acknowledgement (the Java SDK; the JavaScript client does not) learns that the
        // room is joined, so a change made after it is delivered, or why it was refused.
        if (args.length > 0 && args[args.length - 1] instanceof SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack) {
            org.json.JSONObject answer = new org.json.JSONObject().put("ok", refusal == null);
            if (refusal != null) answer.put("reason", refusal);
            ack.sendAcknowledgement(answer);
        }
    }

    /** Entity rooms are open to every connection of the app (events are filtered per record); other rooms ask the filter. */
    private boolean mayJoin(Subscriber s, String room) {
        Rooms.Key key = Rooms.parse(s.appId(), room);
        if (key == null || !key.isConversation()) return true; // Rooms refuses what is not a room of the app
        try {
            return filter.mayJoin(s, s.appId(), room);
        } catch (RuntimeException e) {
            log.warn("Realtime room check failed for {}; join refused", s, e);
            return false;
        }
    }

    private void onLeave(Subscriber s, Object[] args) {
        String room = roomArg(args);
        if (room != null) rooms.leave(s, room);
    }

    private static String roomArg(Object[] args) {
        return args.length > 0 && args[0] instanceof String room && room.length() <= MAX_ROOM_CHARS ? room : null;
    }

    /** The SDK sends {@code token=null} or {@code token=undefined} when it has none (§17.1). */
    static Optional<String> token(String raw) {
        if (raw == null) return Optional.empty();
        String t = raw.strip();
        return t.isEmpty() || t.equals("null") || t.equals("undefined") ? Optional.empty() : Optional.of(t);
    }
}

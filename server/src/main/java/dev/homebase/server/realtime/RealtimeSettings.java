package dev.homebase.server.realtime;

import java.time.Duration;

/**
 * Limits and timers of the realtime endpoint. Immutable; {@link #defaults()} is what the server runs with.
 *
 * @param pingInterval how often the server pings each client (Engine.IO v4: the server pings, the client pongs)
 * @param pingTimeout how long a client may take to pong before it is dropped; together with the interval this is the
 *     slack a slow or backgrounded browser tab gets
 * @param maxRoomsPerConnection joins past this many rooms on one connection are ignored
 * @param maxInboundMessageBytes largest WebSocket message a client may send (joins and leaves are tiny); a larger one
 *     closes that connection only
 * @param maxEventBytes the transport cap for one {@code update_model} frame; a larger event is slimmed (§17.4)
 * @param maxQueuedBytesPerConnection characters of frames waiting to be written to one client (about bytes); a client
 *     this far behind is disconnected (it reconnects and re-joins) instead of holding memory without bound. Bursts
 *     (a bulk create sends one event per record) must fit, so this is a size, not a frame count
 * @param maxConnections connections over this number are closed before the handshake (the client retries later)
 * @param maxConnectionsPerApp connections to one app over this number are refused at the handshake with a
 *     {@code connect_error}, so one app cannot take all of {@code maxConnections} (a value above that changes nothing)
 * @param dispatchQueueCapacity events waiting for delivery; past this, events are dropped and counted
 * @param statsLogInterval how often the counters are logged (INFO when there was activity since the last line)
 * @param refuseInvalidTokens whether a present token that does not verify for the app (invalid, expired, revoked,
 *     another app's) is refused at the handshake with a {@code connect_error}. Off by default: §17.1 chooses to
 *     connect such a client as anonymous at once, because the official client never retries a refused connection
 *     and an expired token would silently end realtime for the page
 * @param dispatchThreads threads that send events to connections ({@link DispatchLanes}); each connection belongs to
 *     one of them, so one event's fan-out to a large room is split over them. Default: the available processors
 */
public record RealtimeSettings(
        Duration pingInterval,
        Duration pingTimeout,
        int maxRoomsPerConnection,
        long maxInboundMessageBytes,
        int maxEventBytes,
        long maxQueuedBytesPerConnection,
        int maxConnections,
        int maxConnectionsPerApp,
        int dispatchQueueCapacity,
        Duration statsLogInterval,
        boolean refuseInvalidTokens,
        int dispatchThreads) {

    public RealtimeSettings {
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("ping interval and timeout must be positive");
        }
        if (maxRoomsPerConnection < 1 || maxInboundMessageBytes < 64 || maxEventBytes < 1024
                || maxQueuedBytesPerConnection < 1 || maxConnections < 1 || maxConnectionsPerApp < 1
                || dispatchQueueCapacity < 1 || dispatchThreads < 1) {
            throw new IllegalArgumentException("realtime limits must be positive");
        }
        if (statsLogInterval.isNegative() || statsLogInterval.isZero()) {
            throw new IllegalArgumentException("stats log interval must be positive");
        }
    }

    /** Settings with the default number of {@link #dispatchThreads()}. */
    public RealtimeSettings(Duration pingInterval, Duration pingTimeout, int maxRoomsPerConnection, long maxInboundMessageBytes,
                            int maxEventBytes, long maxQueuedBytesPerConnection, int maxConnections, int maxConnectionsPerApp,
                            int dispatchQueueCapacity, Duration statsLogInterval, boolean refuseInvalidTokens) {
        this(pingInterval, pingTimeout, maxRoomsPerConnection, maxInboundMessageBytes, maxEventBytes, maxQueuedBytesPerConnection,
                maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, statsLogInterval, refuseInvalidTokens,
                defaultDispatchThreads());
    }

    /** One dispatch thread per available processor. */
    public static int defaultDispatchThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The values the server runs with: the Socket.IO defaults for the timers, 1 MB events (§17.4), 10,000 connections
     * in all and per app (set the per-app limit lower when one server hosts several apps).
     */
    public static RealtimeSettings defaults() {
        return new RealtimeSettings(
                Duration.ofSeconds(25), Duration.ofSeconds(20), 100, 16 * 1024, 1_000_000, 16L * 1024 * 1024, 10_000, 10_000, 10_000,
                Duration.ofMinutes(1), false);
    }

    /** A copy with another transport cap for one event. */
    public RealtimeSettings withMaxEventBytes(int bytes) {
        return new RealtimeSettings(pingInterval, pingTimeout, maxRoomsPerConnection, maxInboundMessageBytes, bytes,
                maxQueuedBytesPerConnection, maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, statsLogInterval,
                refuseInvalidTokens, dispatchThreads);
    }

    /** A copy with other ping timers. */
    public RealtimeSettings withPing(Duration interval, Duration timeout) {
        return new RealtimeSettings(interval, timeout, maxRoomsPerConnection, maxInboundMessageBytes, maxEventBytes,
                maxQueuedBytesPerConnection, maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, statsLogInterval,
                refuseInvalidTokens, dispatchThreads);
    }

    /** A copy that refuses (true) or connects as anonymous (false) a handshake whose token does not verify. */
    public RealtimeSettings withRefuseInvalidTokens(boolean refuse) {
        return new RealtimeSettings(pingInterval, pingTimeout, maxRoomsPerConnection, maxInboundMessageBytes, maxEventBytes,
                maxQueuedBytesPerConnection, maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, statsLogInterval,
                refuse, dispatchThreads);
    }

    /** A copy that logs the counters this often. */
    public RealtimeSettings withStatsLogInterval(Duration every) {
        return new RealtimeSettings(pingInterval, pingTimeout, maxRoomsPerConnection, maxInboundMessageBytes, maxEventBytes,
                maxQueuedBytesPerConnection, maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, every,
                refuseInvalidTokens, dispatchThreads);
    }

    /** A copy with other connection limits: {@code total} on this node, {@code perApp} to any one app. */
    public RealtimeSettings withConnectionLimits(int total, int perApp) {
        return new RealtimeSettings(pingInterval, pingTimeout, maxRoomsPerConnection, maxInboundMessageBytes, maxEventBytes,
                maxQueuedBytesPerConnection, total, perApp, dispatchQueueCapacity, statsLogInterval,
                refuseInvalidTokens, dispatchThreads);
    }

    /** A copy that lets one connection join at most {@code rooms} rooms. */
    public RealtimeSettings withMaxRoomsPerConnection(int rooms) {
        return new RealtimeSettings(pingInterval, pingTimeout, rooms, maxInboundMessageBytes, maxEventBytes,
                maxQueuedBytesPerConnection, maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, statsLogInterval,
                refuseInvalidTokens, dispatchThreads);
    }

    /** A copy that sends events on {@code threads} dispatch threads. */
    public RealtimeSettings withDispatchThreads(int threads) {
        return new RealtimeSettings(pingInterval, pingTimeout, maxRoomsPerConnection, maxInboundMessageBytes, maxEventBytes,
                maxQueuedBytesPerConnection, maxConnections, maxConnectionsPerApp, dispatchQueueCapacity, statsLogInterval,
                refuseInvalidTokens, threads);
    }
}

package dev.homebase.server.realtime;

/**
 * Counters of the realtime endpoint since start; a snapshot.
 *
 * @param connections connections open now
 * @param connectionsAccepted connections accepted (Socket.IO connected) in all
 * @param connectionsRefused connections refused (unknown app, bad token when refused, or too many open)
 * @param connectionsRefusedPerApp of those, connections refused because their app was at its own limit
 * @param slowClientsDropped connections closed because writing to them failed or fell too far behind
 * @param roomMemberships joined rooms now, summed over connections
 * @param joinsRefused joins ignored: bad room name, another app's room, or the per-connection limit
 * @param eventsPublished events handed to {@link RealtimeServer#publish}
 * @param eventsDropped events lost because the dispatch queue was full
 * @param eventsFiltered deliveries withheld by the {@link SubscriberFilter}
 * @param framesDelivered {@code update_model} frames queued to clients
 * @param invalidTokens handshakes whose token did not verify (connected as anonymous, or refused)
 * @param eventsFromOtherNodes events received from other nodes over the event bus (included in {@code eventsPublished})
 */
public record RealtimeStats(
        int connections,
        long connectionsAccepted,
        long connectionsRefused,
        long connectionsRefusedPerApp,
        long slowClientsDropped,
        int roomMemberships,
        long joinsRefused,
        long eventsPublished,
        long eventsDropped,
        long eventsFiltered,
        long framesDelivered,
        long invalidTokens,
        long eventsFromOtherNodes) {

    /**
     * Whether anything happened between {@code earlier} and this snapshot (connections, joins, events); with
     * {@code earlier} null, whether anything happened since start.
     */
    public boolean activeSince(RealtimeStats earlier) {
        if (earlier == null) return connections > 0 || connectionsAccepted > 0 || connectionsRefused > 0 || eventsPublished > 0;
        return connections != earlier.connections || connectionsAccepted != earlier.connectionsAccepted
                || connectionsRefused != earlier.connectionsRefused || roomMemberships != earlier.roomMemberships
                || eventsPublished != earlier.eventsPublished || framesDelivered != earlier.framesDelivered;
    }
}

package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.EventBus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realtime across nodes: a committed change is delivered to this node's subscribers and sent over the
 * {@link EventBus} to the other nodes, which deliver it to theirs through the same {@link SubscriberFilter} (the
 * rules are applied by the receiving node, per subscriber). The bus never echoes a node's own events, so each event
 * reaches each subscriber once. The event keeps the time of its commit as {@code timestamp} on every node.
 *
 * <p>Message: {@code {"app","entity","type","id","at"(epoch millis),"record"}} as JSON text.
 */
public final class NodeRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRelay.class);

    /**
     * When a record write tells the other nodes ({@code HOMEBASE_REALTIME_NOTIFY}).
     *
     * <p>NB: {@code pg_notify} in a transaction makes PostgreSQL take its notification-queue lock at commit and hold it
     * through the commit's log flush, so notifying write transactions commit one at a time: measured on 2 cores with
     * 8 and 32 writers, 3 to 10 times fewer commits per second than the same writes without it. Hence the default.
     */
    public enum Timing {
        /** {@code transaction}: inside the write's transaction (delivered at its commit, never after a rollback). */
        IN_TRANSACTION,
        /** {@code after-commit} (default): right after the commit, batched by the bus's sender, off the request. */
        AFTER_COMMIT;

        /** {@code HOMEBASE_REALTIME_NOTIFY} from {@code env}; an unknown value is logged and the default used. */
        public static Timing fromEnvironment(java.util.function.Function<String, String> env) {
            String raw = env.apply("HOMEBASE_REALTIME_NOTIFY");
            if (raw == null || raw.isBlank() || raw.strip().equalsIgnoreCase("after-commit")) return AFTER_COMMIT;
            if (raw.strip().equalsIgnoreCase("transaction")) return IN_TRANSACTION;
            log.warn("HOMEBASE_REALTIME_NOTIFY={} is not transaction or after-commit; using after-commit", raw);
            return AFTER_COMMIT;
        }
    }

    private final RealtimeServer realtime;
    private final EventBus bus;
    private final Clock clock;

    /** Subscribes to {@code bus}; closing the relay closes the bus. */
    public NodeRelay(RealtimeServer realtime, EventBus bus, Clock clock) {
        this.realtime = Objects.requireNonNull(realtime);
        this.bus = Objects.requireNonNull(bus);
        this.clock = Objects.requireNonNull(clock);
        bus.subscribe(this::fromOtherNode);
    }

    /**
     * One committed change (after its transaction committed): delivered here and sent to the other nodes. Returns at
     * once. Arguments as for {@link RealtimeServer#publish(String, String, String, ObjectNode, String)}.
     */
    public void publish(String appId, String entity, String type, ObjectNode record, String id) {
        Instant at = clock.instant();
        realtime.publish(appId, entity, type, record, id, at);
        if (bus.reachesOtherNodes()) bus.publish(message(appId, entity, type, record, id, at));
    }

    /**
     * One change inside its write transaction on {@code c}: the other nodes are told in that transaction (they hear it
     * when it commits); returns the delivery to this node's subscribers, to run once it committed.
     *
     * @throws SQLException when the database refuses the notification (the write rolls back)
     */
    public Runnable publishIn(Connection c, String appId, String entity, String type, ObjectNode record, String id)
            throws SQLException {
        Instant at = clock.instant();
        if (bus.reachesOtherNodes()) bus.publish(c, message(appId, entity, type, record, id, at));
        return () -> realtime.publish(appId, entity, type, record, id, at);
    }

    private static String message(String appId, String entity, String type, ObjectNode record, String id, Instant at) {
        ObjectNode message = Json.object();
        message.put("app", appId);
        message.put("entity", entity);
        message.put("type", type);
        message.put("id", id);
        message.put("at", at.toEpochMilli());
        message.set("record", record);
        return Json.write(message);
    }

    /**
     * A change of an agent conversation: delivered to this node's members of {@code room} and sent to the other
     * nodes ({@code {"app","room","payload"}}). Arguments as for {@link RealtimeServer#publishToRoom}.
     */
    public void publishToRoom(String appId, String room, String data) {
        realtime.publishToRoom(appId, room, data);
        ObjectNode message = Json.object();
        message.put("app", appId);
        message.put("room", room);
        message.put("payload", data);
        bus.publish(Json.write(message));
    }

    private void fromOtherNode(String text) {
        JsonNode m;
        try {
            m = Json.parse(text);
        } catch (IOException e) {
            log.warn("Realtime: unreadable event from another node ignored");
            return;
        }
        if (m.path("room").isTextual() && m.path("payload").isTextual() && m.path("app").isTextual()) {
            realtime.countFromOtherNode();
            try {
                realtime.publishToRoom(m.get("app").asText(), m.get("room").asText(), m.get("payload").asText());
            } catch (IllegalArgumentException e) {
                log.warn("Realtime: room event from another node ignored: {}", e.getMessage());
            }
            return;
        }
        if (!(m.get("record") instanceof ObjectNode record) || !m.path("app").isTextual() || !m.path("entity").isTextual()) {
            log.warn("Realtime: malformed event from another node ignored");
            return;
        }
        realtime.countFromOtherNode();
        try {
            realtime.publish(m.get("app").asText(), m.get("entity").asText(), m.path("type").asText(), record,
                    m.path("id").asText(null), Instant.ofEpochMilli(m.path("at").asLong(clock.millis())));
        } catch (IllegalArgumentException e) {
            log.warn("Realtime: event from another node ignored: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        bus.close();
    }
}

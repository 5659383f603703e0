package dev.homebase.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several kinds of message over one {@link EventBus}: each {@link #topic(String) topic} is a bus of its own for its
 * users (realtime changes, user changes), sharing the one listening connection. A message travels as
 * {@code topic + ":" + message}. Thread-safe.
 *
 * <pre>{@code
 * EventTopics topics = new EventTopics(EventBus.open(db, nodeId));
 * EventBus users = topics.topic("user");
 * users.subscribe(message -> ...);
 * }</pre>
 */
public final class EventTopics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventTopics.class);

    private final EventBus bus;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();

    /** Takes over {@code bus}: closing the topics closes it. */
    public EventTopics(EventBus bus) {
        this.bus = bus;
        bus.subscribe(this::dispatch);
    }

    /**
     * The bus of one topic: what it publishes reaches the same topic on the other nodes. Closing it closes the shared
     * bus (the owner of the topics closes them once).
     *
     * @param name letters only
     */
    public EventBus topic(String name) {
        if (!name.chars().allMatch(Character::isLetter)) throw new IllegalArgumentException("topic names are letters");
        String prefix = name + ":";
        return new EventBus() {
            @Override
            public boolean reachesOtherNodes() {
                return bus.reachesOtherNodes();
            }

            @Override
            public void publish(String message) {
                bus.publish(prefix + message);
            }

            @Override
            public void publish(Connection c, String message) throws SQLException {
                bus.publish(c, prefix + message);
            }

            @Override
            public Acks publishAcknowledged(Connection c, String message) throws SQLException {
                return bus.publishAcknowledged(c, prefix + message);
            }

            @Override
            public void subscribe(Consumer<String> handler) {
                handlers.put(name, handler);
            }

            @Override
            public void close() {
                bus.close();
            }
        };
    }

    private void dispatch(String message) {
        int colon = message.indexOf(':');
        Consumer<String> handler = colon > 0 ? handlers.get(message.substring(0, colon)) : null;
        if (handler == null) {
            log.debug("Event bus: a message for no topic here ignored");
            return;
        }
        handler.accept(message.substring(colon + 1));
    }

    @Override
    public void close() {
        bus.close();
    }
}

package dev.homebase.server.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.postgres.PostgresEventBus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Carries committed-change events between the Homebase nodes that share one database (architecture §4), as opaque
 * text messages. A node delivers its own events locally without the bus; the bus brings it the events of the other
 * nodes, each once, in the order they were sent.
 *
 * <p>On SQLite there is one node, so the bus is {@link #inProcess()} and carries nothing. On PostgreSQL it is
 * {@link PostgresEventBus} (LISTEN/NOTIFY). Delivery is best effort: events sent while a node's listening connection is
 * down are not replayed to it.
 *
 * <pre>{@code
 * EventBus bus = EventBus.open(db, nodeId);
 * bus.subscribe(message -> ...);   // messages from the other nodes
 * bus.publish(message);            // after a commit; returns at once
 * bus.publish(connection, message); // inside a write transaction: sent when it commits
 * }</pre>
 */
public interface EventBus extends AutoCloseable {

    /** Whether anything sent here can reach another node (false for the in-process bus: nothing to prepare). */
    default boolean reachesOtherNodes() {
        return true;
    }

    /** Sends {@code message} to every other node. Returns at once; never throws for delivery problems. */
    void publish(String message);

    /**
     * Sends {@code message} to every other node as part of the transaction {@code c} belongs to: they hear it when
     * that transaction commits, and never when it rolls back (PostgreSQL: {@code pg_notify} on {@code c}, plus the
     * row of a large message, in the same transaction). No second transaction. The in-process bus sends nothing.
     *
     * @throws SQLException when the database refuses it (the caller's transaction then rolls back)
     */
    default void publish(Connection c, String message) throws SQLException {}

    /** Waits until the other nodes handled a message sent by {@link #publishAcknowledged}. */
    @FunctionalInterface
    interface Acks {
        /** Nothing to wait for. */
        Acks NONE = max -> { };

        /** Waits at most {@code max}; returns early once every node acknowledged (never throws). */
        void await(Duration max);
    }

    /**
     * Like {@link #publish(Connection, String)}, and returns what waits, once the transaction committed, until every
     * other node listening now has handled the message (each acknowledges it after its handler returned). For changes
     * the next request on any node must see, such as a user's new role or deletion; call it for rare changes only.
     * The in-process bus has nobody to wait for.
     *
     * @throws SQLException when the database refuses it (the caller's transaction then rolls back)
     */
    default Acks publishAcknowledged(Connection c, String message) throws SQLException {
        publish(c, message);
        return Acks.NONE;
    }

    /** Sets who receives the other nodes' messages (one handler; called on the bus's own thread, in order). */
    void subscribe(Consumer<String> handler);

    /** Stops sending and listening. Idempotent. */
    @Override
    void close();

    /** The bus for the database: LISTEN/NOTIFY on PostgreSQL, in-process (no other nodes) on SQLite. */
    static EventBus open(Database db, String nodeId) {
        if (db.dialect() instanceof PostgresDialect && db.dataSource() instanceof HikariDataSource pool) {
            return new PostgresEventBus(db, pool.getJdbcUrl(), nodeId);
        }
        return inProcess();
    }

    /** A single node's bus: there is nobody else to tell, and nobody else to hear from. */
    static EventBus inProcess() {
        return new EventBus() {
            @Override
            public boolean reachesOtherNodes() {
                return false;
            }

            @Override
            public void publish(String message) {}

            @Override
            public void subscribe(Consumer<String> handler) {}

            @Override
            public void close() {}
        };
    }
}

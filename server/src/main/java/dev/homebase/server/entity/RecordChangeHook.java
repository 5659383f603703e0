package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.store.EntityScope;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hears about every change to records inside the write's own transaction, before it commits: what it
 * writes on {@code connection} commits or rolls back with the change (the automations' outbox of
 * entity events). Unlike a {@link RecordListener} it may fail the write by throwing. Called on the
 * writer's thread, holding the transaction: must be quick.
 */
@FunctionalInterface
public interface RecordChangeHook {

    /** Does nothing. */
    RecordChangeHook NONE = (connection, scope, type, record, old) -> { };

    /**
     * Whether changes in {@code scope} matter to this hook at all; when not, the records are not
     * even rendered for it. All do, by default.
     */
    default boolean wants(EntityScope scope) {
        return true;
    }

    /**
     * One record changed.
     *
     * @param type {@code create}, {@code update} or {@code delete}
     * @param record the whole record after the change (for a delete: its last state), unfiltered
     * @param old for an update, the whole record before it; null otherwise
     */
    void changed(Connection connection, EntityScope scope, String type, ObjectNode record, ObjectNode old) throws SQLException;
}

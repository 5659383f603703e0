package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.store.EntityScope;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hears about every change to records, after its transaction committed (never for a rolled-back
 * write); record writes first tell it inside the transaction ({@link #inTransaction}). Realtime delivery listens here. Called on the writer's thread: must return quickly.
 */
@FunctionalInterface
public interface RecordListener {

    /** Hears nothing. */
    RecordListener NONE = (scope, type, record) -> { };

    /**
     * One record changed.
     *
     * @param type {@code create}, {@code update} or {@code delete}
     * @param record the whole record after the change (for a delete: its last state), unfiltered
     */
    void changed(EntityScope scope, String type, ObjectNode record);

    /**
     * The same change, told inside its write transaction on {@code c} before it commits, so that what must go with
     * the change (the notification of the other nodes) is part of that one transaction. Returns what to do once it
     * committed; nothing of it happens on a rollback. By default: nothing inside, {@link #changed} after.
     *
     * @throws SQLException when the database refuses (the write then rolls back)
     */
    default Runnable inTransaction(Connection c, EntityScope scope, String type, ObjectNode record) throws SQLException {
        return () -> changed(scope, type, record);
    }

    /**
     * Whether {@link #inTransaction} may run a statement on the write's connection for a change in {@code scope}: then
     * the write keeps its transaction even when it is one statement itself. By default yes (an implementation may
     * override {@link #inTransaction}); a listener that sends nothing there answers no, and a write of one statement
     * then runs without BEGIN and COMMIT where the database allows ({@link dev.homebase.server.store.Database#inSingleStatement}).
     */
    default boolean writesInTransaction(EntityScope scope) {
        return true;
    }
}

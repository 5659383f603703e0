package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.store.EntityScope;

/**
 * Hears about every change to records, after its transaction committed (never for a rolled-back
 * write). Realtime delivery listens here. Called on the writer's thread: must return quickly.
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
}

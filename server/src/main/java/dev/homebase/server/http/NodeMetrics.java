package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What this node reports to operators about itself: realtime counters, database and the like. */
@FunctionalInterface
public interface NodeMetrics {
    /** A fresh snapshot, as the body of {@code GET /api/apps/{appId}/metrics} (without its {@code status}). */
    ObjectNode snapshot(String appId);

    /** Reports nothing beyond the status. */
    static NodeMetrics none() {
        return appId -> dev.homebase.server.internal.Json.object();
    }
}

package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/** What this node reports to operators about itself: realtime counters, database and the like. */
@FunctionalInterface
public interface NodeMetrics {
    /** A fresh snapshot, as the body of {@code GET /api/apps/{appId}/metrics} (without its {@code status}). */
    ObjectNode snapshot(String appId);

    /** {@code GET /api/health/ready}: whether the database answers within {@code timeout}. */
    default boolean ready(Duration timeout) {
        return true;
    }

    /** {@code GET /metrics}: writes every metric in the Prometheus text format 0.0.4. */
    default void writePrometheus(OutputStream out) throws IOException {
        // nothing to report
    }

    /** The bearer token that may read {@code GET /metrics} besides the service role ({@code HOMEBASE_METRICS_TOKEN}). */
    default Optional<String> metricsToken() {
        return Optional.empty();
    }

    /** Reports nothing beyond the status. */
    static NodeMetrics none() {
        return appId -> dev.homebase.server.internal.Json.object();
    }
}

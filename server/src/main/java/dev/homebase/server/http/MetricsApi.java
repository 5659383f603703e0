package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;

/**
 * {@code GET /api/apps/{appId}/metrics}: the node's counters for operators, for that app's service role only (a
 * user, even an admin, gets 403; nobody signed in, 401). {@code GET /api/health} stays the anonymous liveness check.
 */
final class MetricsApi {
    private final Apps apps;
    private final Callers callers;
    private final NodeMetrics metrics;

    MetricsApi(Apps apps, Callers callers, NodeMetrics metrics) {
        this.apps = apps;
        this.callers = callers;
        this.metrics = metrics;
    }

    void get(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.service(ctx, appId, "Only the service role can read metrics");
        ObjectNode body = Json.object();
        body.put("status", "ok");
        body.put("app_id", appId);
        body.setAll(metrics.snapshot(appId));
        EntityApi.json(ctx, 200, body);
    }
}

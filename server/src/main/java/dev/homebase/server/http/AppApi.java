package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every browser client calls on its own: analytics batches (api-contract §13) and page-view
 * logs (§11). Both accept anonymous callers and never fail them for a well-formed request; their
 * content is not stored yet.
 */
final class AppApi {
    private static final Logger log = LoggerFactory.getLogger(AppApi.class);
    /** Most events one analytics batch may carry. */
    static final int MAX_EVENTS = 100;

    private final Apps apps;
    private final Bodies bodies;

    AppApi(Apps apps, Bodies bodies) {
        this.apps = apps;
        this.bodies = bodies;
    }

    /** {@code POST /api/apps/{appId}/analytics/track/batch}: may arrive without any auth headers. */
    void trackBatch(Context ctx) {
        apps.require(ctx.pathParam("appId"));
        JsonNode body = bodies.json(ctx);
        JsonNode events = body == null ? null : body.get("events");
        if (events != null && !events.isArray()) throw ApiException.badRequest("\"events\" must be an array");
        int accepted = events == null ? 0 : Math.min(events.size(), MAX_EVENTS);
        EntityApi.json(ctx, 200, Map.of("accepted", accepted));
    }

    /** {@code POST /api/app-logs/{appId}/log-user-in-app/{page...}}: the page name may contain slashes. */
    void logUserInApp(Context ctx) {
        apps.require(ctx.pathParam("appId"));
        String prefix = "/api/app-logs/" + ctx.pathParam("appId") + "/log-user-in-app/";
        String page = ctx.path().startsWith(prefix) ? ctx.path().substring(prefix.length()) : "";
        log.debug("page view in app {}: {}", ctx.pathParam("appId"), page);
        EntityApi.json(ctx, 200, Map.of());
    }
}

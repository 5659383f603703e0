package dev.homebase.server.http;

import dev.homebase.server.ops.ServerMetrics;
import io.javalin.http.Context;
import org.slf4j.MDC;

/** Records each answered request for {@code GET /metrics} (by route template, never the raw path) and ends its log context. */
final class RequestMetrics {
    private RequestMetrics() {}

    static void record(Context ctx, Float millis) {
        try {
            ServerMetrics.request(ctx.method().name(), route(ctx), ctx.statusCode(), millis == null ? 0 : millis / 1000.0);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** The template of the route that answered ({@code /api/apps/{appId}/entities/{entity}}), or {@code unmatched}. */
    private static String route(Context ctx) {
        try {
            // The HTTP handler that answered, not the last before/after handler (their path is "*").
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            String path = endpoint == null ? null : endpoint.path;
            return path == null || path.isEmpty() ? "unmatched" : path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}

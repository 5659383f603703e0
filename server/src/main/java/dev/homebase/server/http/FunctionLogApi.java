package dev.homebase.server.http;

import dev.homebase.server.functions.FunctionCatalog;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.functions.FunctionLogs;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/apps/{appId}/functions-logs?function=&limit=&since=}: what the app's backend
 * functions printed, newest first, as {@code {items: [{id, function, level, message, request_id,
 * created_date}], total}}. App admins and the service role only (anonymous 401, other users 403).
 * {@code limit} is 1 to 1000 (default 100); {@code since} is an ISO time ({@code ...Z}, or naive UTC).
 */
final class FunctionLogApi {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Apps apps;
    private final FunctionHost functions;
    private final Callers callers;

    FunctionLogApi(Apps apps, FunctionHost functions, Callers callers) {
        this.apps = apps;
        this.functions = functions;
        this.callers = callers;
    }

    void list(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, "Only app admins can read function logs");

        String function = ctx.queryParam("function");
        if (function != null && function.isEmpty()) function = null;
        if (function != null && !FunctionCatalog.isValidName(function)) throw ApiException.badRequest("Invalid function name");
        int limit = limit(ctx.queryParam("limit"));
        Instant since = since(ctx.queryParam("since"));

        String name = function;
        FunctionLogs.Page page = functions.logs().map(l -> l.list(appId, name, since, limit))
                .orElse(new FunctionLogs.Page(List.of(), 0));
        List<Map<String, Object>> items = page.items().stream().map(FunctionLogApi::item).toList();
        EntityApi.json(ctx, 200, Map.of("items", items, "total", page.total()));
    }

    private static Map<String, Object> item(FunctionLogs.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("function", e.function());
        m.put("level", e.level());
        m.put("message", e.message());
        m.put("request_id", e.requestId());
        m.put("created_date", e.time());
        return m;
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static Instant since(String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("since must be an ISO 8601 time, such as 2026-01-31T12:00:00Z");
            }
        }
    }
}

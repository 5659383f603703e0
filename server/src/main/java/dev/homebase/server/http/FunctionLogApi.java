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
 * {@code GET /api/apps/{appId}/functions-logs?function=&level=&q=&since=&until=&after=&limit=}: what the app's
 * backend functions printed, newest first, as {@code {items: [{id, function, level, message, request_id,
 * created_date}], total}}. App admins and the service role only (anonymous 401, other users 403).
 * {@code limit} is 1 to 1000 (default 100); {@code level} is {@code info} or {@code warn}; {@code q} is text the
 * message contains, any case (at most 200 characters); {@code since} (inclusive) and {@code until} (exclusive) are
 * ISO times ({@code ...Z}, or naive UTC); {@code after} is a line id: only later lines, oldest first (a live tail
 * asks again with the last id it got). Every filter is part of the SQL query ({@link FunctionLogs#list}).
 */
final class FunctionLogApi {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_TEXT = 200;
    /** The levels lines are kept with: stdout is {@code info}, stderr {@code warn}. */
    private static final List<String> LEVELS = List.of("info", "warn");

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
        Instant since = time("since", ctx.queryParam("since"));
        Instant until = time("until", ctx.queryParam("until"));
        String level = blankToNull(ctx.queryParam("level"));
        if (level != null && !LEVELS.contains(level)) throw ApiException.badRequest("level must be one of " + String.join(", ", LEVELS));
        String text = blankToNull(ctx.queryParam("q"));
        if (text != null && text.length() > MAX_TEXT) throw ApiException.badRequest("q must be at most " + MAX_TEXT + " characters");
        Long after = after(ctx.queryParam("after"));

        var filter = new FunctionLogs.Filter(function, level, text, since, until, after);
        FunctionLogs.Page page = functions.logs().map(l -> l.list(appId, filter, limit))
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

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Long after(String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            long id = Long.parseLong(value);
            if (id >= 0) return id;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("after must be a line id (a whole number, 0 or more)");
    }

    private static Instant time(String param, String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(param + " must be an ISO 8601 time, such as 2026-01-31T12:00:00Z");
            }
        }
    }
}

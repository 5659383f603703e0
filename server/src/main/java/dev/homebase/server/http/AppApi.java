package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.applogs.AppLogReads;
import dev.homebase.server.applogs.AppLogs;
import dev.homebase.server.auth.AuthException;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes every browser client calls on its own, and what reads them back: analytics batches
 * (api-contract §13) and page views (§11) are stored for the app ({@link AppLogs}); the app's admins
 * and the service role read the page views ({@code appLogs.fetchLogs}) and the statistics
 * ({@code appLogs.getStats}).
 *
 * <p>Recording accepts anonymous callers and never fails a well-formed request: a token that does
 * not work counts as anonymous here (a 401 on every navigation would only add noise), and a storage
 * failure loses the row, never the page. A malformed body is still a 400.
 */
final class AppApi {
    /** Most events one analytics batch may carry (the official client sends at most 30). */
    static final int MAX_EVENTS = 100;
    /** Longest event name. */
    static final int MAX_EVENT_NAME = 200;
    /** Largest {@code properties} of one event, as JSON text. */
    static final int MAX_PROPERTIES = 16 * 1024;
    /** Longest short text kept as sent (ids, page URLs, client timestamps); longer ones are cut. */
    private static final int MAX_TEXT = 1000;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Apps apps;
    private final Bodies bodies;
    private final Callers callers;
    private final AppLogs logs;

    /** @param logs where page views and events go, or null to accept them without keeping them */
    AppApi(Apps apps, Bodies bodies, Callers callers, AppLogs logs) {
        this.apps = apps;
        this.bodies = bodies;
        this.callers = callers;
        this.logs = logs;
    }

    /** {@code POST /api/apps/{appId}/analytics/track/batch}: may arrive without any auth headers. */
    void trackBatch(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        JsonNode body = bodies.jsonOfAnyType(ctx); // beacons and bare fetches declare text/plain
        if (body != null && !body.isObject()) throw ApiException.badRequest("The body must be a JSON object with \"events\"");
        JsonNode events = body == null ? null : body.get("events");
        if (events != null && !events.isNull() && !events.isArray()) throw ApiException.badRequest("\"events\" must be an array");
        int count = events == null || events.isNull() ? 0 : events.size();
        if (count > MAX_EVENTS) throw ApiException.badRequest("At most " + MAX_EVENTS + " events per batch");
        String userId = userId(ctx, appId);
        List<AppLogs.Event> parsed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) parsed.add(event(events.get(i), i, userId));
        if (logs != null && !parsed.isEmpty()) logs.events(appId, parsed);
        EntityApi.json(ctx, 200, Map.of("accepted", parsed.size()));
    }

    /**
     * {@code POST [/api]/app-logs/{appId}/log-user-in-app/{page...}}: the page name is the rest of
     * the path, slashes and empty segments included.
     */
    void logUserInApp(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        String marker = "/app-logs/" + ctx.pathParam("appId") + "/log-user-in-app/";
        String path = ctx.path();
        int at = path.indexOf(marker);
        String page = at < 0 ? "" : decode(path.substring(at + marker.length()));
        if (logs != null) logs.pageView(appId, page, userId(ctx, appId), cut(ctx.header("X-Base44-Anonymous-Id")));
        EntityApi.json(ctx, 200, Map.of());
    }

    /**
     * {@code GET [/api]/app-logs/{appId}?limit&skip&page_name&user_id&since&until}:
     * {@code {"items": [{page_name, user_id, created_date}], "total": n}}, newest first.
     */
    void fetchLogs(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, "Only app admins can read app logs");
        AppLogReads.Filter filter = filter(ctx);
        int limit = number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int skip = number(ctx, "skip", 0, 0, Integer.MAX_VALUE);
        AppLogReads.Page page = logs == null ? new AppLogReads.Page(List.of(), 0) : logs.reads().list(appId, filter, limit, skip);
        List<Map<String, Object>> items = new ArrayList<>();
        for (AppLogReads.View v : page.items()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("page_name", v.pageName());
            item.put("user_id", v.userId());
            item.put("created_date", v.createdDate());
            items.add(item);
        }
        EntityApi.json(ctx, 200, Map.of("items", items, "total", page.total()));
    }

    /**
     * {@code GET [/api]/app-logs/{appId}/stats?since&until&page_name&user_id}: page views per page
     * and per day, active users and analytics events per name; {@code since} defaults to 30 days ago.
     */
    void stats(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, "Only app admins can read app statistics");
        AppLogReads.Filter given = filter(ctx);
        Instant since = given.since() != null ? given.since() : Instant.now().minusSeconds(30L * 24 * 3600);
        AppLogReads.Filter filter = new AppLogReads.Filter(given.pageName(), given.userId(), since, given.until());
        AppLogReads.Stats s = logs == null ? new AppLogReads.Stats(0, 0, 0, List.of(), List.of(), List.of())
                : logs.reads().stats(appId, filter);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", naive(since));
        out.put("until", given.until() == null ? null : naive(given.until()));
        out.put("page_views", s.pageViews());
        out.put("active_users", s.activeUsers());
        out.put("visitors", s.visitors());
        out.put("pages", s.pages().stream().map(g -> group("page_name", g)).toList());
        out.put("days", s.days().stream().map(g -> group("date", g)).toList());
        out.put("events", s.events().stream().map(e -> Map.of("event_name", e.eventName(), "count", e.count())).toList());
        EntityApi.json(ctx, 200, out);
    }

    private static Map<String, Object> group(String keyName, AppLogReads.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(keyName, g.key());
        m.put("views", g.views());
        m.put("users", g.users());
        return m;
    }

    /** One event of a batch. @throws ApiException 400 naming the event when its shape is wrong */
    private static AppLogs.Event event(JsonNode e, int index, String callerId) {
        String where = "events[" + index + "]";
        if (e == null || !e.isObject()) throw ApiException.badRequest(where + " must be an object");
        JsonNode name = e.get("event_name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ApiException.badRequest(where + ".event_name must be a non-empty string");
        }
        if (name.asText().length() > MAX_EVENT_NAME) {
            throw ApiException.badRequest(where + ".event_name is longer than " + MAX_EVENT_NAME + " characters");
        }
        JsonNode props = e.get("properties");
        String properties = null;
        if (props != null && !props.isNull()) {
            if (!props.isObject()) throw ApiException.badRequest(where + ".properties must be an object");
            properties = Json.write(props);
            if (properties.length() > MAX_PROPERTIES) {
                throw ApiException.badRequest(where + ".properties is larger than " + MAX_PROPERTIES / 1024 + " KB");
            }
        }
        // The signed-in caller is who the server knows; a batch without a token (the browser's
        // beacon on tab hide) carries the client's own user_id, kept as sent.
        String userId = callerId != null ? callerId : text(e, "user_id", where);
        return new AppLogs.Event(name.asText(), properties, text(e, "page_url", where), userId,
                text(e, "session_id", where), text(e, "timestamp", where));
    }

    private static String text(JsonNode e, String field, String where) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() && !v.isNumber()) throw ApiException.badRequest(where + "." + field + " must be a string");
        return cut(v.asText());
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    /** The signed-in user behind the call (a service call's on-behalf-of user), or null; a bad token counts as none. */
    private String userId(Context ctx, String appId) {
        try {
            return switch (callers.of(ctx, appId)) {
                case Principal.User u -> u.id();
                case Principal.Service s -> s.onBehalfOf() == null ? null : s.onBehalfOf().id();
                case Principal.Anonymous a -> null;
            };
        } catch (AuthException e) {
            return null;
        }
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a stray % is kept as it came
        }
    }

    private static AppLogReads.Filter filter(Context ctx) {
        return new AppLogReads.Filter(param(ctx, "page_name"), param(ctx, "user_id"), time(ctx, "since"), time(ctx, "until"));
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static int number(Context ctx, String name, int fallback, int min, int max) {
        String v = param(ctx, name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
    }

    private static Instant time(Context ctx, String name) {
        String v = param(ctx, name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw ApiException.badRequest(name + " must be an ISO 8601 time, such as 2026-01-31T12:00:00Z");
                }
            }
        }
    }

    private static String naive(Instant t) {
        return dev.homebase.server.entity.Timestamps.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }
}

package dev.homebase.server.http;

import dev.homebase.server.applogs.AppLogReads;
import dev.homebase.server.applogs.AppLogs;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's Activity and Settings pages, beyond what the apps' API already answers (page views per day, active
 * users and top pages come from {@code GET /api/app-logs/{appId}/stats}):
 * <ul>
 *   <li>{@code GET /api/apps/{appId}/dashboard/activity?days=30}: analytics events per UTC day and name (the most
 *       frequent {@value #TOP_EVENTS} names of the range), grouped in SQL, and the realtime connections open now;</li>
 *   <li>the secrets of {@link DashboardSecretsApi} and the settings summary of {@link DashboardSettingsApi}.</li>
 * </ul>
 * App admins and the service role only (anonymous 401, other users 403), like every dashboard route.
 */
final class DashboardOpsApi {
    /** What a user who is not an admin is told. */
    static final String REFUSAL = "Only app admins can use the dashboard";
    /** How many event names the activity chart shows. */
    static final int TOP_EVENTS = 10;
    private static final int MAX_DAYS = 366;

    private final Apps apps;
    private final Callers callers;
    private final AppLogs logs;
    private final DashboardSources sources;
    private final Clock clock;
    private final DashboardSecretsApi secrets;
    private final DashboardSettingsApi settings;

    /**
     * @param logs where page views and events are kept, or null (nothing kept: the activity is empty)
     * @param sources the server's settings and counters, or null (a server built without them: the settings
     *     summary answers 503, the realtime count is 0)
     */
    DashboardOpsApi(Apps apps, Callers callers, Bodies bodies, AppLogs logs, DashboardSources sources,
                    dev.homebase.server.functions.FunctionHost functions, Clock clock) {
        this.apps = apps;
        this.callers = callers;
        this.logs = logs;
        this.sources = sources;
        this.clock = clock;
        this.secrets = new DashboardSecretsApi(apps, callers, bodies, functions.secrets(),
                sources != null ? sources.secretsChanged() : appId -> functions.restartApp(appId));
        this.settings = new DashboardSettingsApi(apps, callers, sources, functions.secrets());
    }

    DashboardSecretsApi secrets() {
        return secrets;
    }

    DashboardSettingsApi settings() {
        return settings;
    }

    /** {@code GET /api/apps/{appId}/dashboard/activity?days=N} (N from 1 to 366, default 30; today counts as one). */
    void activity(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, REFUSAL);
        int days = days(ctx.queryParam("days"));
        LocalDate first = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days - 1L);
        AppLogReads.Filter range = new AppLogReads.Filter(null, null, first.atStartOfDay().toInstant(ZoneOffset.UTC), null);
        List<AppLogReads.DayCount> rows = logs == null ? List.of() : logs.reads().eventsByDay(appId, range, TOP_EVENTS);
        Map<String, Long> totals = new LinkedHashMap<>();
        List<Map<String, Object>> events = new ArrayList<>(rows.size());
        for (AppLogReads.DayCount r : rows) {
            totals.merge(r.eventName(), r.count(), Long::sum);
            events.add(Map.of("date", r.date(), "event_name", r.eventName(), "count", r.count()));
        }
        List<String> names = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", first.toString());
        out.put("days", days);
        out.put("event_names", names);
        out.put("events", events);
        int connections = sources == null ? 0 : sources.realtimeConnections().applyAsInt(appId);
        out.put("realtime", Map.of("connections", connections, "scope", "this server node"));
        EntityApi.json(ctx, 200, out);
    }

    private static int days(String raw) {
        if (raw == null || raw.isBlank()) return 30;
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_DAYS) return n;
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw ApiException.badRequest("days must be a whole number from 1 to " + MAX_DAYS + ", got \"" + raw + "\"");
    }
}

package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.functions.FunctionSecrets;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The app's function secrets on the dashboard's Settings page, the same store as {@code ./homebase secrets}
 * ({@link FunctionSecrets}): names and when each was set, never a value.
 * <ul>
 *   <li>{@code GET /api/apps/{appId}/dashboard/secrets} → {@code {"secrets": [{"name", "updated_date"}]}};</li>
 *   <li>{@code PUT /api/apps/{appId}/dashboard/secrets/{name}} with {@code {"value": "..."}} sets a new one or replaces
 *       it → {@code {"name", "updated_date"}};</li>
 *   <li>{@code DELETE /api/apps/{appId}/dashboard/secrets/{name}} → {@code {"name", "deleted": true}}, 404 when absent.</li>
 * </ul>
 * Names are checked as the CLI checks them (400 naming the rule). After a change the app's warm function processes
 * are drained, so the next call of any of its functions sees the new value without a restart. NB: a value is never
 * logged, echoed in an answer or an error message.
 */
final class DashboardSecretsApi {
    private final Apps apps;
    private final Callers callers;
    private final Bodies bodies;
    private final FunctionSecrets secrets;
    private final Consumer<String> changed;

    DashboardSecretsApi(Apps apps, Callers callers, Bodies bodies, FunctionSecrets secrets, Consumer<String> changed) {
        this.apps = apps;
        this.callers = callers;
        this.bodies = bodies;
        this.secrets = secrets;
        this.changed = changed;
    }

    void list(Context ctx) {
        String appId = appId(ctx);
        List<Map<String, Object>> out = secrets.names(appId).stream().map(DashboardSecretsApi::entry).toList();
        EntityApi.json(ctx, 200, Map.of("secrets", out));
    }

    void put(Context ctx) {
        String appId = appId(ctx);
        String name = name(ctx);
        JsonNode value = bodies.object(ctx).get("value");
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiException.badRequest("\"value\" must be a non-empty string (delete the secret to remove it)");
        }
        try {
            secrets.set(appId, name, value.asText());
        } catch (IllegalArgumentException e) { // the message names the rule, never the value
            throw ApiException.badRequest(e.getMessage());
        }
        changed.accept(appId);
        FunctionSecrets.Stored stored = secrets.names(appId).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(new FunctionSecrets.Stored(name, null));
        EntityApi.json(ctx, 200, entry(stored));
    }

    void delete(Context ctx) {
        String appId = appId(ctx);
        String name = name(ctx);
        if (!secrets.delete(appId, name)) throw ApiException.notFound("No secret named " + name);
        changed.accept(appId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("deleted", true);
        EntityApi.json(ctx, 200, out);
    }

    private String appId(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, DashboardOpsApi.REFUSAL);
        return appId;
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        try {
            FunctionSecrets.checkName(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return name;
    }

    private static Map<String, Object> entry(FunctionSecrets.Stored s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("updated_date", s.updatedDate());
        return m;
    }
}

package dev.homebase.server.http;

import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.FieldDef;
import dev.homebase.server.entity.FieldType;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the admin dashboard needs beyond the apps' own API: {@code GET /api/apps/{appId}/dashboard/entities},
 * the app's entities with their fields ({@code name, type, required, enum, format}), for the Data page's
 * table and forms. App admins and the service role only (anonymous 401, other users 403): no feature of
 * the dashboard needs an endpoint that a non-admin can call. {@code User} is left out (it has its own page).
 */
final class DashboardApi {
    private final Apps apps;
    private final Callers callers;

    DashboardApi(Apps apps, Callers callers) {
        this.apps = apps;
        this.callers = callers;
    }

    void entities(Context ctx) {
        var app = apps.require(ctx.pathParam("appId"));
        callers.adminOrService(ctx, app.project().appId(), "Only app admins can use the dashboard");
        List<Map<String, Object>> out = new ArrayList<>();
        for (EntitySchema schema : app.project().entities().values()) {
            if (schema.name().equals("User")) continue;
            List<Map<String, Object>> fields = new ArrayList<>();
            schema.fields().forEach((name, def) -> fields.add(field(name, def, schema.isRequired(name))));
            out.add(Map.of("name", schema.name(), "fields", fields));
        }
        EntityApi.json(ctx, 200, Map.of("entities", out));
    }

    private static Map<String, Object> field(String name, FieldDef def, boolean required) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("type", def.types().stream().filter(t -> t != FieldType.NULL).findFirst().orElse(FieldType.NULL)
                .name().toLowerCase(Locale.ROOT));
        f.put("required", required);
        if (!def.enumValues().isEmpty()) f.put("enum", def.enumValues().stream().map(v -> v.isTextual() ? v.asText() : v.toString()).toList());
        if (def.format() != null) f.put("format", def.format());
        return f;
    }
}

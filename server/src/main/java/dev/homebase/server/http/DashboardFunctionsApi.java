package dev.homebase.server.http;

import dev.homebase.server.functions.FunctionCatalog;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's Functions page: {@code GET /api/apps/{appId}/dashboard/functions}, every backend function of
 * the app as {@code {functions: [{name, runtime, path, loaded_at, processes}]}}: {@code runtime} is {@code deno}
 * or {@code java}, {@code path} the entry file from the project folder ({@code base44/functions/x/entry.ts}),
 * {@code loaded_at} when this server last (re)loaded the function's source (ISO, UTC; its start, or hot reload
 * seeing a change), {@code processes} how many of its processes are warm now. App admins and the service role
 * only (anonymous 401, other users 403). Invoking and the logs use the apps' own routes.
 */
final class DashboardFunctionsApi {
    private final Apps apps;
    private final FunctionHost functions;
    private final Callers callers;

    DashboardFunctionsApi(Apps apps, FunctionHost functions, Callers callers) {
        this.apps = apps;
        this.functions = functions;
        this.callers = callers;
    }

    void list(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, "Only app admins can use the dashboard");
        Path projectDir = functions.projectDirs().get(appId);
        Path base = projectDir == null ? null : projectDir.toAbsolutePath().normalize();
        List<Map<String, Object>> out = new ArrayList<>();
        functions.catalog(appId).ifPresent(catalog -> {
            for (FunctionCatalog.Function f : catalog.all().values()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", f.name());
                item.put("runtime", f.runtime().name().toLowerCase(Locale.ROOT));
                item.put("path", base != null && f.entry().startsWith(base)
                        ? base.relativize(f.entry()).toString().replace('\\', '/') : f.entry().getFileName().toString());
                item.put("loaded_at", functions.loadedAt(appId, f.name()).map(Object::toString).orElse(null));
                item.put("processes", functions.processCount(appId, f.name()));
                out.add(item);
            }
        });
        EntityApi.json(ctx, 200, Map.of("functions", out));
    }
}

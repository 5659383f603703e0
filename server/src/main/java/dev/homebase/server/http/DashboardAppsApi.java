package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.ServerAdmin;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import dev.homebase.server.query.Filter;
import io.javalin.http.Context;

/**
 * The dashboard's all-apps view, for the server admin ({@code HOMEBASE_ADMIN_EMAIL}, see {@link ServerAdmin}):
 * <ul>
 *   <li>{@code GET /api/apps/{appId}/dashboard/me}: who the dashboard's caller is ({@code server_admin} says whether
 *       the all-apps view is theirs); app admins and the service role.</li>
 *   <li>{@code GET /api/apps/{appId}/dashboard/apps}: every app the server serves, with its number of entities and
 *       users (counted in SQL); the server admin only.</li>
 *   <li>{@code POST /api/apps/{appId}/dashboard/apps/{target}/switch}: a short-lived token of app {@code target} for
 *       the server admin, given their token of app {@code appId}; the server admin only, and only when they are an
 *       enabled admin of the target app too.</li>
 * </ul>
 * Anonymous callers get 401; everyone else (other admins, plain users, the service role) 403.
 */
final class DashboardAppsApi {
    private static final String REFUSAL = "Only the server admin (HOMEBASE_ADMIN_EMAIL) sees every app";

    private final Apps apps;
    private final Callers callers;
    private final AccountService accounts;
    private final ServerAdmin serverAdmin;

    DashboardAppsApi(Apps apps, Callers callers, AccountService accounts, ServerAdmin serverAdmin) {
        this.apps = apps;
        this.callers = callers;
        this.accounts = accounts;
        this.serverAdmin = serverAdmin;
    }

    void me(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal caller = callers.adminOrService(ctx, appId, "Only app admins can use the dashboard");
        ObjectNode out = Json.object();
        out.put("app_id", appId);
        if (caller instanceof Principal.User u) {
            out.put("email", u.email());
            out.put("role", u.role());
        }
        out.put("server_admin", caller instanceof Principal.User u && serverAdmin.is(u));
        EntityApi.json(ctx, 200, out);
    }

    void list(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        serverAdminCalling(ctx, appId);
        ObjectNode out = Json.object();
        out.put("current", appId);
        ArrayNode list = out.putArray("apps");
        for (Apps.HostedApp app : apps.all()) {
            String id = app.project().appId();
            ObjectNode item = list.addObject();
            item.put("id", id);
            item.put("name", app.project().name());
            item.put("entities", app.project().entities().values().stream().filter(schema -> !schema.name().equals("User")).count());
            item.put("users", accounts.countUsers(id, new Filter.All()));
        }
        EntityApi.json(ctx, 200, out);
    }

    void switchApp(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal.User caller = serverAdminCalling(ctx, appId);
        // Checked after the caller: others learn nothing about which apps exist.
        String target = apps.require(ctx.pathParam("target")).project().appId();
        String token = serverAdmin.switchTo(caller, target);
        ObjectNode out = Json.object();
        out.put("access_token", token);
        out.put("app_id", target);
        out.put("email", caller.email());
        out.put("expires_in", ServerAdmin.SWITCH_TTL.toSeconds());
        EntityApi.json(ctx, 200, out);
    }

    private Principal.User serverAdminCalling(Context ctx, String appId) {
        Principal caller = callers.of(ctx, appId);
        if (caller instanceof Principal.Anonymous) throw ApiException.unauthorized();
        if (caller instanceof Principal.User u && serverAdmin.is(u)) return u;
        throw ApiException.forbidden(REFUSAL);
    }
}

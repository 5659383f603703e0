package dev.homebase.server.http;

import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The dashboard's Users page beyond the apps' API: {@code POST /api/apps/{appId}/dashboard/users/{id}/disable} and
 * {@code .../enable}, and {@code DELETE /api/apps/{appId}/dashboard/users/{id}}. App admins and the service role only
 * (anonymous 401, other users 403); an admin cannot disable, enable or delete their own account (403), so the
 * dashboard cannot lock its own user out.
 *
 * <p>Why routes of their own rather than {@code disabled} in {@code PUT entities/User/{id}}: the apps' API keeps
 * {@code disabled} a protected key on every path (api-contract §3.1, also in bulk update and update-many, where a
 * filter could disable many users, the caller included), so app code keeps working as on the hosted platform; and
 * the entity API refuses deleting users to admins (§3.2, service role only), which these routes do not change.
 * The reset mail needs no route here: the dashboard uses {@code auth/reset-password-request}.
 */
final class DashboardUsersApi {
    private final Apps apps;
    private final Callers callers;
    private final AccountService accounts;

    DashboardUsersApi(Apps apps, Callers callers, AccountService accounts) {
        this.apps = apps;
        this.callers = callers;
        this.accounts = accounts;
    }

    void disable(Context ctx) {
        setDisabled(ctx, true);
    }

    void enable(Context ctx) {
        setDisabled(ctx, false);
    }

    void delete(Context ctx) {
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        String id = target(ctx, app, "delete");
        if (!accounts.deleteUser(app.project().appId(), id)) throw notFound(id);
        EntityApi.json(ctx, 200, Map.of("success", true, "id", id));
    }

    private void setDisabled(Context ctx, boolean disabled) {
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        String id = target(ctx, app, disabled ? "disable" : "enable");
        var user = accounts.setDisabled(app.project().appId(), id, disabled).orElseThrow(() -> notFound(id));
        EntityApi.json(ctx, 200, UserEntityApi.shown(app, callers.of(ctx, app.project().appId()), user));
    }

    /** The user id of the path, after checking the caller may change it. */
    private String target(Context ctx, Apps.HostedApp app, String verb) {
        Principal caller = callers.adminOrService(ctx, app.project().appId(), "Only app admins can " + verb + " users");
        String id = ctx.pathParam("id");
        if (caller instanceof Principal.User u && u.id().equals(id)) {
            throw ApiException.forbidden("You cannot " + verb + " your own account");
        }
        return id;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("User with ID " + id + " not found");
    }
}

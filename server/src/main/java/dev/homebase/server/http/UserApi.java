package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.AuthException;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The current user ({@code GET/PUT /api/apps/{appId}/entities/User/me}, api-contract §3.1) and the
 * two invite routes (§2.7).
 */
final class UserApi {
    /** Roles the {@code users.inviteUser} path accepts (the client checks the same). */
    private static final Set<String> RUNTIME_ROLES = Set.of("user", "admin");

    private final Apps apps;
    private final AccountService accounts;
    private final SignInLimits limits;
    private final Callers callers;
    private final Bodies bodies;

    UserApi(Apps apps, AuthServices auth, Callers callers, Bodies bodies) {
        this.apps = apps;
        this.accounts = auth.accounts();
        this.limits = new SignInLimits(auth);
        this.callers = callers;
        this.bodies = bodies;
    }

    void me(Context ctx) {
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        String appId = app.project().appId();
        Principal caller = callers.of(ctx, appId);
        if (caller instanceof Principal.Service) throw ApiException.notFound("Unable to read data for the current user");
        if (!(caller instanceof Principal.User u)) throw ApiException.unauthorized();
        // The User schema's field read rules apply to the caller's own record too (api-contract §5.5).
        EntityApi.json(ctx, 200, UserEntityApi.shown(app, u, accounts.me(appId, u.id())));
    }

    void updateMe(Context ctx) {
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        String appId = app.project().appId();
        Principal caller = callers.of(ctx, appId);
        if (caller instanceof Principal.Service) throw ApiException.notFound("Unable to read data for the current user");
        if (!(caller instanceof Principal.User u)) throw ApiException.unauthorized();
        ObjectNode patch = bodies.object(ctx);
        // The User schema's field rules and validation apply here too (api-contract §3.1, §5.5).
        EntityApi.json(ctx, 200, UserEntityApi.shown(app, u, accounts.updateMe(appId, u, patch, UserEntityApi.customFields(app, u))));
    }

    /** {@code POST /apps/{appId}/users/invite-user}: any role string. */
    void invite(Context ctx) {
        invite(ctx, false);
    }

    /** {@code POST /apps/{appId}/runtime/users/invite-user}: role {@code user} or {@code admin}. */
    void runtimeInvite(Context ctx) {
        invite(ctx, true);
    }

    private void invite(Context ctx, boolean runtime) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal caller = callers.of(ctx, appId);
        boolean allowed = caller instanceof Principal.Service || caller instanceof Principal.User u && u.isAdmin();
        if (!allowed) throw new AuthException(AuthException.Kind.FORBIDDEN, "forbidden", "Only app admins can invite users");
        ObjectNode body = bodies.object(ctx);
        String email = AuthApi.text(body, "user_email");
        String role = AuthApi.text(body, "role");
        if (runtime && (role == null || !RUNTIME_ROLES.contains(role))) throw ApiException.badRequest("Role must be \"user\" or \"admin\"");
        limits.mail(ctx, appId, email);
        accounts.invite(appId, email, role);
        EntityApi.json(ctx, 200, Map.of("success", true, "user_email", email.strip().toLowerCase(Locale.ROOT), "role", role));
    }
}

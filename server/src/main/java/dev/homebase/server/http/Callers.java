package dev.homebase.server.http;

import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.auth.Principal;
import io.javalin.http.Context;

/**
 * Resolves (once per request) who is calling an app's routes, from {@code Authorization} and
 * {@code on-behalf-of}. A present but invalid token is a 401 on every route that asks.
 */
final class Callers {
    private static final String ATTRIBUTE = "homebase.principal";

    private final Authenticator authenticator;

    Callers(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The caller of this request to {@code appId}. @throws dev.homebase.server.auth.AuthException 401 */
    Principal of(Context ctx, String appId) {
        Principal cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) return cached;
        Principal p = authenticator.authenticate(appId, ctx.header("Authorization"), ctx.header("on-behalf-of"));
        ctx.attribute(ATTRIBUTE, p);
        return p;
    }

    /**
     * The caller, when it is an app admin or the service role.
     * @throws ApiException 401 for anonymous callers, 403 with {@code refusal} for other users
     */
    Principal adminOrService(Context ctx, String appId, String refusal) {
        Principal caller = of(ctx, appId);
        if (caller instanceof Principal.Anonymous) throw ApiException.unauthorized();
        if (caller instanceof Principal.User u && !u.isAdmin()) throw ApiException.forbidden(refusal);
        return caller;
    }

    /**
     * The service role calling.
     * @throws ApiException 401 for anonymous callers, 403 with {@code refusal} for users, admins included
     */
    Principal.Service service(Context ctx, String appId, String refusal) {
        Principal caller = of(ctx, appId);
        if (caller instanceof Principal.Service s) return s;
        if (caller instanceof Principal.Anonymous) throw ApiException.unauthorized();
        throw ApiException.forbidden(refusal);
    }

    /** The signed-in user calling. @throws ApiException 401 for anyone else (anonymous or service) */
    Principal.User user(Context ctx, String appId) {
        if (of(ctx, appId) instanceof Principal.User u) return u;
        throw ApiException.unauthorized();
    }
}

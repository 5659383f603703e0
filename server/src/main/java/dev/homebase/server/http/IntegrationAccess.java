package dev.homebase.server.http;

import dev.homebase.server.auth.Principal;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Who may call a Core integration (api-contract §7.1): a signed-in user or the service role;
 * anonymous callers only for the integrations the app lists in {@code base44/config.jsonc}
 * {@code "integrations": {"allowAnonymous": [...]}}.
 *
 * <p>TODO(merge): the files branch has the same rule for UploadFile and SendEmail; keep one.
 */
final class IntegrationAccess {
    /** Whether an app lets anonymous callers use an integration. */
    @FunctionalInterface
    interface AnonymousPolicy {
        boolean allows(String appId, String integration);
    }

    private final Callers callers;
    private final AnonymousPolicy policy;

    IntegrationAccess(Callers callers, AnonymousPolicy policy) {
        this.callers = callers;
        this.policy = policy;
    }

    /**
     * The caller, when allowed to use {@code integration}.
     *
     * @throws ApiException 401 naming the setting for an anonymous caller the app does not allow
     */
    Principal require(Context ctx, String appId, String integration) {
        Principal caller = callers.of(ctx, appId); // an invalid token is a 401 here already
        if (caller instanceof Principal.Anonymous && !policy.allows(appId, integration)) {
            throw new ApiException(401, "unauthorized", "UnauthorizedError", integration + " needs a signed-in user or the service "
                    + "role; to let visitors call it, add \"integrations\": {\"allowAnonymous\": [\"" + integration
                    + "\"]} to base44/config.jsonc", Map.of());
        }
        return caller;
    }
}

package dev.homebase.server.http;

import dev.homebase.server.auth.Principal;
import dev.homebase.server.project.IntegrationSettings;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may call a Core integration (api-contract §7.1), the one check of the file, mail and AI
 * integrations: a signed-in user or the service role; anonymous callers only for the integrations
 * the app lists in {@code base44/config.jsonc} {@code "integrations": {"allowAnonymous": [...]}}
 * ({@link IntegrationSettings}, read when the server starts). Custom integrations (§7.4) are named
 * {@code custom/<slug>} there.
 */
final class IntegrationAccess {
    private static final IntegrationSettings NONE = new IntegrationSettings(Set.of());

    private final Callers callers;
    private final Function<String, IntegrationSettings> settings;

    /** @param settings each app's settings by app id (null: no app allows anonymous callers) */
    IntegrationAccess(Callers callers, Function<String, IntegrationSettings> settings) {
        this.callers = callers;
        this.settings = settings != null ? settings : appId -> NONE;
    }

    /**
     * The caller, when allowed to use {@code integration}.
     *
     * @throws ApiException 401 naming the setting for an anonymous caller the app does not allow, or for a bad token
     */
    Principal require(Context ctx, String appId, String integration) {
        Principal caller = callers.of(ctx, appId); // an invalid token is a 401 here already
        if (caller instanceof Principal.Anonymous && !settings.apply(appId).allowsAnonymous(integration)) {
            throw new ApiException(401, "unauthorized", "UnauthorizedError", integration
                    + " needs a signed-in user or the service role. To allow anonymous calls, list it in base44/config.jsonc: "
                    + "\"integrations\": {\"allowAnonymous\": [\"" + integration + "\"]}", Map.of());
        }
        return caller;
    }
}

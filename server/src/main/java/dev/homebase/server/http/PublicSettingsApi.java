package dev.homebase.server.http;

import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.project.AppSettings;
import dev.homebase.server.project.Apps;
import dev.homebase.server.project.Visibility;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/apps/public/prod/public-settings/by-id/{appId}} (api-contract §12): whether a
 * visitor may open the app, which generated app shells ask before rendering. The answer is
 * {@code {"id", "public_settings"}} from {@code visibility} in {@code base44/config.jsonc}.
 *
 * <p>On an app that requires a login, the caller's token decides: none, or one that no longer
 * works (expired, forged, of another app, from before a password change) is
 * {@code 403 auth_required} (the shell sends the visitor to the login page; never a 401, which a
 * shell does not expect here); a genuine token of a user who was deleted or disabled is
 * {@code 403 user_not_registered}. The reason is in {@code extra_data.reason}, which the official
 * client exposes as {@code error.data.extra_data.reason}. An app open to anyone answers 200
 * whatever the token. Unknown app: {@code 404 {"detail": "App not found", "code": "NOT_FOUND"}}.
 *
 * <p>NB: this is what the shell is told; the data itself stays guarded by the entities' rules.
 */
final class PublicSettingsApi {
    private final Apps apps;
    private final Authenticator authenticator;
    private final Map<String, Visibility> visibility = new HashMap<>();

    /** Reads each hosted app's visibility once. */
    PublicSettingsApi(Apps apps, Authenticator authenticator) {
        this.apps = apps;
        this.authenticator = authenticator;
        for (Apps.HostedApp app : apps.all()) {
            visibility.put(app.project().appId(), AppSettings.of(app.project()).visibility());
        }
    }

    void get(Context ctx) {
        String appId = ctx.pathParam("appId");
        Visibility visibility = apps.find(appId).map(app -> this.visibility.get(app.project().appId()))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "ObjectNotFoundError", "App not found", Map.of()));
        if (visibility.loginRequired()) {
            switch (authenticator.standing(appId, ctx.header("Authorization"))) {
                case NONE, SIGNED_OUT -> throw refused(appId, "auth_required", "Sign in to open this app");
                case NOT_REGISTERED -> throw refused(appId, "user_not_registered",
                        "You are signed in, but you do not have access to this app");
                case VALID -> { }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", appId);
        body.put("public_settings", visibility.wireValue());
        ctx.header("Cache-Control", "no-store");
        EntityApi.json(ctx, 200, body);
    }

    private static ApiException refused(String appId, String reason, String message) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("reason", reason);
        extra.put("app_id", appId);
        return new ApiException(403, reason, "PermissionDeniedError", message, Map.of("extra_data", extra));
    }
}

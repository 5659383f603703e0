package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.connectors.CallProxy;
import dev.homebase.server.connectors.ConnectorException;
import dev.homebase.server.connectors.Connectors;
import dev.homebase.server.connectors.SsoTokens;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Connectors (api-contract §8) and SSO tokens (§9):
 *
 * <ul>
 *   <li>service role only ({@code 403} for users, {@code 401} without a token):
 *       {@code GET external-auth/tokens/{type}}, {@code GET external-auth/tokens/connectors/{id}},
 *       {@code POST connectors/{type}/call}; with an on-behalf-of user (else {@code 401}):
 *       {@code GET app-user-auth/connectors/{id}/token}, {@code GET auth/sso/accesstoken/{userId}} and
 *       {@code GET auth/sso/idtoken/{userId}} (the path's user must be the on-behalf-of user, else {@code 403});</li>
 *   <li>signed-in users: {@code POST app-user-auth/connectors/{id}/initiate} ({@code {redirect_url}}),
 *       {@code DELETE app-user-auth/connectors/{id}};</li>
 *   <li>admins and the service role: {@code POST connectors/{type}/connect} ({@code {redirect_url}}, the
 *       app's own account; the CLI's {@code homebase connectors connect} prints the same URL);</li>
 *   <li>the provider's return, a browser navigation: {@code GET /api/connectors/callback?state&code}.</li>
 * </ul>
 *
 * The callback URL to register with each provider is {@code HOMEBASE_PUBLIC_URL} (else the request's
 * origin) plus {@link #CALLBACK_PATH}.
 */
final class ConnectorsApi {
    /** Where providers return after a connect. */
    static final String CALLBACK_PATH = "/api/connectors/callback";
    private static final String SERVICE_ONLY = "This endpoint is only accessible to service tokens";

    private final Apps apps;
    private final Callers callers;
    private final Bodies bodies;
    private final Connectors connectors;
    private final CallProxy proxy;
    private final SsoTokens sso;
    private final Optional<String> publicUrl;

    /** @param connectors null: the app declares none (every connector answers 404) */
    ConnectorsApi(Apps apps, Callers callers, Bodies bodies, Connectors connectors, SsoTokens sso, Optional<String> publicUrl) {
        this.apps = apps;
        this.callers = callers;
        this.bodies = bodies;
        this.connectors = connectors;
        this.proxy = connectors == null ? null : new CallProxy(connectors);
        this.sso = sso;
        this.publicUrl = publicUrl;
    }

    /** {@code GET /apps/{appId}/external-auth/tokens/{type}} and {@code .../tokens/connectors/{connectorId}}. */
    void appToken(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.service(ctx, appId, SERVICE_ONLY);
        String type = ctx.pathParamMap().containsKey("connectorId") ? ctx.pathParam("connectorId") : ctx.pathParam("type");
        token(ctx, appId, type, "");
    }

    /** {@code GET /apps/{appId}/app-user-auth/connectors/{connectorId}/token}: the on-behalf-of user's connection. */
    void userToken(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal.Service s = callers.service(ctx, appId, SERVICE_ONLY);
        if (s.onBehalfOf() == null) throw ApiException.unauthorized();
        token(ctx, appId, ctx.pathParam("connectorId"), s.onBehalfOf().id());
    }

    private void token(Context ctx, String appId, String type, String userId) {
        Connectors.Connection c = run(() -> require().connection(appId, type, userId));
        ObjectNode out = Json.object();
        out.put("access_token", c.accessToken());
        out.put("integration_type", type);
        if (c.connectionConfig().isEmpty()) out.putNull("connection_config");
        else out.set("connection_config", Json.MAPPER.valueToTree(c.connectionConfig()));
        EntityApi.json(ctx, 200, out);
    }

    /** {@code POST /apps/{appId}/connectors/{type}/call}. */
    void call(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.service(ctx, appId, SERVICE_ONLY);
        var body = bodies.json(ctx);
        String type = ctx.pathParam("type");
        EntityApi.json(ctx, 200, run(() -> {
            require();
            return proxy.call(appId, type, body);
        }));
    }

    /** {@code POST /apps/{appId}/app-user-auth/connectors/{connectorId}/initiate}: the signed-in user connects their account. */
    void initiate(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal.User u = callers.user(ctx, appId);
        URI url = run(() -> require().start(appId, ctx.pathParam("connectorId"), u.id(), callbackUrl(ctx)));
        EntityApi.json(ctx, 200, Map.of("redirect_url", url.toString(), "already_authorized", false));
    }

    /** {@code POST /apps/{appId}/connectors/{type}/connect}: an admin (or the service role) connects the app's own account. */
    void connectApp(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        callers.adminOrService(ctx, appId, "Only an admin can connect the app's accounts");
        URI url = run(() -> require().start(appId, ctx.pathParam("type"), "", callbackUrl(ctx)));
        EntityApi.json(ctx, 200, Map.of("redirect_url", url.toString()));
    }

    /** {@code DELETE /apps/{appId}/app-user-auth/connectors/{connectorId}}. */
    void disconnect(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal.User u = callers.user(ctx, appId);
        String id = ctx.pathParam("connectorId");
        if (!run(() -> require().disconnect(appId, id, u.id()))) {
            throw ApiException.notFound("No active connection found for this connector");
        }
        EntityApi.json(ctx, 200, Map.of("status", "disconnected", "connector_id", id));
    }

    /** {@code GET /api/connectors/callback?state&code[&error]}: stores the tokens, answers a page. */
    void callback(Context ctx) {
        if (connectors == null) {
            LoginPage.errorPage(ctx, 404, "This server has no connectors.");
            return;
        }
        try {
            Connectors.Connected done = connectors.finish(ctx.queryParam("state"), ctx.queryParam("code"), ctx.queryParam("error"));
            String nonce = java.util.UUID.randomUUID().toString().replace("-", "");
            ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
            ctx.status(200).contentType("text/html; charset=utf-8").result("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>Connected</title></head><body><main><h1>Connected</h1><p>"
                    + LoginPage.html(done.connector()) + " is connected" + (done.userId().isEmpty() ? " for the app" : "")
                    + ". You can close this window.</p></main></body></html>");
        } catch (ConnectorException e) {
            LoginPage.errorPage(ctx, e.status(), e.getMessage());
        }
    }

    /** {@code GET /apps/{appId}/auth/sso/accesstoken/{userId}}: {@code {"access_token": ...}}. */
    void ssoAccessToken(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        String userId = onBehalfOf(ctx, appId);
        EntityApi.json(ctx, 200, Map.of("access_token", run(() -> sso.accessToken(appId, userId))));
    }

    /** {@code GET /apps/{appId}/auth/sso/idtoken/{userId}}: the raw ID token as a JSON string. */
    void ssoIdToken(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        String userId = onBehalfOf(ctx, appId);
        EntityApi.json(ctx, 200, run(() -> sso.idToken(appId, userId)));
    }

    /** The path's user, when it is the on-behalf-of user of a service-role call. */
    private String onBehalfOf(Context ctx, String appId) {
        Principal.Service s = callers.service(ctx, appId, SERVICE_ONLY);
        String userId = ctx.pathParam("userId");
        if (s.onBehalfOf() == null || !java.security.MessageDigest.isEqual(s.onBehalfOf().id().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                userId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("SSO tokens are only served for the on-behalf-of user of the call");
        }
        if (sso == null) throw ApiException.coded(404, "NOT_FOUND", "No access token stored");
        return userId;
    }

    private URI callbackUrl(Context ctx) {
        String origin = publicUrl.orElseGet(() -> LoginPage.requestOrigin(ctx));
        if (origin == null) throw ApiException.badRequest("The request names no host; set HOMEBASE_PUBLIC_URL");
        return URI.create(origin.replaceAll("/+$", "") + CALLBACK_PATH);
    }

    private Connectors require() {
        if (connectors == null) throw new ConnectorException(404, "NOT_FOUND", "Connector connection not found");
        return connectors;
    }

    /** Runs connector work, turning its refusals into the JSON errors of §8 ({@code detail}, {@code code}). */
    private static <T> T run(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ConnectorException e) {
            throw new ApiException(e.status(), e.code(), e.status() == 404 ? "NotFoundError" : "ConnectorError", e.getMessage(),
                    Map.of());
        }
    }
}

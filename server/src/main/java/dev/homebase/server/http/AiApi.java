package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.ai.AiException;
import dev.homebase.server.ai.AiServices;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.integrations.IntegrationQuota;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The AI routes: {@code InvokeLLM} and {@code GenerateImage} (api-contract §7.1), the AI
 * gateway's Chat Completions (§15). Generated images are public files, served at {@code /media/}.
 * InvokeLLM and GenerateImage count against their per-app and per-user limits ({@link IntegrationQuota}) once the
 * caller is authorised; over a limit is a 429 with {@code Retry-After}.
 */
final class AiApi {
    private final Apps apps;
    private final Bodies bodies;
    private final Callers callers;
    private final IntegrationAccess access;
    private final AiServices ai;
    private final Optional<String> publicUrl;
    private final IntegrationQuota quota;

    /** @param quota the limits of InvokeLLM and GenerateImage (null: none) */
    AiApi(Apps apps, Bodies bodies, Callers callers, IntegrationAccess access, AiServices ai, Optional<String> publicUrl,
          IntegrationQuota quota) {
        this.quota = quota;
        this.apps = apps;
        this.bodies = bodies;
        this.callers = callers;
        this.access = access;
        this.ai = ai;
        this.publicUrl = publicUrl;
    }

    /** {@code POST /api/apps/{appId}/integration-endpoints/Core/InvokeLLM}: a JSON string or the schema's object. */
    void invokeLlm(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal caller = access.require(ctx, appId, "InvokeLLM");
        JsonNode body = bodies.object(ctx);
        count(ctx, IntegrationQuota.Limited.INVOKE_LLM, appId, caller);
        EntityApi.json(ctx, 200, run(ctx, () -> ai.invokeLlm(appId, body, ownOrigins(ctx), self(ctx))));
    }

    /** {@code POST /api/apps/{appId}/integration-endpoints/Core/GenerateImage}: {@code {"url"}}. */
    void generateImage(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        Principal caller = access.require(ctx, appId, "GenerateImage");
        JsonNode body = bodies.object(ctx);
        count(ctx, IntegrationQuota.Limited.GENERATE_IMAGE, appId, caller);
        EntityApi.json(ctx, 200, run(ctx, () -> ai.generateImage(appId, body)));
    }

    /** {@code POST /api/apps/{appId}/ai/openai/v1/chat/completions}: a user or service token only (§15). */
    void chatCompletions(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        if (callers.of(ctx, appId) instanceof Principal.Anonymous) throw ApiException.unauthorized();
        JsonNode body = bodies.object(ctx);
        EntityApi.json(ctx, 200, run(ctx, () -> ai.chatCompletions(appId, body)));
    }

    /** Counts the call against its limits. @throws dev.homebase.server.auth.AuthException 429 over one (the mapper adds Retry-After) */
    private void count(Context ctx, IntegrationQuota.Limited integration, String appId, Principal caller) {
        if (quota == null) return;
        String key = switch (caller) {
            case Principal.User u -> "user:" + u.id();
            default -> "ip:" + ctx.ip();
        };
        quota.count(integration, appId, caller, key);
    }

    interface Call {
        Object run();
    }

    /** Runs an AI call and turns its failure into the API's error answer (429 with {@code Retry-After}). */
    static Object run(Context ctx, Call call) {
        try {
            return call.run();
        } catch (AiException e) {
            if (e.status() == 429 && e.retryAfterSeconds() >= 0) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            String type = switch (e.status()) {
                case 400 -> "BadRequestError";
                case 429 -> "RateLimitError";
                case 503 -> "ServiceUnavailableError";
                case 504 -> "GatewayTimeoutError";
                default -> "BadGatewayError";
            };
            throw new ApiException(e.status(), e.code(), type, e.getMessage(), Map.of());
        }
    }

    /** This server's origins: the one the request came to, and the public URL when set. */
    private Set<String> ownOrigins(Context ctx) {
        Set<String> out = new LinkedHashSet<>();
        origin(ctx.url()).ifPresent(out::add);
        publicUrl.flatMap(AiApi::origin).ifPresent(out::add);
        return out;
    }

    /** Where this server answers: the local address and port of the request's socket (not the Host header). */
    private static String self(Context ctx) {
        String address = ctx.req().getLocalAddr();
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0")) address = "127.0.0.1";
        if (address.contains(":")) address = "[" + address + "]";
        return "http://" + address + ":" + ctx.req().getLocalPort();
    }

    static Optional<String> origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null) return Optional.empty();
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return Optional.of(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

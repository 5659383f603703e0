package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.integrations.custom.CustomIntegrationException;
import dev.homebase.server.integrations.custom.CustomIntegrationService;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /api/apps/{appId}/integrations/custom/{slug}/{operationId…}} (api-contract §7.4), what
 * {@code integrations.custom.call(slug, operationId, params)} sends. Resolve the app, authorise (a signed-in
 * user or the service role; anonymous callers only when the app lists {@code "custom/<slug>"} in
 * {@code "integrations": {"allowAnonymous": [...]}}), take the operation id from the raw path (the client
 * inserts it unencoded: {@code get:/repos/%7Bowner%7D}), call, answer {@code {success, status_code, data}}.
 */
final class CustomIntegrationsApi {
    private static final String MARKER = "/integrations/custom/";

    private final Apps apps;
    private final IntegrationAccess access;
    private final Bodies bodies;
    private final CustomIntegrationService custom;

    /** @param custom the calls; null: no app has custom integrations (every slug is unknown) */
    CustomIntegrationsApi(Apps apps, IntegrationAccess access, Bodies bodies, CustomIntegrationService custom) {
        this.apps = apps;
        this.access = access;
        this.bodies = bodies;
        this.custom = custom;
    }

    /** The call. */
    void call(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        String slug = ctx.pathParam("slug");
        access.require(ctx, appId, "custom/" + slug);
        String operation = operation(ctx, slug);
        JsonNode body = bodies.json(ctx);
        if (body != null && !body.isObject()) throw ApiException.badRequest("Request body must be a JSON object");
        if (custom == null) throw error(404, "not_found", "Custom integration '" + slug + "' not found in workspace");
        try {
            EntityApi.json(ctx, 200, custom.call(appId, slug, operation, body));
        } catch (CustomIntegrationException e) {
            throw error(e.status(), e.code(), e.getMessage());
        }
    }

    private static ApiException error(int status, String code, String message) {
        String type = switch (status) {
            case 400 -> "BadRequestError";
            case 404 -> "ObjectNotFoundError";
            case 503 -> "ServiceUnavailableError";
            case 504 -> "GatewayTimeoutError";
            default -> "BadGatewayError";
        };
        return new ApiException(status, code, type, message, Map.of());
    }

    /** Everything after {@code {slug}/} in the raw path, percent-decoded (a {@code +} stays a {@code +}). */
    private static String operation(Context ctx, String slug) {
        String raw = ctx.req().getRequestURI();
        int at = raw.indexOf(MARKER);
        String rest = at < 0 ? "" : raw.substring(at + MARKER.length());
        int slash = rest.indexOf('/');
        String op = slash < 0 ? "" : rest.substring(slash + 1);
        if (op.isEmpty()) throw ApiException.badRequest("Operation ID is required: POST .../integrations/custom/" + slug + "/<operationId>");
        return percentDecode(op);
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                int cp = text.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

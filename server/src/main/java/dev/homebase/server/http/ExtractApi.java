package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.integrations.extract.DataExtraction;
import dev.homebase.server.integrations.extract.ExtractException;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/apps/{appId}/integration-endpoints/Core/ExtractDataFromUploadedFile} (api-contract §7.1):
 * {@code {file_url, json_schema}} → {@code {"status": "success", "details": null, "output": ...}} (an object's
 * fields also at the top level) or {@code {"status": "error", "details": "<why>", "output": null}}, both 200.
 * A refused request is a 4xx ({@link ExtractException}); a model provider failure keeps InvokeLLM's status
 * (503 without a provider, 429, 502, 504).
 */
final class ExtractApi {
    private static final String NAME = "ExtractDataFromUploadedFile";

    private final Apps apps;
    private final Bodies bodies;
    private final IntegrationAccess access;
    private final DataExtraction extraction;
    private final Optional<String> publicUrl;

    ExtractApi(Apps apps, Bodies bodies, IntegrationAccess access, DataExtraction extraction, Optional<String> publicUrl) {
        this.apps = apps;
        this.bodies = bodies;
        this.access = access;
        this.extraction = extraction;
        this.publicUrl = publicUrl;
    }

    /** Resolve the app, authorise (like every Core integration), validate and extract, answer the envelope. */
    void extract(Context ctx) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        access.require(ctx, appId, NAME);
        JsonNode body = bodies.object(ctx);
        Object answer = AiApi.run(ctx, () -> {
            try {
                return extraction.extract(appId, body, ownOrigins(ctx));
            } catch (ExtractException e) {
                String type = switch (e.status()) {
                    case 401 -> "UnauthorizedError";
                    case 403 -> "PermissionDeniedError";
                    case 404 -> "ObjectNotFoundError";
                    default -> "BadRequestError";
                };
                throw new ApiException(e.status(), e.code(), type, e.getMessage(), Map.of());
            }
        });
        EntityApi.json(ctx, 200, answer);
    }

    /**
     * This server's origins: the one the request came to, and the public URL when set. The Host header is the
     * caller's, but that is harmless here: a matching URL is only ever read from this server's own storage.
     */
    private Set<String> ownOrigins(Context ctx) {
        Set<String> out = new LinkedHashSet<>();
        AiApi.origin(ctx.url()).ifPresent(out::add);
        publicUrl.flatMap(AiApi::origin).ifPresent(out::add);
        return out;
    }
}

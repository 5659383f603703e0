package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * The Core integration {@code GenerateImage} (api-contract §7.1): the provider's
 * {@code /images/generations}, whose answer ({@code b64_json} or a {@code url} to download) is
 * stored as a public file; answers {@code {"url"}}. Thread-safe.
 */
final class ImageGeneration {
    /** Largest image accepted from the provider. */
    static final int MAX_IMAGE_BYTES = 25 * 1024 * 1024;

    private final ProviderClient client;
    private final ImageStore store;
    private final UsageLog usage;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    ImageGeneration(ProviderClient client, ImageStore store, UsageLog usage) {
        this.client = client;
        this.store = store;
        this.usage = usage;
    }

    /** @throws AiException 400 for a bad prompt or a refusal by the provider, 502/504/429 for provider failures */
    ObjectNode generate(String appId, ProviderTarget target, JsonNode body) {
        JsonNode prompt = body.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) throw AiException.badRequest("prompt is required (a non-empty string)");
        if (prompt.asText().length() > 32_000) throw AiException.badRequest("prompt is longer than 32000 characters");
        ObjectNode request = Json.object();
        if (!target.imageModel().isEmpty()) request.put("model", target.imageModel());
        request.put("prompt", prompt.asText()).put("n", 1).put("size", "1024x1024");
        long started = System.nanoTime();
        // A provider 4xx here is mostly a content-policy refusal of the caller's prompt: a 400 with its message.
        ObjectNode reply = client.post(target, "/images/generations", request, 400);
        usage.record(appId, "GenerateImage", target.imageModel(), reply, started);
        JsonNode first = reply.path("data").path(0);
        byte[] bytes;
        if (first.path("b64_json").isTextual()) {
            try {
                bytes = Base64.getMimeDecoder().decode(first.path("b64_json").asText());
            } catch (IllegalArgumentException e) {
                throw new AiException(502, "provider_bad_reply", "The image provider's b64_json is not base64", -1);
            }
        } else if (first.path("url").isTextual()) {
            bytes = download(first.path("url").asText());
        } else {
            throw new AiException(502, "provider_bad_reply", "The image provider's answer has neither data[0].b64_json nor data[0].url", -1);
        }
        String type = sniff(bytes);
        if (type == null) throw new AiException(502, "provider_bad_reply", "The image provider's answer is not a PNG, JPEG, WebP or GIF image", -1);
        return Json.object().put("url", store.storePublic(appId, bytes, type));
    }

    private byte[] download(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new AiException(502, "provider_bad_reply", "The image provider's url is not a URL", -1);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new AiException(502, "provider_bad_reply", "The image provider's url is not http(s)", -1);
        }
        try {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) throw new AiException(502, "provider_error", "The image download answered HTTP " + res.statusCode(), -1);
                byte[] bytes = in.readNBytes(MAX_IMAGE_BYTES + 1);
                if (bytes.length > MAX_IMAGE_BYTES) throw new AiException(502, "provider_bad_reply", "The generated image is larger than 25 MB", -1);
                return bytes;
            }
        } catch (IOException e) {
            throw new AiException(502, "provider_error", "The generated image cannot be downloaded", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException(503, "interrupted", "The server is stopping", -1);
        }
    }

    /** The image type from the magic bytes, or null. */
    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return "image/jpeg";
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "image/webp";
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return "image/gif";
        return null;
    }
}

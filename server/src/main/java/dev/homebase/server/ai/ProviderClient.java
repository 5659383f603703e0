package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to an OpenAI-compatible provider with a timeout per attempt and retries with
 * exponential backoff on 429, 5xx and refused connections ({@code Retry-After} wins when the
 * provider sends one, capped at 30 s). Maps what is left to {@link AiException}: 429 stays 429,
 * a timeout is 504, other failures are 502, and a provider 4xx keeps its own message. Thread-safe.
 *
 * <p>NB: the API key goes only into the {@code Authorization} header; no log line or error names it.
 */
final class ProviderClient {
    private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);
    private static final long MAX_RETRY_AFTER_SECONDS = 30;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AiSettings settings;

    ProviderClient(AiSettings settings) {
        this.settings = settings;
    }

    /**
     * POSTs {@code body} to {@code target.url + path} and answers the provider's JSON object.
     *
     * @param clientErrorStatus the status a provider 4xx (other than 429) becomes: 400 when the
     *     caller's own input was refused (gateway, image content policy), 502 when ours was
     * @throws AiException for any failure, after the retries
     */
    ObjectNode post(ProviderTarget target, String path, JsonNode body, int clientErrorStatus) {
        URI uri = target.endpoint(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (!target.apiKey().isEmpty()) request.header("Authorization", "Bearer " + target.apiKey());
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= settings.maxRetries();
            HttpResponse<String> res;
            try {
                res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // No retry: the caller has already waited a whole timeout.
                throw new AiException(504, "provider_timeout", "The model provider did not answer within "
                        + settings.timeout().toSeconds() + " s (HOMEBASE_LLM_TIMEOUT_SECONDS)", -1);
            } catch (ConnectException e) {
                if (last) throw new AiException(502, "provider_unreachable", "The model provider at " + target.url() + " cannot be reached", -1);
                sleep(wait(attempt, null));
                continue;
            } catch (IOException e) {
                if (last) throw new AiException(502, "provider_error", "The model provider failed: " + e.getClass().getSimpleName(), -1);
                sleep(wait(attempt, null));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AiException(503, "interrupted", "The server is stopping", -1);
            }
            int status = res.statusCode();
            if (status / 100 == 2) return parse(res.body());
            String retryAfter = res.headers().firstValue("Retry-After").orElse(null);
            if ((status == 429 || status >= 500) && !last) {
                log.info("model provider answered {} to {}; retry {} of {}", status, path, attempt + 1, settings.maxRetries());
                sleep(wait(attempt, retryAfter));
                continue;
            }
            String why = providerMessage(res.body());
            if (status == 429) {
                throw new AiException(429, "provider_rate_limited", "The model provider is rate limiting requests" + why,
                        Math.min(MAX_RETRY_AFTER_SECONDS, seconds(retryAfter, 1)));
            }
            if (status >= 500) throw new AiException(502, "provider_error", "The model provider failed with HTTP " + status + why, -1);
            if (status == 401 || status == 403) {
                // The server's (or app's) key is wrong: not the caller's fault.
                throw new AiException(502, "provider_auth", "The model provider refused the API key (HTTP " + status
                        + "); check HOMEBASE_LLM_API_KEY or the app's llm.apiKeySecret", -1);
            }
            throw new AiException(clientErrorStatus, clientErrorStatus == 400 ? "provider_rejected" : "provider_error",
                    "The model provider rejected the request with HTTP " + status + why, -1);
        }
    }

    private static ObjectNode parse(String body) {
        try {
            if (Json.parse(body) instanceof ObjectNode o) return o;
        } catch (IOException ignored) {
            // falls through
        }
        throw new AiException(502, "provider_bad_reply", "The model provider answered something that is not a JSON object", -1);
    }

    /** {@code ": <provider's error message>"} (OpenAI's {@code error.message}), shortened, or "". */
    private static String providerMessage(String body) {
        try {
            JsonNode json = Json.parse(body);
            JsonNode m = json.path("error").isTextual() ? json.path("error") : json.path("error").path("message");
            if (m.isMissingNode() || m.asText().isBlank()) m = json.path("message");
            String text = m.asText("");
            if (text.isBlank()) return "";
            return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private Duration wait(int attempt, String retryAfter) {
        long seconds = seconds(retryAfter, -1);
        if (seconds >= 0) return Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER_SECONDS));
        return settings.backoff().multipliedBy(1L << Math.min(attempt, 6));
    }

    private static long seconds(String retryAfter, long fallback) {
        if (retryAfter == null) return fallback;
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return fallback; // an HTTP date: use our own backoff
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException(503, "interrupted", "The server is stopping", -1);
        }
    }
}

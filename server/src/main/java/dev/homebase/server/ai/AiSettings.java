package dev.homebase.server.ai;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server-wide model provider: any OpenAI-compatible API. Immutable.
 *
 * @param url the provider's base URL, ending in {@code /v1} ({@code HOMEBASE_LLM_URL}); empty: no provider
 * @param apiKey the bearer key ({@code HOMEBASE_LLM_API_KEY}), empty for providers without one (Ollama)
 * @param model the default chat model ({@code HOMEBASE_LLM_MODEL})
 * @param imageModel the image model ({@code HOMEBASE_IMAGE_MODEL}); empty: the provider's default
 * @param models Base44 model name → provider model ({@code HOMEBASE_LLM_MODELS="gpt_5_mini=gpt-4o-mini,..."})
 * @param timeout how long one provider request may take ({@code HOMEBASE_LLM_TIMEOUT_SECONDS}, default 120)
 * @param maxRetries retries after a 429 or 5xx ({@code HOMEBASE_LLM_MAX_RETRIES}, default 2)
 * @param backoff the first wait before a retry, doubled each time ({@code Retry-After} wins when given)
 */
public record AiSettings(Optional<URI> url, String apiKey, String model, String imageModel, Map<String, String> models,
                         Duration timeout, int maxRetries, Duration backoff) {

    /** Copies the table; checks the numbers. */
    public AiSettings {
        models = Map.copyOf(models);
        if (maxRetries < 0 || maxRetries > 10) throw new IllegalArgumentException("HOMEBASE_LLM_MAX_RETRIES must be 0..10");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("HOMEBASE_LLM_TIMEOUT_SECONDS must be positive");
    }

    /** No provider: InvokeLLM, GenerateImage and the gateway answer 503. */
    public static AiSettings none() {
        return new AiSettings(Optional.empty(), "", "", "", Map.of(), Duration.ofSeconds(120), 2, Duration.ofMillis(500));
    }

    /**
     * Reads the {@code HOMEBASE_LLM_*} and {@code HOMEBASE_IMAGE_MODEL} variables.
     *
     * @throws IllegalArgumentException with a one-line reason for a bad value
     */
    public static AiSettings fromEnvironment(Function<String, String> env) {
        String url = trim(env.apply("HOMEBASE_LLM_URL"));
        String timeout = trim(env.apply("HOMEBASE_LLM_TIMEOUT_SECONDS"));
        String retries = trim(env.apply("HOMEBASE_LLM_MAX_RETRIES"));
        try {
            return new AiSettings(url.isEmpty() ? Optional.empty() : Optional.of(baseUrl(url, "HOMEBASE_LLM_URL")),
                    trim(env.apply("HOMEBASE_LLM_API_KEY")), trim(env.apply("HOMEBASE_LLM_MODEL")),
                    trim(env.apply("HOMEBASE_IMAGE_MODEL")), modelTable(trim(env.apply("HOMEBASE_LLM_MODELS"))),
                    Duration.ofSeconds(timeout.isEmpty() ? 120 : Long.parseLong(timeout)),
                    retries.isEmpty() ? 2 : Integer.parseInt(retries), Duration.ofMillis(500));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HOMEBASE_LLM_TIMEOUT_SECONDS and HOMEBASE_LLM_MAX_RETRIES must be whole numbers");
        }
    }

    /** These settings with another first retry wait (tests use a short one). */
    public AiSettings withBackoff(Duration first) {
        return new AiSettings(url, apiKey, model, imageModel, models, timeout, maxRetries, first);
    }

    /** These settings with another request timeout. */
    public AiSettings withTimeout(Duration perRequest) {
        return new AiSettings(url, apiKey, model, imageModel, models, perRequest, maxRetries, backoff);
    }

    /** A provider base URL: http(s), no query; a trailing slash is dropped. @throws IllegalArgumentException */
    static URI baseUrl(String text, String setting) {
        URI uri;
        try {
            uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not a URL: " + text);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
            throw new IllegalArgumentException(setting + " must be an http(s) base URL such as https://api.openai.com/v1, got " + text);
        }
        return uri;
    }

    /** {@code "a=b,c=d"} → {@code {a: b, c: d}}. @throws IllegalArgumentException */
    static Map<String, String> modelTable(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) return out;
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("HOMEBASE_LLM_MODELS must look like gpt_5_mini=gpt-4o-mini,claude_sonnet_4_6=...; bad entry: " + pair.trim());
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}

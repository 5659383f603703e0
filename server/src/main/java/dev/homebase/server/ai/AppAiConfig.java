package dev.homebase.server.ai;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one app's {@code base44/config.jsonc} says about AI: the {@code "llm"} override of the
 * server's provider. Read once at start. (Who may call the AI integrations is
 * {@code "integrations"}, read by {@code project/IntegrationSettings} for every Core integration.)
 *
 * <pre>{@code
 * "llm": {"url": "https://openrouter.ai/api/v1", "apiKeySecret": "OPENROUTER_KEY",
 *         "model": "openai/gpt-4o-mini", "imageModel": "...", "models": {"claude_sonnet_4_6": "anthropic/claude-sonnet-4"}}
 * }</pre>
 *
 * @param url the app's own provider, or empty to use the server's
 * @param apiKeySecret the name of the app secret holding the key ({@code homebase secrets set NAME=...});
 *     default {@code LLM_API_KEY}
 * @param model the app's default model, or empty
 * @param imageModel the app's image model, or empty
 * @param models the app's Base44 name → provider model table (over the server's)
 */
public record AppAiConfig(Optional<URI> url, String apiKeySecret, String model, String imageModel,
                          Map<String, String> models) {
    /** The default secret name of an app's own provider key. */
    public static final String DEFAULT_KEY_SECRET = "LLM_API_KEY";

    private static final Set<String> KEYS = Set.of("url", "apiKeySecret", "model", "imageModel", "models");
    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    /** Copies the collections. */
    public AppAiConfig {
        models = Map.copyOf(models);
    }

    /** No override. */
    public static AppAiConfig none() {
        return new AppAiConfig(Optional.empty(), DEFAULT_KEY_SECRET, "", "", Map.of());
    }

    /**
     * Reads {@code base44/config.jsonc} (or {@code config.json}) of a project folder.
     *
     * @throws IllegalArgumentException with the file and the bad key
     */
    public static AppAiConfig read(Path projectDir) {
        Path file = projectDir.resolve("base44/config.jsonc");
        if (!Files.exists(file)) file = projectDir.resolve("base44/config.json");
        if (!Files.exists(file)) return none();
        JsonNode root;
        try {
            root = JSONC.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) return none();
        JsonNode llm = root.get("llm");
        if (llm == null || llm.isNull()) return none();
        if (!llm.isObject()) throw new IllegalArgumentException(file + ": \"llm\" must be an object");
        for (String key : (Iterable<String>) llm::fieldNames) {
            if (key.equals("apiKey")) {
                throw new IllegalArgumentException(file + ": the provider key does not belong in config.jsonc; store it with "
                        + "./homebase secrets set " + DEFAULT_KEY_SECRET + "=... (or name another secret in \"apiKeySecret\")");
            }
            if (!KEYS.contains(key)) throw new IllegalArgumentException(file + ": unknown key llm." + key);
        }
        Map<String, String> models = new LinkedHashMap<>();
        JsonNode table = llm.path("models");
        if (!table.isMissingNode()) {
            if (!table.isObject()) throw new IllegalArgumentException(file + ": llm.models must map Base44 model names to provider models");
            table.properties().forEach(e -> models.put(e.getKey(), e.getValue().asText()));
        }
        String url = text(llm, "url", file);
        String secret = text(llm, "apiKeySecret", file);
        return new AppAiConfig(url.isEmpty() ? Optional.empty() : Optional.of(AiSettings.baseUrl(url, file + ": llm.url")),
                secret.isEmpty() ? DEFAULT_KEY_SECRET : secret, text(llm, "model", file), text(llm, "imageModel", file),
                models);
    }

    private static String text(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return "";
        if (!v.isTextual()) throw new IllegalArgumentException(file + ": llm." + key + " must be a string");
        return v.asText().trim();
    }
}

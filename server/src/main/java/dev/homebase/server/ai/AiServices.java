package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.project.Project;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The AI features of the hosted apps: InvokeLLM, GenerateImage and the AI gateway, on the
 * server's OpenAI-compatible provider or an app's own ({@code "llm"} in its {@code config.jsonc},
 * the key from its secrets). Built once at start; thread-safe.
 *
 * <pre>{@code
 * AiServices ai = new AiServices(AiSettings.fromEnvironment(System::getenv), projects, secrets::find, images);
 * JsonNode answer = ai.invokeLlm(appId, body, Set.of("http://127.0.0.1:4400"), "http://127.0.0.1:4400");
 * }</pre>
 */
public final class AiServices {
    private final AiSettings settings;
    private final Map<String, AppAiConfig> apps = new HashMap<>();
    private final BiFunction<String, String, Optional<String>> secrets;
    private final InvokeLlm invokeLlm;
    private final ImageGeneration images;
    private final ChatGateway gateway;
    private final ProviderClient agentClient;
    private final UsageLog usage;

    /**
     * @param projects the hosted apps, whose {@code config.jsonc} is read now
     * @param secrets (appId, secret name) → the app's secret value
     * @param store where generated images go
     * @throws IllegalArgumentException for a bad {@code llm} or {@code integrations} key in an app's config
     */
    public AiServices(AiSettings settings, List<Project> projects, BiFunction<String, String, Optional<String>> secrets, ImageStore store) {
        this.settings = settings;
        this.secrets = secrets;
        for (Project p : projects) apps.put(p.appId(), AppAiConfig.read(p.dir()));
        ProviderClient client = new ProviderClient(settings);
        UsageLog usage = new UsageLog();
        this.agentClient = client;
        this.usage = usage;
        this.invokeLlm = new InvokeLlm(client, new FileParts(), usage);
        this.images = new ImageGeneration(client, store, usage);
        this.gateway = new ChatGateway(client, usage);
    }

    /**
     * InvokeLLM (§7.1): a JSON string, or the object matching {@code response_json_schema}.
     *
     * @param ownOrigins the origins ({@code scheme://host:port}) whose {@code file_urls} are this server's files
     * @param self this server's own address ({@code http://address:port}), where those files are read
     * @throws AiException
     */
    public JsonNode invokeLlm(String appId, JsonNode body, Set<String> ownOrigins, String self) {
        return invokeLlm.invoke(appId, target(appId, true), body, ownOrigins, self);
    }

    /**
     * Structured output for ExtractDataFromUploadedFile (§7.1): one user message of {@code content} parts
     * ({@code text}, {@code image_url}) on the app's provider and default model, the answer checked against
     * {@code schema} with one retry, as InvokeLLM with {@code response_json_schema}.
     *
     * @throws AiException 503 when no provider is configured, and the provider failures of InvokeLLM
     */
    public JsonNode extractStructured(String appId, ArrayNode content, JsonNode schema) {
        return invokeLlm.complete(appId, target(appId, true), null, content, schema);
    }

    /** GenerateImage (§7.1): {@code {"url"}}. @throws AiException */
    public ObjectNode generateImage(String appId, JsonNode body) {
        return images.generate(appId, target(appId, false), body);
    }

    /** The AI gateway's Chat Completions (§15): the provider's answer. @throws AiException */
    public ObjectNode chatCompletions(String appId, JsonNode body) {
        return gateway.complete(appId, target(appId, true), body);
    }

    /**
     * One Chat Completions call of an AI agent (OpenAI-compatible tool calling): {@code request} carries
     * {@code messages} and {@code tools}; the model is the app's default. A provider 4xx is a 502 here (our request,
     * not the caller's, was refused).
     *
     * @throws AiException when no provider is configured or the call fails (after the retries)
     */
    public ObjectNode agentCompletion(String appId, ObjectNode request) {
        ProviderTarget target = target(appId, true);
        ObjectNode sent = request.deepCopy();
        sent.put("model", target.chatModel(null));
        long started = System.nanoTime();
        ObjectNode reply = agentClient.post(target, "/chat/completions", sent, 502);
        usage.record(appId, "agent", target.model(), reply, started);
        return reply;
    }

    private AppAiConfig config(String appId) {
        return apps.getOrDefault(appId, AppAiConfig.none());
    }

    /** The provider for an app. @throws AiException 503 when there is none (or, for chat, no model) */
    ProviderTarget target(String appId, boolean chat) {
        AppAiConfig app = config(appId);
        Map<String, String> models = new HashMap<>(settings.models());
        models.putAll(app.models());
        String model = app.model().isEmpty() ? settings.model() : app.model();
        String imageModel = app.imageModel().isEmpty() ? settings.imageModel() : app.imageModel();
        URI url;
        String key;
        if (app.url().isPresent()) {
            url = app.url().get();
            key = secrets.apply(appId, app.apiKeySecret()).orElse("");
        } else if (settings.url().isPresent()) {
            url = settings.url().get();
            key = settings.apiKey();
        } else {
            throw new AiException(503, "ai_not_configured", "No model provider is configured on this server: set HOMEBASE_LLM_URL "
                    + "(an OpenAI-compatible base URL ending in /v1), HOMEBASE_LLM_API_KEY and HOMEBASE_LLM_MODEL, "
                    + "or \"llm\": {\"url\": ...} in the app's base44/config.jsonc", -1);
        }
        if (chat && model.isEmpty()) {
            throw new AiException(503, "ai_not_configured", "No default model is configured: set HOMEBASE_LLM_MODEL "
                    + "(or \"llm\": {\"model\": ...} in the app's base44/config.jsonc)", -1);
        }
        return new ProviderTarget(url, key, model, imageModel, models);
    }
}

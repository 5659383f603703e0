package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The Core integration {@code InvokeLLM} (api-contract §7.1) on a Chat Completions provider.
 * Without {@code response_json_schema} it answers the model's text as a JSON string; with one it
 * asks for structured output, checks the reply against the schema (one retry with the errors on
 * a mismatch) and answers the object. Thread-safe.
 */
final class InvokeLlm {
    /** Largest prompt accepted, in characters. */
    static final int MAX_PROMPT_CHARS = 1_000_000;
    private static final String WRAPPED = "result";

    private final ProviderClient client;
    private final FileParts files;
    private final UsageLog usage;

    InvokeLlm(ProviderClient client, FileParts files, UsageLog usage) {
        this.client = client;
        this.files = files;
        this.usage = usage;
    }

    /**
     * Runs one InvokeLLM request.
     *
     * @param ownOrigins this server's origins, to tell its files from other servers' ones
     * @param self this server's own address ({@code http://address:port}), where its files are read
     * @throws AiException for bad input (400) and provider failures
     */
    JsonNode invoke(String appId, ProviderTarget target, JsonNode body, Set<String> ownOrigins, String self) {
        JsonNode prompt = body.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) throw AiException.badRequest("prompt is required (a non-empty string)");
        if (prompt.asText().length() > MAX_PROMPT_CHARS) throw AiException.badRequest("prompt is longer than " + MAX_PROMPT_CHARS + " characters");
        JsonNode internet = body.get("add_context_from_internet");
        if (internet != null && !internet.isNull() && !internet.isBoolean()) throw AiException.badRequest("add_context_from_internet must be true or false");
        if (internet != null && internet.asBoolean()) {
            throw AiException.badRequest("add_context_from_internet needs a web search provider, and none is configured on this "
                    + "server; call InvokeLLM without it");
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.isTextual()) throw AiException.badRequest("model must be a string such as gpt_5_mini");
        JsonNode schema = body.get("response_json_schema");
        if (schema != null && schema.isNull()) schema = null;
        if (schema != null) SchemaCheck.requireSchema(schema, "response_json_schema");

        ArrayNode content = Json.MAPPER.createArrayNode();
        content.addObject().put("type", "text").put("text", prompt.asText());
        files.append(body.get("file_urls"), ownOrigins, self, content);
        return complete(appId, target, model == null || model.isNull() ? null : model.asText(), content, schema);
    }

    /**
     * Sends one user message of {@code content} parts (a lone text part goes as a plain string) and answers as
     * {@link #invoke} does: the text, or with {@code schema} the checked object (one retry on a mismatch).
     *
     * @param model a Base44 model name, or null for the default
     * @throws AiException for provider failures, and 502 {@code provider_bad_reply} when the answer does not fit
     */
    JsonNode complete(String appId, ProviderTarget target, String model, ArrayNode content, JsonNode schema) {
        ObjectNode request = Json.object();
        request.put("model", target.chatModel(model));
        ArrayNode messages = request.putArray("messages");
        ObjectNode user = messages.addObject().put("role", "user");
        if (content.size() == 1 && content.get(0).path("type").asText().equals("text")) user.put("content", content.get(0).path("text").asText());
        else user.set("content", content);
        if (schema == null) return TextNode.valueOf(text(appId, target, request));

        // Structured output needs an object at the root (OpenAI): other roots travel wrapped in {"result": ...}.
        boolean wrap = !"object".equals(schema.path("type").asText());
        ObjectNode sent = wrap ? wrapped(schema) : (ObjectNode) schema;
        ObjectNode format = request.putObject("response_format").put("type", "json_schema");
        format.putObject("json_schema").put("name", "response").put("strict", strictCompatible(sent)).set("schema", sent);
        for (int attempt = 0; ; attempt++) {
            String reply = text(appId, target, request);
            JsonNode value = parse(reply);
            List<String> errors = value == null ? List.of("the reply is not JSON") : SchemaCheck.errors(sent, value);
            if (errors.isEmpty()) return wrap ? value.get(WRAPPED) : value;
            if (attempt == 1) {
                throw new AiException(502, "provider_bad_reply", "The model's answer did not match response_json_schema after a retry: "
                        + String.join("; ", errors), -1);
            }
            messages.addObject().put("role", "assistant").put("content", reply);
            messages.addObject().put("role", "user").put("content", "Your answer did not match the JSON schema: "
                    + String.join("; ", errors) + ". Answer again with only JSON that matches the schema.");
        }
    }

    /** The text of the first choice; a refusal or an empty answer is a 502. */
    private String text(String appId, ProviderTarget target, ObjectNode request) {
        long started = System.nanoTime();
        ObjectNode reply = client.post(target, "/chat/completions", request, 502);
        usage.record(appId, "InvokeLLM", request.path("model").asText(), reply, started);
        JsonNode message = reply.path("choices").path(0).path("message");
        if (message.path("refusal").isTextual() && !message.path("refusal").asText().isBlank()) {
            throw new AiException(502, "provider_refused", "The model refused: " + message.path("refusal").asText(), -1);
        }
        JsonNode content = message.path("content");
        if (!content.isTextual()) throw new AiException(502, "provider_bad_reply", "The model provider's answer has no text (choices[0].message.content)", -1);
        return content.asText();
    }

    /** The reply as JSON; tolerates a Markdown code fence around it (providers without structured output). */
    private static JsonNode parse(String reply) {
        String text = reply.strip();
        if (text.startsWith("```")) {
            int nl = text.indexOf('\n');
            int end = text.lastIndexOf("```");
            if (nl > 0 && end > nl) text = text.substring(nl + 1, end).strip();
        }
        try {
            return Json.parse(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode wrapped(JsonNode schema) {
        ObjectNode root = Json.object().put("type", "object");
        root.putObject("properties").set(WRAPPED, schema);
        root.putArray("required").add(WRAPPED);
        root.put("additionalProperties", false);
        return root;
    }

    /**
     * Whether OpenAI's strict mode accepts the schema: every object lists all its properties as
     * required and sets {@code additionalProperties: false}. Base44 apps' schemas rarely do, and
     * strict mode refuses those outright, so they are sent with {@code strict: false} and checked here.
     */
    static boolean strictCompatible(JsonNode schema) {
        if (!schema.isObject()) return true;
        if (schema.has("properties") || "object".equals(schema.path("type").asText())) {
            JsonNode props = schema.path("properties");
            if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) return false;
            Set<String> required = new java.util.HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (var e : props.properties()) {
                if (!required.contains(e.getKey()) || !strictCompatible(e.getValue())) return false;
            }
        }
        if (schema.has("items") && !strictCompatible(schema.get("items"))) return false;
        for (String k : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode s : schema.path(k)) if (!strictCompatible(s)) return false;
        }
        return true;
    }
}

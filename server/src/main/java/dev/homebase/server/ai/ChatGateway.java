package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AI gateway (api-contract §15): an OpenAI-format Chat Completions request passed to the
 * provider with only the model replaced, and the provider's answer passed back unchanged.
 * {@code "automatic"}, no model and unknown names use the default model; Base44 names go through
 * the model table. No streaming. Thread-safe.
 */
final class ChatGateway {
    private final ProviderClient client;
    private final UsageLog usage;

    ChatGateway(ProviderClient client, UsageLog usage) {
        this.client = client;
        this.usage = usage;
    }

    /** @throws AiException 400 for a bad request (or one the provider refuses), provider failures as 429/502/504 */
    ObjectNode complete(String appId, ProviderTarget target, JsonNode body) {
        if (!(body instanceof ObjectNode request)) throw AiException.badRequest("The body must be a Chat Completions request object");
        JsonNode stream = request.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            throw AiException.badRequest("stream: true is not supported by this gateway; send the request without stream");
        }
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) throw AiException.badRequest("messages is required (a non-empty array)");
        JsonNode model = request.get("model");
        if (model != null && !model.isNull() && !model.isTextual()) throw AiException.badRequest("model must be a string");
        ObjectNode sent = request.deepCopy();
        sent.put("model", target.chatModel(model == null || model.isNull() ? null : model.asText()));
        sent.remove("stream");
        long started = System.nanoTime();
        ObjectNode reply = client.post(target, "/chat/completions", sent, 400);
        usage.record(appId, "gateway", sent.path("model").asText(), reply, started);
        return reply;
    }
}

package dev.homebase.server.integrations.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Asks the model provider for structured output: the InvokeLLM path of {@code ai/AiServices}, so the same
 * provider settings, retries, errors and limits apply.
 */
@FunctionalInterface
public interface ModelExtractor {
    /**
     * @param content Chat Completions content parts ({@code text} and {@code image_url})
     * @param schema the JSON Schema the answer must match
     * @return the answer, checked against the schema
     * @throws dev.homebase.server.ai.AiException for provider failures (503 when none is configured)
     */
    JsonNode extract(String appId, ArrayNode content, JsonNode schema);
}

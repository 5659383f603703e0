package dev.homebase.sdk.integrations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@code Core.InvokeLLM}. Immutable; use {@link #of(String)} and the
 * {@code with...} methods.
 *
 * @param prompt                 the prompt (required)
 * @param model                  model override, e.g. {@code "gpt_5_mini"}, or null
 * @param addContextFromInternet whether to ground the answer on the web, or null
 * @param responseJsonSchema     JSON schema of an object answer, or null for text
 * @param fileUrls               uploaded files to consider, or null
 */
public record InvokeLlmRequest(String prompt, String model, Boolean addContextFromInternet,
                               Map<String, Object> responseJsonSchema, List<String> fileUrls) {

    /**
     * Validates the prompt.
     *
     * @throws IllegalArgumentException when the prompt is null or blank
     */
    public InvokeLlmRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be null or blank");
        }
        responseJsonSchema = responseJsonSchema == null ? null : Map.copyOf(responseJsonSchema);
        fileUrls = fileUrls == null ? null : List.copyOf(fileUrls);
    }

    /**
     * Creates a request with only a prompt.
     *
     * @param prompt the prompt
     * @return the request
     */
    public static InvokeLlmRequest of(String prompt) {
        return new InvokeLlmRequest(prompt, null, null, null, null);
    }

    /**
     * Returns a copy with a model.
     *
     * @param model the model
     * @return the request
     */
    public InvokeLlmRequest withModel(String model) {
        return new InvokeLlmRequest(prompt, model, addContextFromInternet, responseJsonSchema, fileUrls);
    }

    /**
     * Returns a copy with web grounding switched on or off.
     *
     * @param enabled whether to add internet context
     * @return the request
     */
    public InvokeLlmRequest withInternetContext(boolean enabled) {
        return new InvokeLlmRequest(prompt, model, enabled, responseJsonSchema, fileUrls);
    }

    /**
     * Returns a copy with a response schema.
     *
     * @param schema the JSON schema
     * @return the request
     */
    public InvokeLlmRequest withResponseJsonSchema(Map<String, ?> schema) {
        return new InvokeLlmRequest(prompt, model, addContextFromInternet,
                schema == null ? null : new LinkedHashMap<>(schema), fileUrls);
    }

    /**
     * Returns a copy with file URLs.
     *
     * @param urls the file URLs
     * @return the request
     */
    public InvokeLlmRequest withFileUrls(List<String> urls) {
        return new InvokeLlmRequest(prompt, model, addContextFromInternet, responseJsonSchema, urls);
    }

    /**
     * Returns the wire body (snake_case, unset values omitted).
     *
     * @return the body
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt", prompt);
        if (model != null) {
            m.put("model", model);
        }
        if (addContextFromInternet != null) {
            m.put("add_context_from_internet", addContextFromInternet);
        }
        if (responseJsonSchema != null) {
            m.put("response_json_schema", responseJsonSchema);
        }
        if (fileUrls != null) {
            m.put("file_urls", fileUrls);
        }
        return m;
    }
}

package dev.homebase.sdk.functions;

import dev.homebase.sdk.Base44Exception;

/**
 * Thrown when a function answers with a non-2xx status (the JavaScript client rejects with an
 * axios error there, not a {@code Base44Error}). It carries the untouched response; the
 * configured error listener is not told. {@link #getMessage()} is the function's own message,
 * taken from its body ({@code error.message}, {@code message}, {@code detail}, a string
 * {@code error}, or a short plain-text body), else {@code "Request failed with status code N"};
 * {@link #code()} is axios' {@code ERR_BAD_REQUEST} (4xx) or {@code ERR_BAD_RESPONSE} (5xx), and
 * {@link #data()} is the parsed body.
 */
public class FunctionException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    private final transient FunctionResponse response;

    /**
     * Creates the exception for a response.
     *
     * @param response the non-2xx response
     */
    public FunctionException(FunctionResponse response) {
        super(messageOf(response), response.status(),
                response.status() >= 500 ? "ERR_BAD_RESPONSE" : "ERR_BAD_REQUEST", response.data(), null);
        this.response = response;
    }

    private static final int MAX_TEXT_MESSAGE = 500;

    private static String messageOf(FunctionResponse response) {
        String fallback = "Request failed with status code " + response.status();
        com.fasterxml.jackson.databind.JsonNode data;
        try {
            data = response.data();
        } catch (RuntimeException notJson) {
            data = null;
        }
        if (data != null && data.isObject()) {
            String m = dev.homebase.sdk.internal.ErrorMapper.messageOf(data);
            if (m != null) {
                return m;
            }
            if (data.path("error").isTextual() && !data.path("error").asText().isBlank()) {
                return data.path("error").asText();
            }
            return fallback;
        }
        if (data != null && data.isTextual()) {
            String text = data.asText().strip();
            if (!text.isEmpty() && !text.startsWith("<")) {
                return text.length() > MAX_TEXT_MESSAGE ? text.substring(0, MAX_TEXT_MESSAGE) + "..." : text;
            }
        }
        return fallback;
    }

    /**
     * Returns the function's response.
     *
     * @return the response
     */
    public FunctionResponse response() {
        return response;
    }
}

package dev.homebase.sdk.functions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.sdk.Base44Exception;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A function's HTTP response, untouched: status, headers and body (the JavaScript client hands
 * back the raw axios response). Immutable and thread-safe.
 */
public final class FunctionResponse {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final ObjectMapper mapper;

    /**
     * Creates a response.
     *
     * @param status  HTTP status
     * @param headers headers (names are looked up case-insensitively)
     * @param body    body bytes
     * @param mapper  mapper used by {@link #as(Class)}
     */
    public FunctionResponse(int status, Map<String, List<String>> headers, byte[] body, ObjectMapper mapper) {
        this.status = status;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = java.util.Collections.unmodifiableMap(copy);
        this.body = body == null ? new byte[0] : body.clone();
        this.mapper = mapper;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns whether the status is 2xx.
     *
     * @return true for 2xx
     */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /**
     * Returns all headers; lookups ignore case.
     *
     * @return unmodifiable headers
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the name, any case
     * @return the value
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns a copy of the body.
     *
     * @return the bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the body the way axios exposes {@code response.data}: parsed JSON, or a text node
     * when the body is not JSON; null when empty.
     *
     * @return the data
     */
    public JsonNode data() {
        if (body.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return TextNode.valueOf(text());
        }
    }

    /**
     * Parses the body as JSON.
     *
     * @return the JSON, null for an empty body
     * @throws Base44Exception when the body is not valid JSON
     */
    public JsonNode json() {
        if (body.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new Base44Exception("Function response is not valid JSON", status, "INVALID_RESPONSE",
                    TextNode.valueOf(text()), e);
        }
    }

    /**
     * Converts the JSON body to a type.
     *
     * @param type the type
     * @param <T>  the type
     * @return the value, null for an empty body
     * @throws Base44Exception when the body is not valid JSON or does not fit the type
     */
    public <T> T as(Class<T> type) {
        return as(mapper.getTypeFactory().constructType(type));
    }

    /**
     * Converts the JSON body to a generic type.
     *
     * @param type the type
     * @param <T>  the type
     * @return the value, null for an empty body
     */
    public <T> T as(TypeReference<T> type) {
        return as(mapper.getTypeFactory().constructType(type));
    }

    private <T> T as(com.fasterxml.jackson.databind.JavaType type) {
        JsonNode node = json();
        if (node == null) {
            return null;
        }
        try {
            return mapper.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new Base44Exception("Cannot convert function response to " + type + ": " + e.getMessage(),
                    status, "INVALID_RESPONSE", node, e);
        }
    }

    @Override
    public String toString() {
        return "FunctionResponse[status=" + status + ", " + body.length + " bytes]";
    }
}

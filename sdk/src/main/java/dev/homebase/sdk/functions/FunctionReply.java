package dev.homebase.sdk.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.homebase.sdk.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Java backend function answers: status, headers and body, the Java form of the
 * {@code Response} a Deno function returns ({@code Response.json(obj, {status})}). Immutable and
 * thread-safe; {@link #header(String, String)} returns a copy.
 *
 * <p>Named apart from {@link FunctionResponse}, which is the other side of the same exchange: the
 * response a caller receives from {@code base44.functions().invoke(...)}.
 *
 * <pre>{@code
 * return FunctionReply.json(201, Map.of("id", id)).header("Location", "/orders/" + id);
 * return FunctionReply.text(418, "I'm a teapot");
 * return FunctionReply.status(204);
 * }</pre>
 */
public final class FunctionReply {
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private FunctionReply(int status, Map<String, List<String>> headers, byte[] body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status must be between 100 and 999, got " + status);
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A JSON reply with status 200.
     *
     * @param body any value Jackson can write: a map, a list, a record, a {@code JsonNode}
     * @return the reply
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    public static FunctionReply json(Object body) {
        return json(200, body);
    }

    /**
     * A JSON reply ({@code Content-Type: application/json}).
     *
     * @param status the HTTP status
     * @param body   any value Jackson can write; null is the JSON {@code null}
     * @return the reply
     * @throws IllegalArgumentException when the value cannot be written as JSON or the status is invalid
     */
    public static FunctionReply json(int status, Object body) {
        try {
            return bytes(status, JSON, Json.FREEFORM.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the reply as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A plain-text reply with status 200.
     *
     * @param text the body
     * @return the reply
     */
    public static FunctionReply text(String text) {
        return text(200, text);
    }

    /**
     * A plain-text reply ({@code text/plain; charset=utf-8}).
     *
     * @param status the HTTP status
     * @param text   the body
     * @return the reply
     */
    public static FunctionReply text(int status, String text) {
        return bytes(status, TEXT, Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A reply without a body.
     *
     * @param status the HTTP status
     * @return the reply
     */
    public static FunctionReply status(int status) {
        return new FunctionReply(status, Map.of(), new byte[0]);
    }

    /**
     * A reply with raw bytes.
     *
     * @param status      the HTTP status
     * @param contentType the {@code Content-Type}, or null for none
     * @param body        the body
     * @return the reply
     */
    public static FunctionReply bytes(int status, String contentType, byte[] body) {
        Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return new FunctionReply(status, headers, Objects.requireNonNull(body, "body").clone());
    }

    /**
     * Returns a copy with one more header value (a header already set keeps its values; use
     * {@link #withoutHeader(String)} first to replace it).
     *
     * @param name  the header name
     * @param value the value
     * @return the new reply
     * @throws IllegalArgumentException for a name or value with line breaks
     */
    public FunctionReply header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)
                || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("Invalid header: " + name);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        String existing = copy.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
        List<String> values = new ArrayList<>(copy.getOrDefault(existing, List.of()));
        values.add(value);
        copy.put(existing, List.copyOf(values));
        return new FunctionReply(status, Collections.unmodifiableMap(copy), body);
    }

    /**
     * Returns a copy without a header (any case).
     *
     * @param name the header name
     * @return the new reply
     */
    public FunctionReply withoutHeader(String name) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(name::equalsIgnoreCase);
        return new FunctionReply(status, Collections.unmodifiableMap(copy), body);
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
     * Returns the headers, in the order they were added.
     *
     * @return unmodifiable headers
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Returns a copy of the body.
     *
     * @return the bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /** The body without copying, for the server. */
    byte[] bodyBytes() {
        return body;
    }

    @Override
    public String toString() {
        return "FunctionReply[status=" + status + ", " + body.length + " bytes]";
    }
}

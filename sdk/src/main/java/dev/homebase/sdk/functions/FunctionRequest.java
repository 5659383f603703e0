package dev.homebase.sdk.functions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.internal.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a Java backend function, the Java form of the Fetch {@code Request} a Deno
 * function receives: method, path, query, headers (with the platform headers of api-contract
 * §6.2) and the whole body. Immutable and thread-safe.
 *
 * <pre>{@code
 * Base44Client base44 = Base44.createClientFromRequest(request.headers());
 * Order order = request.bodyJson(Order.class);
 * }</pre>
 */
public final class FunctionRequest {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final String method;
    private final String path;
    private final String rawQuery;
    private final HttpHeaders headers;
    private final byte[] body;

    /**
     * Creates a request (the server builds them; public for handler tests).
     *
     * @param method   the HTTP method
     * @param path     the decoded path
     * @param rawQuery the raw query string without {@code ?}, or null
     * @param headers  the headers
     * @param body     the body, empty for none
     */
    public FunctionRequest(String method, String path, String rawQuery, HttpHeaders headers, byte[] body) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body == null ? new byte[0] : body.clone();
    }

    /**
     * Returns the HTTP method, upper case.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * Returns the decoded path, e.g. {@code /api/apps/<appId>/functions/orders/process}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the raw query string without {@code ?}, empty when there is none.
     *
     * @return the query string
     */
    public String rawQuery() {
        return rawQuery;
    }

    /**
     * Returns the query parameters, decoded as {@code URLSearchParams} does ({@code +} is a
     * space), in order of appearance.
     *
     * @return unmodifiable name to values
     */
    public Map<String, List<String>> query() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Returns the first value of a query parameter.
     *
     * @param name the parameter name
     * @return the value, if present
     */
    public Optional<String> queryParam(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns the headers; lookups ignore case. Pass them to
     * {@code Base44.createClientFromRequest(request.headers())}.
     *
     * @return the headers
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the name, any case
     * @return the value, if present
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /**
     * Returns a copy of the body.
     *
     * @return the bytes, empty for none
     */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /**
     * Returns the body as UTF-8 text.
     *
     * @return the text, empty for none
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses the body as JSON.
     *
     * @return the JSON, or null when the body is empty
     * @throws ReplyException with a 400 reply when the body is not valid JSON
     */
    public JsonNode bodyJson() {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw invalidJson();
        }
    }

    /**
     * Parses the body as a JSON object.
     *
     * @return the object's fields, empty when the body is empty
     * @throws ReplyException with a 400 reply when the body is not a JSON object
     */
    public Map<String, Object> bodyMap() {
        Map<String, Object> map = body.length == 0 ? null : bodyJson(Json.MAPPER.getTypeFactory().constructType(MAP));
        return map == null ? Map.of() : map;
    }

    /**
     * Converts the JSON body to a type (records and POJOs; unknown properties are ignored).
     *
     * @param type the type
     * @param <T>  the type
     * @return the value, null when the body is empty
     * @throws ReplyException with a 400 reply when the body is not valid JSON or does not fit the type
     */
    public <T> T bodyJson(Class<T> type) {
        return bodyJson(Json.FREEFORM.getTypeFactory().constructType(type));
    }

    /**
     * Converts the JSON body to a generic type.
     *
     * @param type the type, e.g. {@code new TypeReference<List<Order>>() {}}
     * @param <T>  the type
     * @return the value, null when the body is empty
     * @throws ReplyException with a 400 reply when the body is not valid JSON or does not fit the type
     */
    public <T> T bodyJson(TypeReference<T> type) {
        return bodyJson(Json.FREEFORM.getTypeFactory().constructType(type));
    }

    private <T> T bodyJson(JavaType type) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.FREEFORM.readValue(body, type);
        } catch (com.fasterxml.jackson.databind.DatabindException e) {
            throw new ReplyException(FunctionReply.json(400, Map.of("message",
                    "Request body does not fit " + type.getRawClass().getSimpleName() + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw invalidJson();
        }
    }

    private static ReplyException invalidJson() {
        return new ReplyException(FunctionReply.json(400, Map.of("message", "Request body is not valid JSON")));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%': kept as written, as URLSearchParams does
        }
    }

    @Override
    public String toString() {
        return "FunctionRequest[" + method + " " + path + ", " + body.length + " bytes]";
    }
}

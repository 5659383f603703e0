package dev.homebase.server.integrations.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request one call sends upstream, built from the caller's body (api-contract §7.4:
 * {@code path_params}, {@code query_params}, {@code headers}, {@code payload}) and the operation:
 * path parameters percent-encoded into the operation's path under the integration's base URL, query
 * parameters appended (arrays repeat the name), the caller's headers, the integration's auth header,
 * and the payload as JSON (or as a form when the operation only takes one). Every parameter the
 * document marks required must be given.
 *
 * @param method the HTTP method
 * @param uri the full URL; always on the integration's base URL
 * @param headers header name and value pairs, the auth header included
 * @param body the body bytes, or null
 * @param contentType the body's media type, or null
 */
public record UpstreamRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body, String contentType) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}/]+)}");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    /**
     * Builds the request.
     *
     * @param authValue the auth header's whole value (prefix included), asked for once the call is found valid; null
     *     when the integration has no auth
     * @throws CustomIntegrationException 400 naming the parameter for a missing required or malformed one (and what
     *     {@code authValue} throws)
     */
    static UpstreamRequest build(CustomIntegration integration, OpenApiOperations.Operation op, JsonNode call,
                                 java.util.function.Supplier<String> authValue) {
        String name = "'" + op.key() + "'";
        JsonNode pathParams = object(call, "path_params");
        JsonNode queryParams = object(call, "query_params");
        JsonNode headerParams = object(call, "headers");
        JsonNode payload = call.get("payload");

        // Path: each {name} of the template, percent-encoded as one segment.
        StringBuilder path = new StringBuilder();
        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(op.path());
        int at = 0;
        while (m.find()) {
            String param = m.group(1);
            JsonNode value = pathParams == null ? null : pathParams.get(param);
            if (value == null || value.isNull()) {
                throw CustomIntegrationException.badRequest("Missing required path parameter '" + param + "' for operation " + name);
            }
            String text = scalar(value, "path_params." + param);
            if (text.isEmpty() || text.equals(".") || text.equals("..")) {
                throw CustomIntegrationException.badRequest("path_params." + param + " cannot be empty, \".\" or \"..\"");
            }
            path.append(op.path(), at, m.start()).append(encode(text));
            used.add(param);
            at = m.end();
        }
        path.append(op.path().substring(at));
        if (pathParams != null) {
            for (var key : (Iterable<String>) pathParams::fieldNames) {
                if (!used.contains(key)) {
                    throw CustomIntegrationException.badRequest("path_params." + key + " is not a path parameter of operation " + name);
                }
            }
        }

        // Query: the caller's parameters, each required one present.
        StringBuilder query = new StringBuilder();
        if (queryParams != null) {
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) queryParams::fields) {
                JsonNode v = e.getValue();
                if (v.isNull()) continue;
                if (v.isArray()) {
                    for (JsonNode item : v) if (!item.isNull()) appendQuery(query, e.getKey(), text(item));
                } else {
                    appendQuery(query, e.getKey(), text(v));
                }
            }
        }

        // Headers: the caller's, then the integration's auth header (which the caller cannot set).
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        Set<String> given = new HashSet<>();
        if (headerParams != null) {
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) headerParams::fields) {
                String header = e.getKey();
                String lower = header.toLowerCase(Locale.ROOT);
                if (!HEADER.matcher(header).matches()) throw CustomIntegrationException.badRequest("headers: \"" + header + "\" is not a header name");
                if (IntegrationCatalog.RESERVED_HEADERS.contains(lower)) {
                    throw CustomIntegrationException.badRequest("headers: " + header + " is set by the server");
                }
                if (integration.auth().isPresent() && integration.auth().get().header().equalsIgnoreCase(header)) {
                    throw CustomIntegrationException.badRequest("headers: " + header + " is set by the integration (its auth header)");
                }
                if (e.getValue().isNull()) continue;
                String value = scalar(e.getValue(), "headers." + header);
                if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw CustomIntegrationException.badRequest("headers." + header + " must not contain line breaks");
                }
                headers.add(Map.entry(header, value));
                given.add(lower);
            }
        }

        for (OpenApiOperations.Param p : op.params()) {
            if (!p.required()) continue;
            boolean present = switch (p.in()) {
                case "query" -> queryParams != null && queryParams.hasNonNull(p.name());
                case "header" -> given.contains(p.name().toLowerCase(Locale.ROOT))
                        || integration.auth().map(a -> a.header().equalsIgnoreCase(p.name())).orElse(false);
                case "cookie" -> throw CustomIntegrationException.badRequest("Operation " + name + " needs the cookie parameter '"
                        + p.name() + "', which custom integrations do not send");
                default -> true; // path: checked above
            };
            if (!present) {
                throw CustomIntegrationException.badRequest("Missing required " + p.in() + " parameter '" + p.name() + "' for operation " + name);
            }
        }

        // Body.
        byte[] body = null;
        String contentType = null;
        if (payload != null && !payload.isNull()) {
            if (op.method().equals("GET") || op.method().equals("HEAD")) {
                throw CustomIntegrationException.badRequest("Operation " + name + " takes no request body (payload)");
            }
            if (op.bodyType().equals("application/x-www-form-urlencoded")) {
                if (!payload.isObject()) throw CustomIntegrationException.badRequest("payload must be an object: operation " + name + " takes a form");
                StringBuilder form = new StringBuilder();
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) payload::fields) {
                    if (!e.getValue().isNull()) appendQuery(form, e.getKey(), text(e.getValue()));
                }
                body = form.toString().getBytes(StandardCharsets.UTF_8);
            } else {
                body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
            }
            contentType = op.bodyType();
        } else if (op.bodyRequired()) {
            throw CustomIntegrationException.badRequest("Missing required payload (the request body) for operation " + name);
        }

        String base = integration.baseUrl().toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        String url = base + (path.isEmpty() || path.charAt(0) != '/' ? "/" : "") + path + (query.isEmpty() ? "" : "?" + query);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CustomIntegrationException.badRequest("The operation's path does not make a valid URL: " + op.path());
        }
        if (authValue != null) headers.add(Map.entry(integration.auth().orElseThrow().header(), authValue.get()));
        return new UpstreamRequest(op.method(), uri, List.copyOf(headers), body, contentType);
    }

    /** The named member of the call, when it is an object; absent or null is null. @throws CustomIntegrationException 400 for another type */
    private static JsonNode object(JsonNode call, String field) {
        JsonNode n = call.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw CustomIntegrationException.badRequest(field + " must be an object");
        return n;
    }

    private static String scalar(JsonNode value, String what) {
        if (value.isContainerNode()) throw CustomIntegrationException.badRequest(what + " must be a string, number or boolean");
        return value.asText();
    }

    /** A query value: scalars as text, objects and arrays as JSON. */
    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : Json.write(value);
    }

    private static void appendQuery(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) query.append('&');
        query.append(encode(name)).append('=').append(encode(value));
    }

    /** RFC 3986 percent-encoding: everything but the unreserved characters. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}

package dev.homebase.server.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code callApi} (api-contract §8): sends one request to a connector's declared API host with the
 * app's access token and reports what happened in the body. Only declared hosts are reached: the
 * request's {@code host} must be one, the path cannot name another, and redirects are followed only
 * to declared hosts (a redirect elsewhere is reported, not followed, so the token never leaves).
 * Only the headers the connector allows are forwarded. The phases: {@code not_sent} (nothing reached
 * the provider: no connection could be opened), {@code timed_out} (no answer within the connector's
 * timeout), {@code sent_unconfirmed} (the connection broke after sending), {@code responded}.
 * Upstream 4xx/5xx are {@code success: false}; binary answers come as base64. Thread-safe.
 */
public final class CallProxy {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final int MAX_REDIRECTS = 5;
    /** Largest upstream answer passed back. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final Connectors connectors;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(java.time.Duration.ofSeconds(10)).build();

    public CallProxy(Connectors connectors) {
        this.connectors = connectors;
    }

    /**
     * Runs one {@code callApi} request with the app's own connection of {@code type}.
     *
     * @param request {@code {method?, host?, path, query?, headers?, body?}}
     * @return the §8 answer: {@code {success, phase, status_code, data, data_base64, content_type, headers, credits_charged}}
     * @throws ConnectorException 400 for an invalid request or an undeclared host; 404 when not connected
     */
    public ObjectNode call(String appId, String type, JsonNode request) {
        ConnectorConfig c = connectors.config(appId, type);
        if (request == null || !request.isObject()) throw ConnectorException.badRequest("The body must be a JSON object {method, host?, path, ...}");
        String method = request.path("method").isMissingNode() || request.path("method").isNull() ? "GET" : request.path("method").asText("");
        if (!request.path("method").isMissingNode() && !request.path("method").isNull() && !request.path("method").isTextual()
                || !METHODS.contains(method)) {
            throw ConnectorException.badRequest("method must be one of GET, POST, PUT, PATCH, DELETE, or HEAD");
        }
        String host = c.defaultHost();
        JsonNode h = request.path("host");
        if (!h.isMissingNode() && !h.isNull()) {
            if (!h.isTextual() || !c.hosts().containsKey(h.asText().toLowerCase(Locale.ROOT))) {
                throw ConnectorException.badRequest("host " + (h.isTextual() ? "\"" + h.asText() + "\" " : "")
                        + "is not a declared host of the connector " + type + " (declared: " + String.join(", ", c.hosts().keySet()) + ")");
            }
            host = h.asText().toLowerCase(Locale.ROOT);
        }
        JsonNode p = request.path("path");
        if (!p.isTextual() || !p.asText().startsWith("/") || p.asText().startsWith("//") || p.asText().contains("\\")
                || p.asText().length() > 8192 || p.asText().chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            throw ConnectorException.badRequest("path must be a string starting with / (a path on the connector's host)");
        }
        URI origin = c.hosts().get(host);
        URI target = target(origin, p.asText(), request.path("query"));
        List<String> headers = headers(c, request.path("headers"));
        JsonNode body = request.path("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        boolean sendsBody = !method.equals("GET") && !method.equals("HEAD") && !body.isMissingNode() && !body.isNull();
        if (sendsBody) {
            publisher = HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : Json.write(body));
            boolean typed = false;
            for (int i = 0; i < headers.size(); i += 2) typed |= headers.get(i).equalsIgnoreCase("content-type");
            if (!typed) {
                headers.add("Content-Type");
                headers.add(body.isTextual() ? "text/plain; charset=utf-8" : "application/json");
            }
        }
        String token = connectors.connection(appId, type, ConnectionStore.APP_LEVEL).accessToken();
        return send(c, method, target, headers, publisher, token);
    }

    private ObjectNode send(ConnectorConfig c, String method, URI target, List<String> headers, HttpRequest.BodyPublisher publisher,
                            String token) {
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(c.timeout()).method(method, publisher);
            for (int i = 0; i < headers.size(); i += 2) b.header(headers.get(i), headers.get(i + 1));
            b.header("Authorization", "Bearer " + token);
            HttpResponse<byte[]> res;
            try {
                res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException e) {
                return failure("not_sent", "The provider could not be reached: " + e.getClass().getSimpleName());
            } catch (HttpTimeoutException e) {
                return failure("timed_out", "The provider did not answer within " + c.timeout().toSeconds() + " s");
            } catch (IOException e) {
                if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                    return failure("not_sent", "The provider could not be reached");
                }
                return failure("sent_unconfirmed", "The connection to the provider broke: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure("sent_unconfirmed", "Interrupted");
            }
            int status = res.statusCode();
            String location = res.headers().firstValue("Location").orElse(null);
            if (status >= 300 && status < 400 && status != 304 && location != null) {
                URI next;
                try {
                    next = target.resolve(new URI(location));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return answer(res, false, "The provider redirected to an invalid URL");
                }
                if (!declared(c, next)) {
                    return answer(res, false, "The provider redirected to " + next.getScheme() + "://" + next.getAuthority()
                            + ", which is not a declared host of the connector " + c.type() + "; not followed");
                }
                if (hop >= MAX_REDIRECTS) return answer(res, false, "Too many redirects");
                target = next;
                if (status == 303 || (status == 301 || status == 302) && !method.equals("GET") && !method.equals("HEAD")) {
                    method = "GET";
                    publisher = HttpRequest.BodyPublishers.noBody();
                }
                continue;
            }
            return answer(res, status < 400, null);
        }
    }

    private static boolean declared(ConnectorConfig c, URI u) {
        if (u.getScheme() == null || u.getHost() == null) return false;
        String origin = u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT)
                + (u.getPort() < 0 ? "" : ":" + u.getPort());
        return c.hosts().values().stream().anyMatch(o -> o.toString().equals(origin)
                || u.getPort() == ("https".equals(o.getScheme()) ? 443 : 80) && o.toString().equals(origin.replaceFirst(":\\d+$", "")));
    }

    private static URI target(URI origin, String path, JsonNode query) {
        StringBuilder q = new StringBuilder();
        if (!query.isMissingNode() && !query.isNull()) {
            if (!query.isObject()) throw ConnectorException.badRequest("query must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<JsonNode> values = new ArrayList<>();
                if (e.getValue().isArray()) e.getValue().forEach(values::add); else values.add(e.getValue());
                for (JsonNode v : values) {
                    if (v.isNull()) continue;
                    if (!v.isValueNode()) throw ConnectorException.badRequest("query." + e.getKey() + " must be a string, number or boolean");
                    q.append(q.isEmpty() && !path.contains("?") ? "?" : "&").append(enc(e.getKey())).append('=').append(enc(v.asText()));
                }
            }
        }
        URI u;
        try {
            u = new URI(origin + path + q);
        } catch (URISyntaxException e) {
            throw ConnectorException.badRequest("path is not a valid URL path: " + e.getReason());
        }
        if (!origin.getHost().equalsIgnoreCase(u.getHost()) || origin.getPort() != u.getPort() || u.getRawUserInfo() != null) {
            throw ConnectorException.badRequest("path must stay on the connector's host");
        }
        return u;
    }

    private static List<String> headers(ConnectorConfig c, JsonNode headers) {
        List<String> out = new ArrayList<>();
        if (headers.isMissingNode() || headers.isNull()) return out;
        if (!headers.isObject()) throw ConnectorException.badRequest("headers must be an object of strings");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) throw ConnectorException.badRequest("headers." + e.getKey() + " must be a string");
            String value = e.getValue().asText();
            if (!e.getKey().matches("[A-Za-z0-9-]{1,64}") || value.chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
                throw ConnectorException.badRequest("headers." + e.getKey() + " is not a valid header");
            }
            if (!c.forwards(e.getKey())) continue; // not allowed for this connector: dropped
            out.add(e.getKey());
            out.add(value);
        }
        return out;
    }

    private static ObjectNode answer(HttpResponse<byte[]> res, boolean success, String error) {
        ObjectNode out = Json.object();
        out.put("success", success);
        out.put("phase", "responded");
        out.put("status_code", res.statusCode());
        String type = res.headers().firstValue("Content-Type").orElse(null);
        byte[] bytes = res.body() == null ? new byte[0] : res.body();
        if (bytes.length > MAX_RESPONSE_BYTES) {
            out.put("success", false);
            out.putNull("data");
            out.putNull("data_base64");
            error = "The provider's answer is larger than " + MAX_RESPONSE_BYTES + " bytes";
        } else if (bytes.length == 0) {
            out.putNull("data");
            out.putNull("data_base64");
        } else if (isJson(type)) {
            try {
                out.set("data", Json.MAPPER.readTree(bytes));
            } catch (IOException e) {
                out.put("data", new String(bytes, StandardCharsets.UTF_8));
            }
            out.putNull("data_base64");
        } else if (isText(type)) {
            out.put("data", new String(bytes, StandardCharsets.UTF_8));
            out.putNull("data_base64");
        } else {
            out.putNull("data");
            out.put("data_base64", Base64.getEncoder().encodeToString(bytes));
        }
        if (type != null) out.put("content_type", type); else out.putNull("content_type");
        ObjectNode h = out.putObject("headers");
        res.headers().map().forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (!name.equals("set-cookie") && !name.startsWith(":") && !v.isEmpty()) h.put(name, v.get(0));
        });
        out.put("credits_charged", 0);
        if (error != null) out.put("error", error);
        return out;
    }

    private static ObjectNode failure(String phase, String error) {
        ObjectNode out = Json.object();
        out.put("success", false);
        out.put("phase", phase);
        out.putNull("status_code");
        out.putNull("data");
        out.putNull("data_base64");
        out.putNull("content_type");
        out.putObject("headers");
        out.put("credits_charged", 0);
        out.put("error", error);
        return out;
    }

    private static boolean isJson(String type) {
        if (type == null) return false;
        String t = type.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.equals("application/json") || t.endsWith("+json");
    }

    private static boolean isText(String type) {
        if (type == null) return false;
        String t = type.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.startsWith("text/") || t.equals("application/xml") || t.endsWith("+xml") || t.equals("application/javascript")
                || t.equals("application/x-www-form-urlencoded");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

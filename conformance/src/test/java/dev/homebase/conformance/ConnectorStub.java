package dev.homebase.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector's provider for the conformance servers (connectors.test.mjs): its OAuth 2.0 server
 * ({@code /authorize} answers at once with a redirect back carrying a code and the state; {@code /token}
 * grants {@code stub-token-<n>}) and its API ({@code /echo} answers with what arrived: method, path,
 * query, the {@code Authorization} header, the other headers and the body; {@code /bytes} answers a
 * PNG; {@code /fail} a 503). ConformanceTest writes {@code base44/connectors/stubapi.jsonc} pointing
 * here into the main fixture's copy ({@link #declare}).
 */
final class ConnectorStub implements AutoCloseable {
    /** The connector's client secret, set as {@code STUBAPI_SECRET} with {@code homebase secrets set}. */
    static final String SECRET = "stub-client-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger grants = new AtomicInteger();

    ConnectorStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Writes the {@code stubapi} connector declaration into {@code project}'s {@code base44/connectors/}. */
    void declare(Path project) throws IOException {
        Path dir = Files.createDirectories(project.resolve("base44/connectors"));
        Files.writeString(dir.resolve("stubapi.jsonc"), """
                // Written by ConformanceTest: the connector provider stub on this run's port.
                { "clientId": "stub-client", "clientSecretName": "STUBAPI_SECRET", "scopes": ["read"],
                  "authorizationUrl": "%s/authorize", "tokenUrl": "%s/token", "hosts": ["%s"],
                  "allowedHeaders": ["X-Stub"], "connectionConfig": {"region": "eu"} }
                """.formatted(url(), url(), url()));
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        switch (ex.getRequestURI().getPath()) {
            case "/authorize" -> {
                ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=stub-code&state="
                        + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(302, -1);
                ex.close();
            }
            case "/token" -> {
                Map<String, String> form = query(body);
                boolean ok = SECRET.equals(form.get("client_secret")) && ("stub-code".equals(form.get("code"))
                        || "refresh_token".equals(form.get("grant_type")));
                ObjectNode out = JSON.createObjectNode();
                if (ok) {
                    out.put("access_token", "stub-token-" + grants.incrementAndGet()).put("refresh_token", "stub-refresh")
                            .put("expires_in", 3600).put("token_type", "Bearer");
                } else {
                    out.put("error", "invalid_grant");
                }
                send(ex, ok ? 200 : 400, "application/json", JSON.writeValueAsBytes(out));
            }
            case "/echo" -> {
                ObjectNode out = JSON.createObjectNode();
                out.put("method", ex.getRequestMethod()).put("path", ex.getRequestURI().getPath());
                out.set("query", JSON.valueToTree(q));
                out.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
                ObjectNode h = out.putObject("headers");
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                out.put("body", body);
                send(ex, 200, "application/json", JSON.writeValueAsBytes(out));
            }
            case "/bytes" -> send(ex, 200, "image/png", java.util.Base64.getDecoder().decode(LlmStub.PNG_BASE64));
            case "/fail" -> send(ex, 503, "application/json", "{\"error\":\"down\"}".getBytes(StandardCharsets.UTF_8));
            default -> send(ex, 404, "text/plain", "no".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

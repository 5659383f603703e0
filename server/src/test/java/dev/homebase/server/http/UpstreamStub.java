package dev.homebase.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector's upstream API for tests, on a free local port, recording every request that arrives
 * (method, path with query, headers). Routes: {@code /echo} (JSON), {@code /image} (PNG bytes),
 * {@code /fail} (500), {@code /slow} (answers after 4 s), {@code /redirect-in} (302 to /echo),
 * {@code /redirect-to?url=} (302 anywhere). It is also an OAuth token endpoint whose refreshes are
 * refused: {@code /authorize} (302 back with a code) and {@code /token}.
 */
final class UpstreamStub implements AutoCloseable {
    /** One request that arrived. */
    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst()
                    .orElse(null);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger refreshes = new AtomicInteger();
    private final HttpServer server;

    UpstreamStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body));
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        switch (path) {
            case "/echo" -> send(ex, 200, "application/json", "{\"method\":\"" + ex.getRequestMethod() + "\",\"ok\":true}");
            case "/image" -> send(ex, 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
            case "/fail" -> send(ex, 500, "application/json", "{\"error\":\"boom\"}");
            case "/slow" -> {
                try {
                    Thread.sleep(4000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(ex, 200, "text/plain", "late");
            }
            case "/redirect-in" -> redirect(ex, "/echo");
            case "/redirect-to" -> redirect(ex, java.net.URLDecoder.decode(query.substring("url=".length()), StandardCharsets.UTF_8));
            case "/authorize" -> {
                Map<String, String> q = AuthOAuthTestAccess.query("x?" + query);
                redirect(ex, q.get("redirect_uri") + "?code=stub-code&state=" + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
            }
            case "/token" -> {
                if (body.contains("grant_type=refresh_token")) {
                    refreshes.incrementAndGet();
                    send(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
                } else {
                    send(ex, 200, "application/json", "{\"access_token\":\"stub-access-1\",\"refresh_token\":\"stub-refresh-1\",\"expires_in\":5}");
                }
            }
            default -> send(ex, 404, "text/plain", "no");
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
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

    /** The query parsing of the OAuth tests. */
    static final class AuthOAuthTestAccess {
        static Map<String, String> query(String url) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            String q = url.substring(url.indexOf('?') + 1);
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) continue;
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }
}

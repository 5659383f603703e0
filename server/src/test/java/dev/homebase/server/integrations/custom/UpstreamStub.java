package dev.homebase.server.integrations.custom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A third-party API for custom integration tests: a real HTTP server on 127.0.0.1 that records every
 * request (method, raw path and query, headers, body) and answers by path:
 * <ul>
 *   <li>{@code .../echo...}: 200 JSON {@code {"method", "path", "query"}};</li>
 *   <li>{@code .../created}: 201 JSON {@code {"id": 7}};</li>
 *   <li>{@code .../missing}: 404 JSON {@code {"error": "no such thing"}};</li>
 *   <li>{@code .../text}: 200 {@code text/plain} {@code hello};</li>
 *   <li>{@code .../away}: 302 to the same port on {@code localhost} (another host);</li>
 *   <li>{@code .../here}: 302 to {@code .../echo/redirected} on this host;</li>
 *   <li>{@code .../slow}: answers after 3 s;</li>
 *   <li>{@code .../big}: 200 with 4096 bytes.</li>
 * </ul>
 */
public final class UpstreamStub implements AutoCloseable {
    /** One request as it arrived. */
    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
        /** A header, by case-insensitive name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    public UpstreamStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The stub's port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request so far, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The last request. */
    public Recorded last() {
        return requests.getLast();
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(new Recorded(ex.getRequestMethod(), path, query, headers, body));
        if (path.contains("/echo")) {
            reply(ex, 200, "application/json", "{\"method\":\"" + ex.getRequestMethod() + "\",\"path\":\"" + path + "\",\"query\":"
                    + (query == null ? "null" : "\"" + query + "\"") + "}");
        } else if (path.endsWith("/created")) {
            reply(ex, 201, "application/json; charset=utf-8", "{\"id\":7}");
        } else if (path.endsWith("/missing")) {
            reply(ex, 404, "application/json", "{\"error\":\"no such thing\"}");
        } else if (path.endsWith("/text")) {
            reply(ex, 200, "text/plain", "hello");
        } else if (path.endsWith("/away")) {
            ex.getResponseHeaders().add("Location", "http://localhost:" + port() + "/v1/echo/stolen");
            reply(ex, 302, "text/plain", "");
        } else if (path.endsWith("/here")) {
            ex.getResponseHeaders().add("Location", "/v1/echo/redirected");
            reply(ex, 302, "text/plain", "");
        } else if (path.endsWith("/slow")) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "application/json", "{}");
        } else if (path.endsWith("/big")) {
            reply(ex, 200, "text/plain", "x".repeat(4096));
        } else {
            reply(ex, 404, "application/json", "{\"error\":\"unknown stub path\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout tests)
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

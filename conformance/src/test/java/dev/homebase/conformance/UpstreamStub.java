package dev.homebase.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The third-party API of the conformance app's custom integration {@code echo}
 * ({@code fixtures/app/base44/integrations/echo.openapi.yaml}; custom-integrations.test.mjs): paths under
 * {@code /v1/echo/} answer 200 with what arrived ({@code method}, raw {@code path} and {@code query}, the
 * {@code x-api-key} and {@code x-trace} headers, the {@code content_type} and the {@code body} text),
 * {@code /v1/created} answers 201, {@code /v1/missing} 404 and {@code /v1/away} redirects to another host
 * ({@code localhost} instead of {@code 127.0.0.1}). The integration file with this stub's URL is written
 * into each server's copy of the fixture ({@link #writeIntegration}).
 */
final class UpstreamStub implements AutoCloseable {
    /** The secret the servers hold as {@code ECHO_KEY}, sent upstream as {@code X-Api-Key: Key <secret>}. */
    static final String SECRET = "echo-conformance-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    UpstreamStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API's base URL, ending in {@code /v1}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Writes {@code base44/integrations/echo.jsonc} (this stub's URL) into a copy of the app fixture, when it has the folder. */
    void writeIntegration(Path project) throws IOException {
        Path dir = project.resolve("base44/integrations");
        if (!Files.isDirectory(dir)) return;
        Files.writeString(dir.resolve("echo.jsonc"), "// Written by ConformanceTest: the URL of its UpstreamStub.\n"
                + "{\"spec\": \"echo.openapi.yaml\", \"base_url\": \"" + url() + "\",\n"
                + " \"auth\": {\"header\": \"X-Api-Key\", \"secret\": \"ECHO_KEY\", \"prefix\": \"Key \"}}\n");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/v1/echo/")) {
                ObjectNode out = JSON.createObjectNode().put("method", ex.getRequestMethod()).put("path", path)
                        .put("query", ex.getRequestURI().getRawQuery())
                        .put("x_api_key", ex.getRequestHeaders().getFirst("X-Api-Key"))
                        .put("x_trace", ex.getRequestHeaders().getFirst("X-Trace"))
                        .put("content_type", ex.getRequestHeaders().getFirst("Content-Type")).put("body", body);
                send(ex, 200, JSON.writeValueAsString(out));
            } else if (path.equals("/v1/created")) {
                send(ex, 201, "{\"id\":7,\"received\":" + (body.isEmpty() ? "null" : body) + "}");
            } else if (path.equals("/v1/away")) {
                ex.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/v1/echo/stolen");
                ex.sendResponseHeaders(302, -1);
            } else {
                send(ex, 404, "{\"error\":\"not here\"}");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

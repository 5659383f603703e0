package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real loopback HTTP server (JDK {@code HttpServer} on port 0) that records every request and
 * answers with queued canned responses (default {@code 200 {}}).
 */
final class RecordingServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded request. */
    record Recorded(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        boolean hasHeader(String name) {
            return headers.containsKey(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + text(), e);
            }
        }

        /** Decoded query parameters (form decoding: '+' is a space); last value wins. */
        Map<String, String> query() {
            Map<String, String> out = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return out;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private record Canned(int status, byte[] body, Map<String, String> headers, long delayMillis, boolean truncate,
                          long stallMillis) {
        Canned(int status, byte[] body, Map<String, String> headers, long delayMillis, boolean truncate) {
            this(status, body, headers, delayMillis, truncate, 0);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private final Deque<Canned> responses = new ArrayDeque<>();

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    RecordingServer respond(int status, String body) {
        return respond(status, body, Map.of());
    }

    RecordingServer respond(int status, String body, Map<String, String> headers) {
        synchronized (responses) {
            responses.add(new Canned(status, body.getBytes(StandardCharsets.UTF_8), headers, 0, false));
        }
        return this;
    }

    RecordingServer respondJson(String body) {
        return respond(200, body);
    }

    RecordingServer respondSlowly(long delayMillis, String body) {
        synchronized (responses) {
            responses.add(new Canned(200, body.getBytes(StandardCharsets.UTF_8), Map.of(), delayMillis, false));
        }
        return this;
    }

    /** Announces the full length but sends only half of the body, then closes. */
    RecordingServer respondTruncated(String body) {
        synchronized (responses) {
            responses.add(new Canned(200, body.getBytes(StandardCharsets.UTF_8), Map.of(), 0, true));
        }
        return this;
    }

    /** Sends the headers and half of the body, then stalls before the rest. */
    RecordingServer respondStalled(long stallMillis, String body) {
        synchronized (responses) {
            responses.add(new Canned(200, body.getBytes(StandardCharsets.UTF_8), Map.of(), 0, false, stallMillis));
        }
        return this;
    }

    Recorded take() {
        try {
            Recorded r = requests.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request received");
            }
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Recorded poll(long millis) throws InterruptedException {
        return requests.poll(millis, TimeUnit.MILLISECONDS);
    }

    int pending() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Headers copy = new Headers();
        exchange.getRequestHeaders().forEach((k, v) -> copy.put(k, List.copyOf(v)));
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), copy, body));
        Canned canned;
        synchronized (responses) {
            canned = responses.isEmpty()
                    ? new Canned(200, "{}".getBytes(StandardCharsets.UTF_8), Map.of(), 0, false)
                    : responses.poll();
        }
        try {
            if (canned.delayMillis() > 0) {
                Thread.sleep(canned.delayMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        canned.headers().forEach(exchange.getResponseHeaders()::set);
        try (OutputStream out = exchange.getResponseBody()) {
            if (canned.stallMillis() > 0) {
                exchange.sendResponseHeaders(canned.status(), canned.body().length);
                out.write(canned.body(), 0, canned.body().length / 2);
                out.flush();
                sleep(canned.stallMillis());
                out.write(canned.body(), canned.body().length / 2, canned.body().length - canned.body().length / 2);
                return;
            }
            if (canned.truncate()) {
                exchange.sendResponseHeaders(canned.status(), canned.body().length);
                out.write(canned.body(), 0, canned.body().length / 2);
                out.flush();
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(canned.status(), canned.body().length == 0 ? -1 : canned.body().length);
            out.write(canned.body());
        } catch (IOException ignored) {
            // client went away (timeout tests)
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.functions.FunctionHandler;
import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionRequest;
import dev.homebase.sdk.functions.FunctionServer;
import dev.homebase.sdk.functions.ReplyException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionServer} over real HTTP: request parts, the platform headers feeding
 * {@code createClientFromRequest}, replies, errors, concurrency, and the Homebase handshake (ready
 * line, exit when stdin closes) in a real child JVM.
 */
class FunctionServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A typed body. */
    record Order(String item, int quantity) {
    }

    @Test
    void theHandlerSeesMethodPathQueryHeadersAndBody() throws Exception {
        AtomicReference<FunctionRequest> seen = new AtomicReference<>();
        try (FunctionServer server = start(request -> {
            seen.set(request);
            return FunctionReply.json(Map.of("ok", true));
        })) {
            HttpResponse<String> res = send(server, HttpRequest.newBuilder(uri(server, "/api/apps/a1/functions/orders/process?q=a+b&q=c&flag&x=%2F"))
                    .header("X-Custom", "kept").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"pen\",\"quantity\":3,\"extra\":true}")));
            assertEquals(200, res.statusCode(), res.body());
            assertEquals("application/json", res.headers().firstValue("content-type").orElse(null));
            assertEquals("{\"ok\":true}", res.body());
        }
        FunctionRequest r = seen.get();
        assertEquals("POST", r.method());
        assertEquals("/api/apps/a1/functions/orders/process", r.path());
        assertEquals(List.of("a b", "c"), r.query().get("q"));
        assertEquals("", r.queryParam("flag").orElseThrow());
        assertEquals("/", r.queryParam("x").orElseThrow());
        assertTrue(r.queryParam("missing").isEmpty());
        assertEquals("kept", r.header("x-custom").orElseThrow(), "header names ignore case");
        assertEquals("kept", r.headers().firstValue("X-CUSTOM").orElseThrow());
        assertEquals(new Order("pen", 3), r.bodyJson(Order.class), "unknown properties are ignored");
        assertEquals(3, r.bodyJson().get("quantity").asInt());
        assertEquals("pen", r.bodyMap().get("item"));
        assertTrue(r.bodyText().startsWith("{\"item\""));
        assertEquals(r.bodyText(), new String(r.bodyBytes(), StandardCharsets.UTF_8));
        assertEquals("q=a+b&q=c&flag&x=%2F", r.rawQuery());
    }

    @Test
    void requestsAndRepliesCanBeBuiltForHandlerUnitTests() throws Exception {
        FunctionHandler handler = request -> FunctionReply.json(201, request.bodyJson(new TypeReference<List<Order>>() { }));
        FunctionRequest request = new FunctionRequest("POST", "/fn", null,
                java.net.http.HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true),
                "[{\"item\":\"pen\",\"quantity\":1}]".getBytes(StandardCharsets.UTF_8));
        FunctionReply reply = handler.handle(request);
        assertEquals(201, reply.status());
        assertEquals("[{\"item\":\"pen\",\"quantity\":1}]", new String(reply.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("application/json"), reply.headers().get("Content-Type"));
        assertEquals("", request.rawQuery());
        assertTrue(request.query().isEmpty());
    }

    @Test
    void createClientFromRequestWorksOnTheRequestHeaders() throws Exception {
        try (RecordingServer platform = new RecordingServer();
             FunctionServer server = start(request -> {
                 try (Base44Client base44 = Base44.createClientFromRequest(request.headers())) {
                     base44.asServiceRole().entities("Item").create(Map.of("title", "x"));
                     return FunctionReply.json(Map.of("appId", base44.config().appId()));
                 }
             })) {
            HttpResponse<String> res = send(server, HttpRequest.newBuilder(uri(server, "/fn"))
                    .header("base44-app-id", "app-7")
                    .header("Authorization", "Bearer user-jwt")
                    .header("BASE44-SERVICE-AUTHORIZATION", "Bearer svc-jwt")
                    .header("Base44-Api-Url", platform.url())
                    .header("X-Data-Env", "dev")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, res.statusCode(), res.body());
            assertEquals("{\"appId\":\"app-7\"}", res.body());
            RecordingServer.Recorded call = platform.take();
            assertEquals("/api/apps/app-7/entities/Item", call.rawPath());
            assertEquals("Bearer svc-jwt", call.header("Authorization"));
            assertEquals("Bearer user-jwt", call.header("on-behalf-of"));
            assertEquals("dev", call.header("X-Data-Env"));
        }
    }

    @Test
    void missingPlatformHeadersAreTheHandlersErrorNotACrash() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        FunctionServer server;
        synchronized (FunctionServerTest.class) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                server = start(request -> {
                    Base44.createClientFromRequest(request.headers()); // no Base44-App-Id: throws
                    return FunctionReply.status(200);
                });
            } finally {
                System.setErr(original);
            }
        }
        try (server) {
            HttpResponse<String> res = send(server, HttpRequest.newBuilder(uri(server, "/secret-path?token=t0ps3cret")).GET());
            assertEquals(500, res.statusCode());
            assertEquals("Function failed", json(res).get("message").asText());
            assertFalse(res.body().contains("Base44-App-Id"), "the detail stays in the log");
            // and the process keeps serving
            assertEquals(500, send(server, HttpRequest.newBuilder(uri(server, "/again")).GET()).statusCode());
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Unhandled error in function (GET /secret-path)"), log);
        assertTrue(log.contains("Base44-App-Id header is required"), log);
        assertFalse(log.contains("t0ps3cret"), "query strings are not logged");
    }

    @Test
    void repliesCarryStatusHeadersAndBodyUntouched() throws Exception {
        try (FunctionServer server = start(request -> switch (request.path()) {
            case "/teapot" -> FunctionReply.json(418, Map.of("message", "short and stout"))
                    .header("X-Teapot", "yes").header("x-teapot", "twice");
            case "/text" -> FunctionReply.text(201, "créé");
            case "/empty" -> FunctionReply.status(204).header("X-Empty", "1");
            case "/null" -> null;
            case "/bytes" -> FunctionReply.bytes(200, "application/octet-stream", new byte[] {0, 1, 2});
            case "/refused" -> throw new ReplyException(FunctionReply.json(403, Map.of("message", "no")));
            default -> FunctionReply.status(404);
        })) {
            HttpResponse<String> teapot = send(server, HttpRequest.newBuilder(uri(server, "/teapot")).GET());
            assertEquals(418, teapot.statusCode());
            assertEquals("short and stout", json(teapot).get("message").asText());
            assertEquals(List.of("yes", "twice"), teapot.headers().allValues("X-Teapot"));

            HttpResponse<String> text = send(server, HttpRequest.newBuilder(uri(server, "/text")).GET());
            assertEquals(201, text.statusCode());
            assertEquals("créé", text.body());
            assertEquals("text/plain; charset=utf-8", text.headers().firstValue("Content-Type").orElseThrow());

            HttpResponse<String> empty = send(server, HttpRequest.newBuilder(uri(server, "/empty")).DELETE());
            assertEquals(204, empty.statusCode());
            assertEquals("", empty.body());
            assertEquals("1", empty.headers().firstValue("X-Empty").orElseThrow());
            assertEquals(204, send(server, HttpRequest.newBuilder(uri(server, "/null")).GET()).statusCode());

            HttpResponse<byte[]> bytes = HTTP.send(HttpRequest.newBuilder(uri(server, "/bytes")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(3, bytes.body().length);

            HttpResponse<String> refused = send(server, HttpRequest.newBuilder(uri(server, "/refused")).GET());
            assertEquals(403, refused.statusCode());
            assertEquals("no", json(refused).get("message").asText());
        }
    }

    @Test
    void malformedJsonBodiesAre400s() throws Exception {
        try (FunctionServer server = start(request -> FunctionReply.json(request.bodyJson(Order.class)))) {
            HttpResponse<String> broken = send(server, HttpRequest.newBuilder(uri(server, "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")));
            assertEquals(400, broken.statusCode(), broken.body());
            assertEquals("Request body is not valid JSON", json(broken).get("message").asText());

            HttpResponse<String> wrongShape = send(server, HttpRequest.newBuilder(uri(server, "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":\"many\"}")));
            assertEquals(400, wrongShape.statusCode(), wrongShape.body());
            assertTrue(json(wrongShape).get("message").asText().startsWith("Request body does not fit Order"), wrongShape.body());

            HttpResponse<String> none = send(server, HttpRequest.newBuilder(uri(server, "/")).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, none.statusCode());
            assertEquals("null", none.body(), "an empty body is null, not an error");
        }
    }

    @Test
    void requestsRunConcurrently() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        try (FunctionServer server = start(request -> {
            bothInside.countDown();
            // Only returns when the other request is inside the handler at the same time.
            return FunctionReply.text(String.valueOf(bothInside.await(10, TimeUnit.SECONDS)));
        })) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(HTTP.sendAsync(HttpRequest.newBuilder(uri(server, "/")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertEquals("true", call.get(20, TimeUnit.SECONDS).body());
            }
        }
    }

    @Test
    void repliesRefuseInvalidInput() {
        assertThrows(IllegalArgumentException.class, () -> FunctionReply.status(42));
        assertThrows(IllegalArgumentException.class, () -> FunctionReply.text("x").header("X-Bad", "a\r\nSet-Cookie: b"));
        assertThrows(IllegalArgumentException.class, () -> FunctionReply.text("x").header("Bad Name", "v"));
        FunctionReply reply = FunctionReply.json(Map.of("a", 1)).header("X-A", "1");
        assertNull(reply.withoutHeader("x-a").headers().get("X-A"));
        assertEquals(List.of("1"), reply.headers().get("X-A"), "replies are immutable");
    }

    @Test
    void underHomebaseItPrintsTheReadyLineAndExitsWhenStdinCloses() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EchoFunction.class.getName());
        pb.environment().put(FunctionServer.PORT_ENV, "0");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith(FunctionServer.READY_PREFIX), "ready line: " + ready);
            int port = Integer.parseInt(ready.substring(FunctionServer.READY_PREFIX.length()));
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x?y=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("POST /x hi", res.body());

            child.getOutputStream().close(); // what the Homebase server's exit looks like to the function
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the function exits once stdin closes");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aTrainingRunAnswersItsOwnRequestWithoutTheHandlerAndExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FailingFunction.class.getName());
        pb.environment().put(FunctionServer.PORT_ENV, "0");
        pb.environment().put(FunctionServer.TRAINING_ENV, "1");
        Process child = pb.start();
        try {
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "a training run ends by itself");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), err);
            assertFalse(out.contains(FunctionServer.READY_PREFIX), "no ready line: nobody else may call it");
            assertFalse(err.contains("the handler was called") || err.contains("Unhandled error"), err);
        } finally {
            child.destroyForcibly();
        }
    }

    /** A function whose handler must not run in a training run. */
    public static final class FailingFunction {
        private FailingFunction() {
        }

        /**
         * Serves a handler that fails loudly.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            FunctionServer.serve(request -> {
                throw new IllegalStateException("the handler was called");
            });
        }
    }

    /** The child JVM of the handshake test: a one-line function, as an {@code Entry.java} would be. */
    public static final class EchoFunction {
        private EchoFunction() {
        }

        /**
         * Serves the echo handler.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            FunctionServer.serve(request -> FunctionReply.text(request.method() + " " + request.path() + " " + request.bodyText()));
        }
    }

    private static FunctionServer start(FunctionHandler handler) {
        return FunctionServer.start(handler, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static URI uri(FunctionServer server, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static HttpResponse<String> send(FunctionServer server, HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> res) throws IOException {
        return RecordingServer.JSON.readTree(res.body());
    }
}

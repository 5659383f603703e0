package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.functions.FunctionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsTest {
    record Receipt(String orderId, int total) {
    }

    private RecordingServer server;
    private Base44Client client;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("u-tok")
                .serviceToken("s-tok").functionsVersion("v9").header("X-Data-Env", "dev").build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void invokeReturnsStatusHeadersAndBodyUntouched() {
        server.respond(201, "{\"orderId\":\"o1\",\"total\":42}", Map.of("X-Trace", "t1"));
        FunctionResponse r = client.functions().invoke("orders/process", Map.of("orderId", "o1"));
        RecordingServer.Recorded req = server.take();
        assertEquals("POST", req.method());
        assertEquals("/api/apps/app1/functions/orders/process", req.rawPath());
        assertEquals("{\"orderId\":\"o1\"}", req.text());
        assertEquals("application/json", req.header("Content-Type"));
        assertEquals("v9", req.header("Base44-Functions-Version"));
        assertEquals("Bearer u-tok", req.header("Authorization"));
        assertEquals("app1", req.header("X-App-Id"));
        assertEquals("dev", req.header("X-Data-Env"));
        assertFalse(req.hasHeader("on-behalf-of"));

        assertEquals(201, r.status());
        assertTrue(r.isSuccessful());
        assertEquals("t1", r.header("X-TRACE").orElseThrow());
        assertEquals(new Receipt("o1", 42), r.as(Receipt.class));
        assertEquals(42, r.json().path("total").asInt());
        assertEquals(42, r.data().path("total").asInt());
    }

    @Test
    void invokeWithoutDataSendsAnEmptyBody() {
        server.respond(200, "plain text");
        FunctionResponse r = client.functions().invoke("ping");
        RecordingServer.Recorded req = server.take();
        assertEquals(0, req.body().length);
        assertEquals("0", req.header("Content-Length"));
        assertEquals("plain text", r.text());
        assertEquals("plain text", r.data().asText());
        assertThrows(Base44Exception.class, r::json);
    }

    @Test
    void fileValuesSwitchToMultipart() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("doc", new FilePart("a.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        data.put("meta", Map.of("k", "v"));
        data.put("count", 5);
        data.put("flag", true);
        data.put("none", null);
        client.functions().invoke("upload", data);
        RecordingServer.Recorded req = server.take();
        assertTrue(req.header("Content-Type").startsWith("multipart/form-data; boundary="));
        String body = req.text();
        assertTrue(body.contains("name=\"doc\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"), body);
        assertTrue(body.contains("name=\"meta\"\r\n\r\n{\"k\":\"v\"}\r\n"), body);
        assertTrue(body.contains("name=\"count\"\r\n\r\n5\r\n"), body);
        assertTrue(body.contains("name=\"flag\"\r\n\r\ntrue\r\n"), body);
        assertTrue(body.contains("name=\"none\"\r\n\r\nnull\r\n"), body);
        assertTrue(body.endsWith("--\r\n"), body);
    }

    @Test
    void stringDataIsRejectedWithTheJavaScriptMessage() throws InterruptedException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.functions().invoke("f", "oops"));
        assertEquals("Function f must receive an object with named parameters, received: oops", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.functions().invoke(" "));
        assertNull(server.poll(100));
    }

    @Test
    void serviceRoleFunctionsUseTheServiceTokenWithoutOnBehalfOf() {
        client.asServiceRole().functions().invoke("f", Map.of());
        RecordingServer.Recorded req = server.take();
        assertEquals("Bearer s-tok", req.header("Authorization"));
        assertEquals("v9", req.header("Base44-Functions-Version"));
        assertFalse(req.hasHeader("on-behalf-of"));
        assertEquals("{}", req.text());
    }

    @Test
    void fetchSendsOnlyAuthorizationAndStreams() throws IOException {
        server.respond(200, "data: 1\n\n");
        HttpResponse<InputStream> r = client.functions().fetch("stream/events?x=1");
        RecordingServer.Recorded req = server.take();
        assertEquals("GET", req.method());
        assertEquals("/api/functions/stream/events", req.rawPath());
        assertEquals("x=1", req.rawQuery());
        assertEquals("Bearer u-tok", req.header("Authorization"));
        assertFalse(req.hasHeader("X-App-Id"));
        assertFalse(req.hasHeader("Base44-Functions-Version"));
        try (InputStream in = r.body()) {
            assertEquals("data: 1\n\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void fetchKeepsTheCallersMethodBodyAndAuthorization() throws IOException {
        server.respond(500, "boom");
        HttpResponse<InputStream> r = client.asServiceRole().functions().fetch("/hook",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                        .header("Authorization", "Bearer mine").header("X-Custom", "1"));
        RecordingServer.Recorded req = server.take();
        assertEquals("POST", req.method());
        assertEquals("/api/functions/hook", req.rawPath());
        assertEquals(List.of("Bearer mine"), req.headers().get("Authorization"));
        assertEquals("1", req.header("X-Custom"));
        assertEquals("{\"a\":1}", req.text());
        assertEquals(500, r.statusCode(), "fetch returns every status, like fetch()");
        r.body().close();
    }
}

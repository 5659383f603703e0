package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.functions.FunctionException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMappingTest {
    private RecordingServer server;
    private Base44Client client;
    private final List<Base44Exception> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1")
                .errorListener(heard::add).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** status, body, connector header, expected message, expected code. */
    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of(404, "{\"error\":{\"code\":\"invalid_cursor\",\"message\":\"Cursor bad\"},\"message\":\"top\","
                        + "\"code\":\"TOP\"}", null, "Cursor bad", "invalid_cursor"),
                Arguments.of(404, "{\"message\":\"Entity Task with ID 1 not found\",\"detail\":\"d\",\"code\":\"NOT_FOUND\"}",
                        null, "Entity Task with ID 1 not found", "NOT_FOUND"),
                Arguments.of(401, "{\"detail\":\"Unauthorized\"}", null, "Unauthorized", null),
                Arguments.of(403, "{\"error\":\"Permission denied\"}", null, "Request failed with status code 403", null),
                Arguments.of(400, "{\"message\":\"\",\"detail\":\"from detail\"}", null, "from detail", null),
                Arguments.of(403, "{\"detail\":\"metered\"}", "metered_connector_requires_proxy", "metered",
                        "metered_connector_requires_proxy"),
                Arguments.of(403, "{\"code\":\"BODY\"}", "header", "Request failed with status code 403", "BODY"),
                Arguments.of(500, "<html>Bad gateway</html>", null, "Request failed with status code 500", null),
                Arguments.of(502, "", null, "Request failed with status code 502", null),
                Arguments.of(422, "{\"error\":{\"code\":42}}", null, "Request failed with status code 422", "42"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void errorsAreBuiltLikeBase44Error(int status, String body, String connectorHeader, String message, String code) {
        server.respond(status, body, connectorHeader == null ? Map.of() : Map.of("X-Base44-Connector-Error", connectorHeader));
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task").get("1"));
        assertEquals(status, e.status());
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code());
        assertEquals(1, heard.size());
        assertSame(e, heard.get(0));
    }

    @Test
    void dataHoldsTheParsedBodyAndToJsonMirrorsJavaScript() {
        server.respond(404, "{\"message\":\"nope\",\"extra_data\":{\"reason\":\"auth_required\"}}");
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.app().getPublicSettings());
        assertEquals("auth_required", e.data().path("extra_data").path("reason").asText());
        assertEquals("{\"name\":\"Base44Error\",\"message\":\"nope\",\"status\":404,\"code\":null,"
                + "\"data\":{\"message\":\"nope\",\"extra_data\":{\"reason\":\"auth_required\"}}}", e.toJson().toString());
    }

    @Test
    void nonJsonBodyIsKeptAsText() {
        server.respond(500, "oops");
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task").list());
        assertEquals("oops", e.data().asText());
    }

    @Test
    void nonJsonSuccessBodyIsABase44ExceptionWithTheStatus() {
        server.respond(200, "<html>proxy login</html>");
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task").list());
        assertEquals(200, e.status());
        assertEquals("INVALID_RESPONSE", e.code());
        assertEquals(1, heard.size());
    }

    @Test
    void truncatedJsonIsABase44ExceptionWithTheStatus() {
        server.respond(200, "[{\"id\":\"1\",");
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task").list());
        assertEquals(200, e.status());
    }

    @Test
    void bodyCutOffMidwayIsABase44ExceptionWithTheStatus() {
        server.respondTruncated("[{\"id\":\"1\",\"title\":\"long enough to cut\"}]");
        Base44Exception e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(Base44Exception.class, () -> client.entities("Task").list()));
        assertEquals(200, e.status());
        assertEquals("INVALID_RESPONSE", e.code());
    }

    /** A client with a short timeout, warmed up so that JDK start-up costs do not count. */
    private Base44Client impatientClient() {
        Base44Client impatient = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1")
                .errorListener(heard::add).requestTimeout(Duration.ofMillis(500)).build());
        impatient.entities("Task").count();
        server.take();
        return impatient;
    }

    @Test
    void timeoutIsAnExceptionNotAHang() {
        try (Base44Client impatient = impatientClient()) {
            server.respondSlowly(3000, "[]");
            Base44Exception e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> assertThrows(Base44Exception.class, () -> impatient.entities("Task").list()));
            assertEquals(0, e.status());
            assertEquals("ECONNABORTED", e.code());
            assertEquals("timeout of 500ms exceeded", e.getMessage());
            assertEquals(1, heard.size());
        }
    }

    @Test
    void bodyThatStallsAfterTheHeadersAlsoTimesOut() {
        try (Base44Client impatient = impatientClient()) {
            server.respondStalled(3000, "[{\"id\":\"1\",\"title\":\"slow body\"}]");
            Base44Exception e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> assertThrows(Base44Exception.class, () -> impatient.entities("Task").list()));
            assertEquals(0, e.status());
            assertEquals("ECONNABORTED", e.code());
        }
    }

    @Test
    void connectionRefusedIsANetworkError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Base44Client dead = Base44.createClient(ClientConfig.builder().serverUrl("http://127.0.0.1:" + port)
                .appId("a").errorListener(heard::add).build())) {
            Base44Exception e = assertThrows(Base44Exception.class, () -> dead.entities("Task").list());
            assertEquals(0, e.status());
            assertEquals("ERR_NETWORK", e.code());
            assertTrue(e.getMessage().startsWith("Network Error"), e.getMessage());
            assertNull(e.data());
        }
        assertEquals(1, heard.size());
    }

    @Test
    void listenerFailuresDoNotReplaceTheError() {
        try (Base44Client noisy = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("a")
                .errorListener(e -> {
                    throw new IllegalStateException("listener bug");
                }).build())) {
            server.respond(404, "{\"message\":\"gone\"}");
            Base44Exception e = assertThrows(Base44Exception.class, () -> noisy.entities("Task").get("x"));
            assertEquals("gone", e.getMessage());
        }
    }

    @Test
    void functionErrorsCarryTheRawResponseAndSkipTheListener() {
        server.respond(418, "{\"error\":\"teapot\",\"message\":\"short and stout\"}", Map.of("X-Fn", "1"));
        FunctionException e = assertThrows(FunctionException.class, () -> client.functions().invoke("brew", Map.of()));
        assertEquals(418, e.status());
        assertEquals("Request failed with status code 418", e.getMessage());
        assertEquals("ERR_BAD_REQUEST", e.code());
        assertEquals("teapot", e.data().path("error").asText());
        assertEquals("1", e.response().header("x-fn").orElseThrow());
        assertTrue(heard.isEmpty(), "functions do not call the error listener");

        server.respond(503, "down");
        FunctionException e5 = assertThrows(FunctionException.class, () -> client.functions().invoke("brew"));
        assertEquals("ERR_BAD_RESPONSE", e5.code());
        assertEquals("down", e5.response().text());
    }

    @Test
    void closedClientRefusesCalls() {
        client.close();
        client.close();
        assertThrows(IllegalStateException.class, () -> client.entities("Task").list());
    }
}

package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
        assertEquals("short and stout", e.getMessage());
        assertEquals("ERR_BAD_REQUEST", e.code());
        assertEquals("teapot", e.data().path("error").asText());
        assertEquals("1", e.response().header("x-fn").orElseThrow());
        assertTrue(heard.isEmpty(), "functions do not call the error listener");

        server.respond(503, "down");
        FunctionException e5 = assertThrows(FunctionException.class, () -> client.functions().invoke("brew"));
        assertEquals("ERR_BAD_RESPONSE", e5.code());
        assertEquals("down", e5.response().text());
    }

    static Stream<Arguments> typed() {
        return Stream.of(
                Arguments.of(401, UnauthorizedException.class),
                Arguments.of(403, ForbiddenException.class),
                Arguments.of(404, NotFoundException.class),
                Arguments.of(409, ConflictException.class),
                Arguments.of(422, ValidationException.class),
                Arguments.of(429, RateLimitedException.class),
                Arguments.of(500, ServerException.class),
                Arguments.of(502, ServerException.class),
                Arguments.of(504, ServerException.class));
    }

    @ParameterizedTest
    @MethodSource("typed")
    void eachStatusHasItsType(int status, Class<? extends Base44Exception> type) {
        server.respond(status, "{\"message\":\"m\",\"code\":\"c\"}");
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task").get("1"));
        assertEquals(type, e.getClass());
        assertEquals(status, e.status());
        assertEquals("c", e.code());
        assertEquals("m", e.getMessage());
        assertEquals("m", e.body().path("message").asText());
        // the async variant fails with the same type
        server.respond(status, "{\"message\":\"m\",\"code\":\"c\"}");
        var async = assertThrows(java.util.concurrent.CompletionException.class,
                () -> client.entities("Task").getAsync("1").join());
        assertEquals(type, async.getCause().getClass());
    }

    @Test
    void otherStatusesStayTheBaseType() {
        server.respond(400, "{\"message\":\"bad\"}");
        assertEquals(Base44Exception.class,
                assertThrows(Base44Exception.class, () -> client.entities("Task").list()).getClass());
    }

    @Test
    void validationListsTheFieldsFromThePlatformMessage() {
        server.respond(422, "{\"error_type\":\"ValidationError\",\"message\":\"Error in field price: Input should be a"
                + " valid number\",\"detail\":\"Error in field price: Input should be a valid number\"}");
        ValidationException e = assertThrows(ValidationException.class,
                () -> client.entities("Task").create(Map.of("price", "x")));
        assertEquals(List.of(new ValidationException.FieldError("price", "Input should be a valid number")),
                e.fieldErrors());
    }

    @Test
    void validationReadsErrorArraysAndPydanticDetail() {
        server.respond(422, "{\"message\":\"2 errors\",\"errors\":[{\"field\":\"a\",\"message\":\"x\"},"
                + "{\"field\":\"b.c\",\"message\":\"y\"}]}");
        ValidationException e = assertThrows(ValidationException.class, () -> client.entities("Task").create(Map.of()));
        assertEquals(List.of(new ValidationException.FieldError("a", "x"), new ValidationException.FieldError("b.c", "y")),
                e.fieldErrors());

        server.respond(422, "{\"detail\":[{\"loc\":[\"body\",\"tags\",2],\"msg\":\"bad tag\"}]}");
        e = assertThrows(ValidationException.class, () -> client.entities("Task").create(Map.of()));
        assertEquals(List.of(new ValidationException.FieldError("tags[2]", "bad tag")), e.fieldErrors());

        server.respond(422, "{\"message\":\"Record is invalid\"}");
        e = assertThrows(ValidationException.class, () -> client.entities("Task").create(Map.of()));
        assertTrue(e.fieldErrors().isEmpty());
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        server.respond(429, "{\"message\":\"Too many attempts\"}", Map.of("Retry-After", "42"));
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> client.auth().loginViaEmailPassword("a@b.c", "pw"));
        assertEquals(Duration.ofSeconds(42), e.retryAfter().orElseThrow());

        server.respond(429, "{\"message\":\"Too many attempts\"}");
        e = assertThrows(RateLimitedException.class, () -> client.auth().loginViaEmailPassword("a@b.c", "pw"));
        assertTrue(e.retryAfter().isEmpty());

        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        server.respond(429, "{}", Map.of("Retry-After", inAMinute));
        e = assertThrows(RateLimitedException.class, () -> client.auth().loginViaEmailPassword("a@b.c", "pw"));
        long seconds = e.retryAfter().orElseThrow().toSeconds();
        assertTrue(seconds > 50 && seconds <= 60, "about a minute: " + seconds);
    }

    @Test
    void networkFailuresNameTheUrlAndKeepTheCause() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Base44Client dead = Base44.createClient(ClientConfig.builder().serverUrl("http://127.0.0.1:" + port)
                .appId("a").build())) {
            NetworkException e = assertThrows(NetworkException.class, () -> dead.entities("Task").get("r1"));
            String url = "http://127.0.0.1:" + port + "/api/apps/a/entities/Task/r1";
            assertEquals(url, e.url());
            assertTrue(e.getMessage().contains("GET " + url), e.getMessage());
            assertTrue(e.getCause() instanceof java.net.ConnectException, String.valueOf(e.getCause()));
            var async = assertThrows(java.util.concurrent.CompletionException.class,
                    () -> dead.entities("Task").getAsync("r1").join());
            assertEquals(url, assertInstanceOf(NetworkException.class, async.getCause()).url());
        }
    }

    @Test
    void functionErrorsTakeTheirMessageFromTheBody() {
        server.respond(404, "{\"message\":\"Function \\\"nope\\\" not found\",\"error\":\"Function not found\"}");
        FunctionException e = assertThrows(FunctionException.class, () -> client.functions().invoke("nope"));
        assertEquals("Function \"nope\" not found", e.getMessage());
        server.respond(500, "{\"error\":\"boom\"}");
        assertEquals("boom", assertThrows(FunctionException.class, () -> client.functions().invoke("f")).getMessage());
        server.respond(500, "plain failure\n");
        assertEquals("plain failure", assertThrows(FunctionException.class, () -> client.functions().invoke("f")).getMessage());
        server.respond(502, "<html>bad gateway</html>");
        assertEquals("Request failed with status code 502",
                assertThrows(FunctionException.class, () -> client.functions().invoke("f")).getMessage());
    }

    @Test
    void closedClientRefusesCalls() {
        client.close();
        client.close();
        assertThrows(IllegalStateException.class, () -> client.entities("Task").list());
    }
}

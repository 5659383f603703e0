package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateClientFromRequestTest {
    private static final String BAD_AUTH = "Invalid authorization header format. Expected \"Bearer <token>\"";
    private static final String NO_APP = "Base44-App-Id header is required, but is was not found on the request";
    private static final String NO_SERVICE = "Service token is required to use asServiceRole. "
            + "Please provide a serviceToken when creating the client.";

    private RecordingServer server;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> platformHeaders() {
        Map<String, String> h = new HashMap<>();
        h.put("base44-app-id", "app1");
        h.put("AUTHORIZATION", "Bearer user-jwt");
        h.put("Base44-Service-Authorization", "Bearer svc-jwt");
        h.put("base44-api-url", server.url());
        h.put("Base44-Functions-Version", "draft-7");
        h.put("Base44-State", "state-abc");
        h.put("X-Data-Env", "dev");
        return h;
    }

    @Test
    void userCallsCarryTheCallersIdentityAndPropagatedHeaders() {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            assertEquals(server.url(), client.config().serverUrl());
            client.entities("Order").get("1");
            RecordingServer.Recorded r = server.take();
            assertEquals("/api/apps/app1/entities/Order/1", r.rawPath());
            assertEquals("Bearer user-jwt", r.header("Authorization"));
            assertEquals("app1", r.header("X-App-Id"));
            assertEquals("state-abc", r.header("Base44-State"));
            assertEquals("dev", r.header("X-Data-Env"));
            assertFalse(r.hasHeader("on-behalf-of"));
            assertFalse(r.hasHeader("Base44-Functions-Version"));
        }
    }

    @Test
    void serviceRoleCallsCarryServiceTokenAndOnBehalfOf() {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            client.asServiceRole().entities("Order").get("1");
            RecordingServer.Recorded r = server.take();
            assertEquals("Bearer svc-jwt", r.header("Authorization"));
            assertEquals("Bearer user-jwt", r.header("on-behalf-of"));
            assertEquals("state-abc", r.header("Base44-State"));
        }
    }

    @Test
    void functionsCarryTheVersionAndServiceFunctionsSkipOnBehalfOf() {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            client.functions().invoke("ping");
            RecordingServer.Recorded user = server.take();
            assertEquals("draft-7", user.header("Base44-Functions-Version"));
            assertEquals("Bearer user-jwt", user.header("Authorization"));

            client.asServiceRole().functions().invoke("ping", Map.of("a", 1));
            RecordingServer.Recorded svc = server.take();
            assertEquals("draft-7", svc.header("Base44-Functions-Version"));
            assertEquals("Bearer svc-jwt", svc.header("Authorization"));
            assertFalse(svc.hasHeader("on-behalf-of"));
            assertEquals("state-abc", svc.header("Base44-State"));
        }
    }

    @Test
    void onBehalfOfDoesNotFollowSetToken() {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            client.setToken("new-user-jwt");
            client.entities("A").get("1");
            assertEquals("Bearer new-user-jwt", server.take().header("Authorization"));
            client.asServiceRole().entities("A").get("1");
            assertEquals("Bearer user-jwt", server.take().header("on-behalf-of"));
        }
    }

    @Test
    void missingAppIdIsRejected() {
        Map<String, String> h = platformHeaders();
        h.remove("base44-app-id");
        assertEquals(NO_APP, assertThrows(IllegalArgumentException.class, () -> Base44.createClientFromRequest(h)).getMessage());
        h.put("Base44-App-Id", "");
        assertEquals(NO_APP, assertThrows(IllegalArgumentException.class, () -> Base44.createClientFromRequest(h)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic abc", "bearer abc", "Bearer a b", "Bearer  abc", "Bearer"})
    void malformedAuthorizationIsRejected(String value) {
        Map<String, String> h = platformHeaders();
        h.put("AUTHORIZATION", value);
        assertEquals(BAD_AUTH, assertThrows(IllegalArgumentException.class,
                () -> Base44.createClientFromRequest(h)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Token x", "Bearer x y"})
    void malformedServiceAuthorizationIsRejected(String value) {
        Map<String, String> h = platformHeaders();
        h.put("Base44-Service-Authorization", value);
        assertEquals(BAD_AUTH, assertThrows(IllegalArgumentException.class,
                () -> Base44.createClientFromRequest(h)).getMessage());
    }

    @Test
    void bearerWithEmptyTokenIsAcceptedButSendsNoToken() {
        // JavaScript "Bearer ".split(" ") has two parts, so it passes and yields an empty token.
        Map<String, String> h = platformHeaders();
        h.put("AUTHORIZATION", "Bearer ");
        try (Base44Client client = Base44.createClientFromRequest(h)) {
            assertEquals(Optional.empty(), client.token());
            client.entities("A").get("1");
            assertFalse(server.take().hasHeader("Authorization"));
        }
    }

    @Test
    void withoutServiceHeaderAsServiceRoleThrowsTheJavaScriptMessage() {
        Map<String, String> h = platformHeaders();
        h.remove("Base44-Service-Authorization");
        try (Base44Client client = Base44.createClientFromRequest(h)) {
            assertEquals(NO_SERVICE, assertThrows(IllegalStateException.class, client::asServiceRole).getMessage());
        }
    }

    @Test
    void defaultsWhenOptionalHeadersAreAbsent() {
        try (Base44Client client = Base44.createClientFromRequest(Map.of("Base44-App-Id", "x"))) {
            assertEquals("https://base44.app", client.config().serverUrl());
            assertEquals(Optional.empty(), client.token());
            assertTrue(client.config().headers().isEmpty());
            assertTrue(client.config().functionsVersion().isEmpty());
        }
    }

    @Test
    void onlyDevAndProdDataEnvsArePropagated() {
        Map<String, String> h = platformHeaders();
        h.put("X-Data-Env", "staging");
        try (Base44Client client = Base44.createClientFromRequest(h)) {
            client.entities("A").get("1");
            assertFalse(server.take().hasHeader("X-Data-Env"));
        }
    }

    @Test
    void jdkHttpHeadersOverload() {
        HttpHeaders headers = HttpHeaders.of(Map.of(
                "base44-app-id", List.of("app9"),
                "authorization", List.of("Bearer u"),
                "base44-api-url", List.of(server.url())), (a, b) -> true);
        try (Base44Client client = Base44.createClientFromRequest(headers)) {
            client.entities("A").get("1");
            RecordingServer.Recorded r = server.take();
            assertEquals("/api/apps/app9/entities/A/1", r.rawPath());
            assertEquals("Bearer u", r.header("Authorization"));
        }
    }

    @Test
    void httpServerHeadersOverload() {
        Headers headers = new Headers();
        headers.add("Base44-App-Id", "app7");
        headers.add("Base44-Api-Url", server.url());
        headers.add("Base44-Service-Authorization", "Bearer s");
        try (Base44Client client = Base44.createClientFromRequest(headers)) {
            client.asServiceRole().entities("A").get("1");
            RecordingServer.Recorded r = server.take();
            assertEquals("/api/apps/app7/entities/A/1", r.rawPath());
            assertEquals("Bearer s", r.header("Authorization"));
            assertFalse(r.hasHeader("on-behalf-of"), "no user token, no on-behalf-of");
        }
    }

    @Test
    void fetchWithAuthSendsWhatCreateClientFromRequestReadsBack() throws IOException {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            server.respond(201, "ok");
            java.net.http.HttpResponse<java.io.InputStream> r = client.fetchWithAuth(
                    java.net.URI.create(server.url() + "/ignored/path?x=1"), "/api/orders?id=5");
            RecordingServer.Recorded req = server.take();
            assertEquals("GET", req.method());
            assertEquals("/api/orders", req.rawPath());
            assertEquals("id=5", req.rawQuery());
            assertEquals(201, r.statusCode());
            r.body().close();
            try (Base44Client rebuilt = Base44.createClientFromRequest(req.headers())) {
                assertEquals(client.config().appId(), rebuilt.config().appId());
                assertEquals(client.config().serverUrl(), rebuilt.config().serverUrl());
                assertEquals(client.config().token(), rebuilt.config().token());
                assertEquals(client.config().serviceToken(), rebuilt.config().serviceToken());
                assertEquals(client.config().functionsVersion(), rebuilt.config().functionsVersion());
                assertEquals(client.config().headers(), rebuilt.config().headers());
            }
        }
    }

    @Test
    void fetchWithAuthLetsTheCallerOverrideHeaders() {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            server.respond(200, "");
            client.fetchWithAuth(java.net.URI.create(server.url()), "/page",
                    java.net.http.HttpRequest.newBuilder().POST(java.net.http.HttpRequest.BodyPublishers.ofString("b"))
                            .header("Authorization", "Bearer other"));
            RecordingServer.Recorded req = server.take();
            assertEquals("POST", req.method());
            assertEquals(List.of("Bearer other"), req.headers().get("Authorization"));
            assertEquals("Bearer svc-jwt", req.header("Base44-Service-Authorization"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/orders", "//evil.example/x", "/\\evil.example", "https://evil.example/", "\t//evil"})
    void fetchWithAuthRefusesOtherOrigins(String path) throws InterruptedException {
        try (Base44Client client = Base44.createClientFromRequest(platformHeaders())) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> client.fetchWithAuth(java.net.URI.create(server.url()), path))
                    .getMessage();
            assertTrue(message.startsWith("fetchWithAuth() only sends requests to your app's own origin"), message);
            assertEquals("fetchWithAuth() requires a path, such as '/api/orders'.", assertThrows(
                    IllegalArgumentException.class, () -> client.fetchWithAuth(java.net.URI.create(server.url()), ""))
                    .getMessage());
        }
        assertEquals(null, server.poll(50));
    }

    @Test
    void repeatedHeadersAreJoinedLikeFetchAndThenRejected() {
        Headers headers = new Headers();
        headers.add("Base44-App-Id", "a");
        headers.add("Authorization", "Bearer one");
        headers.add("Authorization", "Bearer two");
        assertEquals(BAD_AUTH, assertThrows(IllegalArgumentException.class,
                () -> Base44.createClientFromRequest(headers)).getMessage());
    }
}

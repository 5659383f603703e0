package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.ai.ProviderStub;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.config.RateLimits.Rule;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-app and per-user limits of InvokeLLM and GenerateImage (counted in the database, so on both databases):
 * over a limit is a 429 with {@code Retry-After} and a top-level {@code message}, the provider is not called, one
 * user's calls do not use up another's, anonymous callers count by IP, and the service role counts only per app.
 */
class AiLimitsApiTest {
    private static final String PASSWORD = "s3cret-pass";
    private static final String LLM = "/api/apps/aitest/integration-endpoints/Core/InvokeLLM";
    private static final String IMAGE = "/api/apps/aitest/integration-endpoints/Core/GenerateImage";
    private static final Rule UNLIMITED = new Rule(0, Duration.ofHours(1));

    private static TestServer server(TestDatabases.Kind kind, ProviderStub stub, IntegrationLimits limits) {
        return new TestServer(TestServer.copyFixture("aitest"), TestDatabases.freshUrl(kind), TestServer.fastAuth(), stub.settings(), limits);
    }

    /** Adds a verified user with the test password and signs them in. */
    private static String user(TestServer server, String email) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord("aitest", "u-" + email.hashCode(), email, "U", "user", hash, true,
                    null, null, 0, "2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.000000")));
        }
        return server.login("aitest", email, PASSWORD);
    }

    private static void assertLimited(TestServer.Response r) {
        assertEquals(429, r.status(), r.body());
        assertTrue(r.json().get("message").asText().contains("Too many requests"), r.body());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void invokeLlmPerUserAndPerApp(TestDatabases.Kind kind) throws Exception {
        IntegrationLimits limits = IntegrationLimits.DEFAULT.withAi(new Rule(5, Duration.ofHours(1)), new Rule(2, Duration.ofHours(1)), UNLIMITED, UNLIMITED);
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub, limits)) {
            String ann = user(server, "ann@example.test");
            String bob = user(server, "bob@example.test");
            for (int i = 0; i < 2; i++) assertEquals(200, server.sendAs(ann, "POST", LLM, "{\"prompt\":\"hi\"}").status());
            TestServer.Response over = server.sendAs(ann, "POST", LLM, "{\"prompt\":\"hi\"}");
            assertLimited(over);
            assertEquals(2, stub.requests().size()); // the refused call never reached the provider
            assertEquals(200, server.sendAs(bob, "POST", LLM, "{\"prompt\":\"hi\"}").status()); // Bob has his own count

            // The service role counts only against the app: it uses the app's last two calls, then the app is full for everyone.
            String service = server.serviceToken();
            assertEquals(200, server.sendAs(service, "POST", LLM, "{\"prompt\":\"hi\"}").status());
            assertEquals(200, server.sendAs(service, "POST", LLM, "{\"prompt\":\"hi\"}").status());
            assertLimited(server.sendAs(service, "POST", LLM, "{\"prompt\":\"hi\"}"));
            assertLimited(server.sendAs(bob, "POST", LLM, "{\"prompt\":\"hi\"}"));
            assertEquals(5, stub.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void generateImagePerCallerWithRetryAfter(TestDatabases.Kind kind) throws Exception {
        IntegrationLimits limits = IntegrationLimits.DEFAULT.withAi(UNLIMITED, UNLIMITED, new Rule(100, Duration.ofMinutes(10)), new Rule(1, Duration.ofMinutes(10)));
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub, limits)) {
            // Anonymous callers (this app allows them GenerateImage) count by client IP.
            assertEquals(200, server.send("POST", IMAGE, "{\"prompt\":\"a red square\"}").status());
            TestServer.Response anonymous = sendWithHeaders(server, null);
            assertLimited(anonymous);
            String ann = user(server, "ann@example.test");
            assertEquals(200, server.sendAs(ann, "POST", IMAGE, "{\"prompt\":\"a red square\"}").status());
            assertLimited(server.sendAs(ann, "POST", IMAGE, "{\"prompt\":\"a red square\"}"));
            // InvokeLLM has its own limits: unlimited here.
            assertEquals(200, server.sendAs(ann, "POST", LLM, "{\"prompt\":\"hi\"}").status());
        }
    }

    /** A GenerateImage call whose Retry-After header is checked: between 1 s and the window. */
    private static TestServer.Response sendWithHeaders(TestServer server, String token) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + IMAGE))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}"));
        if (token != null) b.header("Authorization", "Bearer " + token);
        var r = client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 600, "Retry-After " + retryAfter);
        return new TestServer.Response(r.statusCode(), r.body());
    }

    @Test
    void limitsFromTheEnvironment() {
        IntegrationLimits l = IntegrationLimits.fromEnvironment(Map.of("HOMEBASE_LLM_LIMIT_APP", "50/1m", "HOMEBASE_LLM_LIMIT_USER", "0/1h",
                "HOMEBASE_IMAGE_LIMIT_APP", "7/2h", "HOMEBASE_IMAGE_LIMIT_USER", "3/30s"));
        assertEquals(new Rule(50, Duration.ofMinutes(1)), l.llmPerApp());
        assertEquals(0, l.llmPerUser().max());
        assertEquals(new Rule(7, Duration.ofHours(2)), l.imagePerApp());
        assertEquals(new Rule(3, Duration.ofSeconds(30)), l.imagePerUser());
        assertEquals(IntegrationLimits.DEFAULT.emailPerUser(), l.emailPerUser());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> IntegrationLimits.fromEnvironment(Map.of("HOMEBASE_IMAGE_LIMIT_USER", "lots")));
        assertTrue(bad.getMessage().startsWith("HOMEBASE_IMAGE_LIMIT_USER"), bad.getMessage());
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.store.TestDatabases;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;

/**
 * Two Homebase nodes (two {@code App}s, each with its own HTTP port) on one PostgreSQL database, as behind a load
 * balancer (architecture §4): sign-in attempts on node A count against the limits on node B, and a social sign-in
 * started on node A finishes on node B.
 */
class SharedAuthStateNodesTest {
    private static final String APP = "authtest";
    private static final String LOGIN = "/api/apps/" + APP + "/auth/login";

    @Test
    void rateLimitsCountAcrossNodes() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = TestServer.copyFixture("authtest");
        RateLimits d = RateLimits.DEFAULT;
        AuthConfig auth = TestServer.fastAuth().withRateLimits(new RateLimits(new RateLimits.Rule(3, Duration.ofMinutes(5)),
                new RateLimits.Rule(2, Duration.ofMinutes(5)), d.mailPerIp(), d.mailPerEmail(), d.verifyPerIp()));
        try (TestServer a = new TestServer(project, url, auth); TestServer b = new TestServer(project, url, auth)) {
            // Per email: one try on each node uses up the two; the third, on either node, is refused.
            assertEquals(400, a.send("POST", LOGIN, creds("ann@example.test")).status());
            assertEquals(400, b.send("POST", LOGIN, creds("ann@example.test")).status());
            HttpResponse<String> limited = post(a, creds("ann@example.test"));
            assertEquals(429, limited.statusCode(), limited.body());
            assertEquals("300", limited.headers().firstValue("Retry-After").orElse(null));
            assertTrue(limited.body().contains("\"message\":\"Too many requests"), limited.body());
            // Per IP: the three tries above were from this address on both nodes; a fourth address fails on B.
            HttpResponse<String> byIp = post(b, creds("bob@example.test"));
            assertEquals(429, byIp.statusCode(), byIp.body());
            assertEquals("300", byIp.headers().firstValue("Retry-After").orElse(null));
        }
    }

    @Test
    void aSocialSignInStartedOnOneNodeFinishesOnAnother() throws Exception {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start();
        try {
            String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
            Path project = TestServer.copyFixture("authtest");
            Files.writeString(project.resolve("base44/config.jsonc"), """
                    { "name": "Auth Test", "auth": { "providers": { "google": { "issuer": "%s", "clientId": "homebase-test-client" } } } }
                    """.formatted(provider.issuerUrl("google")));
            assertEquals(0, HomebaseCommand.run("secrets", "set", "GOOGLE_CLIENT_SECRET=test-secret", "-p", project.toString(), "--db", url));
            try (TestServer a = new TestServer(project, url, TestServer.fastAuth());
                 TestServer b = new TestServer(project, url, TestServer.fastAuth())) {
                // One browser; its cookies are per host, so both nodes (same host, other port) get them, as behind a balancer.
                HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                String authorize = location(get(browser, "http://127.0.0.1:" + a.port() + "/api/apps/auth/login?app_id=" + APP
                        + "&from_url=%2Fafter"));
                AuthOAuthTest.nextIdentity(provider, "google", "cara@example.test", true);
                String callback = location(get(browser, authorize));
                String onB = callback.replace("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
                assertTrue(onB.contains(":" + b.port() + "/api/apps/auth/google/callback?"), onB);

                String back = location(get(browser, onB));
                assertTrue(back.startsWith("/after?access_token=") && back.endsWith("&is_new_user=true"), back);
                String token = back.substring("/after?access_token=".length(), back.indexOf('&'));
                assertEquals("cara@example.test", a.sendAs(token, "GET", "/api/apps/" + APP + "/entities/User/me", null)
                        .json().get("email").asText());
                // Used up on every node.
                assertEquals(400, get(browser, callback).statusCode(), "replayed on node A");
                assertEquals(400, get(browser, onB).statusCode(), "replayed on node B");
            }
        } finally {
            provider.shutdown();
        }
    }

    private static String creds(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"wrong-password-1\"}";
    }

    private static HttpResponse<String> post(TestServer s, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + LOGIN))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> res) {
        assertEquals(302, res.statusCode(), () -> "expected a redirect, got " + res.statusCode() + ": " + res.body());
        return res.headers().firstValue("Location").orElseThrow();
    }
}

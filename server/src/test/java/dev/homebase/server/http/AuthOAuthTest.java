package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.project.ProjectException;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Social login over OpenID Connect (api-contract §2.8) against a real OIDC provider
 * (mock-oauth2-server: discovery, authorize, token and JWKS endpoints), followed redirect by
 * redirect with a real HTTP client that keeps cookies, on SQLite and PostgreSQL.
 */
class AuthOAuthTest {
    private static final String APP = "authtest";
    private static final String CLIENT_ID = "homebase-test-client";
    private static MockOAuth2Server provider;

    // A provider per test: its queue of identities to hand out must not carry over between tests.
    @BeforeEach
    void startProvider() {
        provider = new MockOAuth2Server();
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.shutdown();
    }

    private static TestServer server(TestDatabases.Kind kind) throws IOException {
        return serverWith(kind, provider);
    }

    /**
     * A server whose app "authtest" has a "google" provider (secret set), an "okta" one (secret
     * not set) and a disabled "github", all at {@code provider}.
     */
    static TestServer serverWith(TestDatabases.Kind kind, MockOAuth2Server provider) throws IOException {
        return serverWith(kind, provider, TestServer.fastAuth());
    }

    private static TestServer serverWith(TestDatabases.Kind kind, MockOAuth2Server provider, AuthConfig auth) throws IOException {
        Path dir = TestServer.copyFixture("authtest");
        Files.writeString(dir.resolve("base44/config.jsonc"), """
                // Social login against the mock provider; the secrets are in the store, not here.
                { "name": "Auth Test",
                  "auth": { "providers": {
                    "google": { "issuer": "%s", "clientId": "%s" },
                    "okta": { "issuer": "%s", "clientId": "%s", "displayName": "Acme SSO" },
                    "github": { "issuer": "%s", "clientId": "x", "enabled": false } } } }
                """.formatted(provider.issuerUrl("google"), CLIENT_ID, provider.issuerUrl("okta"), CLIENT_ID, provider.issuerUrl("gh")));
        String db = TestDatabases.freshUrl(kind);
        assertEquals(0, HomebaseCommand.run("secrets", "set", "GOOGLE_CLIENT_SECRET=test-secret", "-p", dir.toString(), "--db", db));
        return new TestServer(dir, db, auth);
    }

    /** A browser: keeps cookies, follows no redirect by itself. */
    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> res) {
        assertEquals(302, res.statusCode(), () -> "expected a redirect, got " + res.statusCode() + ": " + res.body());
        return res.headers().firstValue("Location").orElseThrow();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q == null) return out;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void nextIdentity(String issuerId, String email, Object verified) {
        nextIdentity(provider, issuerId, email, verified);
    }

    /** The identity {@code provider} hands out at its next token request for {@code issuerId}. */
    static void nextIdentity(MockOAuth2Server provider, String issuerId, String email, Object verified) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "sub-" + email, "JWT", null,
                Map.of("email", email, "email_verified", verified, "name", "Ann Example"), 3600));
    }

    /** Runs a sign-in up to the provider's redirect back to us; returns the callback URL. */
    private static String toCallback(HttpClient http, TestServer s, String startPath) throws Exception {
        String authorize = location(get(http, "http://127.0.0.1:" + s.port() + startPath));
        return location(get(http, authorize));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void signsInANewUserThenTheSameUserAgain(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            HttpClient http = browser();
            String from = "/after?x=1#top";
            String base = "http://127.0.0.1:" + s.port();
            String authorize = location(get(http, base + "/api/apps/auth/login?app_id=" + APP + "&from_url=" + enc(from)));
            // The authorization request: code flow with PKCE S256, state, nonce, our client and callback.
            Map<String, String> q = query(authorize);
            assertTrue(authorize.startsWith(provider.issuerUrl("google").toString()), authorize);
            assertEquals("code", q.get("response_type"));
            assertEquals(CLIENT_ID, q.get("client_id"));
            assertEquals(base + "/api/apps/auth/google/callback", q.get("redirect_uri"));
            assertEquals("S256", q.get("code_challenge_method"));
            assertNotNull(q.get("code_challenge"));
            assertTrue(q.get("state").length() >= 43 && q.get("nonce").length() >= 43, q.toString());
            assertTrue(List.of(q.get("scope").split(" ")).containsAll(List.of("openid", "email", "profile")), q.get("scope"));

            nextIdentity("google", "Ann@Example.test", true);
            String callback = location(get(http, authorize));
            String back = location(get(http, callback));
            assertTrue(back.startsWith("/after?x=1&access_token="), back);
            assertTrue(back.endsWith("&is_new_user=true#top"), back);
            String token = query(back.replace("#top", "")).get("access_token");
            JsonNode me = s.sendAs(token, "GET", "/api/apps/" + APP + "/entities/User/me", null).json();
            assertEquals("ann@example.test", me.get("email").asText());
            assertEquals("user", me.get("role").asText());
            assertTrue(me.get("is_verified").asBoolean());
            assertEquals("Ann Example", me.get("full_name").asText());

            // The same person again: the same user, not new.
            nextIdentity("google", "ann@example.test", true);
            String again = location(get(http, toCallback(http, s, "/api/apps/auth/google/login?app_id=" + APP + "&from_url=%2F")));
            assertTrue(again.startsWith("/?access_token=") && again.endsWith("&is_new_user=false"), again);
            String second = query(again).get("access_token");
            assertEquals(me.get("id").asText(), s.sendAs(second, "GET", "/api/apps/" + APP + "/entities/User/me", null).json().get("id").asText());
        }
    }

    @Test
    void theCallbackWorksOnceAndOnlyInTheBrowserThatStarted() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            HttpClient http = browser();
            nextIdentity("google", "bob@example.test", true);
            String callback = toCallback(http, s, "/api/apps/auth/login?app_id=" + APP + "&from_url=%2F");

            // Another browser (no cookie) cannot finish it, and does not use it up.
            HttpResponse<String> stranger = get(browser(), callback);
            assertEquals(400, stranger.statusCode(), stranger.body());
            assertTrue(stranger.body().contains("expired or was already used"), stranger.body());
            assertTrue(stranger.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));

            // A tampered state fails; the real one works once.
            Map<String, String> q = query(callback);
            String tampered = callback.replace("state=" + enc(q.get("state")), "state=" + enc(q.get("state") + "x"));
            assertEquals(400, get(http, tampered).statusCode());
            location(get(http, callback));
            assertEquals(400, get(http, callback).statusCode(), "a replayed callback is refused");
        }
    }

    @Test
    void unverifiedEmailsWrongAudienceAndProviderErrorsAreRefused() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            String start = "/api/apps/auth/login?app_id=" + APP + "&from_url=%2F";

            HttpClient http = browser();
            nextIdentity("google", "eve@example.test", false);
            HttpResponse<String> unverified = get(http, toCallback(http, s, start));
            assertEquals(403, unverified.statusCode(), unverified.body());
            assertTrue(unverified.body().contains("has not verified this email"), unverified.body());
            // No user was created: registering the address is still possible.
            assertEquals(200, s.send("POST", "/api/apps/" + APP + "/auth/register",
                    "{\"email\":\"eve@example.test\",\"password\":\"long-enough-1\"}").status());

            HttpClient http2 = browser();
            // An ID token meant for another client (its "aud" claim overridden).
            provider.enqueueCallback(new DefaultOAuth2TokenCallback("google", "sub-mallory", "JWT", List.of("another-client"),
                    Map.of("email", "mallory@example.test", "email_verified", true, "aud", List.of("another-client")), 3600));
            HttpResponse<String> wrongAudience = get(http2, toCallback(http2, s, start));
            assertEquals(400, wrongAudience.statusCode(), wrongAudience.body());
            assertTrue(wrongAudience.body().contains("could not be verified"), wrongAudience.body());

            HttpClient http3 = browser();
            String authorize = location(get(http3, "http://127.0.0.1:" + s.port() + start));
            String denied = "http://127.0.0.1:" + s.port() + "/api/apps/auth/google/callback?error=access_denied&state="
                    + enc(query(authorize).get("state"));
            HttpResponse<String> refused = get(http3, denied);
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("cancelled or refused"), refused.body());
        }
    }

    @Test
    void startErrorsAndTheLoginPageButtons() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            HttpClient http = browser();
            String base = "http://127.0.0.1:" + s.port();
            // Not configured, disabled, or configured without its secret: 404.
            assertEquals(404, get(http, base + "/api/apps/auth/facebook/login?app_id=" + APP + "&from_url=%2F").statusCode());
            assertEquals(404, get(http, base + "/api/apps/auth/github/login?app_id=" + APP + "&from_url=%2F").statusCode());
            HttpResponse<String> noSecret = get(http, base + "/api/apps/auth/okta/login?app_id=" + APP + "&from_url=%2F");
            assertEquals(404, noSecret.statusCode());
            assertTrue(noSecret.body().contains("not set up"), noSecret.body());
            assertFalse(noSecret.body().contains("OKTA_CLIENT_SECRET"), "the page does not name secrets");
            // from_url and popup_origin of another site, an unknown app.
            assertEquals(400, get(http, base + "/api/apps/auth/login?app_id=" + APP + "&from_url=" + enc("https://evil.example/")).statusCode());
            assertEquals(400, get(http, base + "/api/apps/auth/login?app_id=" + APP + "&from_url=%2F&popup_origin="
                    + enc("https://evil.example")).statusCode());
            assertEquals(404, get(http, base + "/api/apps/auth/login?app_id=nope&from_url=%2F").statusCode());
            // The SSO path of the client (no provider named sso here).
            assertEquals(404, get(http, base + "/api/apps/" + APP + "/auth/sso/login?app_id=" + APP + "&from_url=%2F").statusCode());

            String page = get(http, base + "/login?app_id=" + APP + "&from_url=%2Fhome").body();
            assertTrue(page.contains("href=\"/api/apps/auth/google/login?app_id=authtest&amp;from_url=%2Fhome\">Continue with Google</a>"), page);
            assertTrue(page.contains(">Continue with Acme SSO</a>"), page);
            assertFalse(page.contains("auth/github/login"), "a disabled provider has no button");
        }
    }

    @Test
    void popupModePostsTheTokenToTheAppOrigin() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            HttpClient http = browser();
            String origin = "http://127.0.0.1:" + s.port();
            nextIdentity("google", "pat@example.test", true);
            String callback = toCallback(http, s, "/api/apps/auth/login?app_id=" + APP + "&from_url=" + enc(origin + "/app")
                    + "&popup_origin=" + enc(origin));
            HttpResponse<String> page = get(http, callback);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("data-origin=\"" + origin + "\""), page.body());
            assertTrue(page.body().contains("window.opener.postMessage(msg, r.getAttribute(\"data-origin\"))"), page.body());
            assertTrue(page.body().contains("data-new=\"true\""), page.body());
            String token = page.body().replaceAll("(?s).*data-token=\"([^\"]+)\".*", "$1");
            assertEquals("pat@example.test", s.sendAs(token, "GET", "/api/apps/" + APP + "/entities/User/me", null).json().get("email").asText());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'nonce-"));
        }
    }

    @Test
    void startsCountAgainstThePerIpLoginLimit() throws Exception {
        RateLimits.Rule two = new RateLimits.Rule(2, Duration.ofMinutes(5));
        RateLimits d = RateLimits.DEFAULT;
        AuthConfig auth = TestServer.fastAuth().withRateLimits(new RateLimits(two, d.loginPerEmail(), d.mailPerIp(), d.mailPerEmail(), d.verifyPerIp()));
        try (TestServer s = serverWith(TestDatabases.Kind.SQLITE, provider, auth)) {
            String start = "http://127.0.0.1:" + s.port() + "/api/apps/auth/login?app_id=" + APP + "&from_url=%2F";
            HttpClient http = browser();
            assertEquals(302, get(http, start).statusCode());
            assertEquals(302, get(http, start).statusCode());
            HttpResponse<String> limited = get(http, start);
            assertEquals(429, limited.statusCode(), limited.body());
            assertEquals("300", limited.headers().firstValue("Retry-After").orElse(null));
            assertTrue(limited.body().contains("Too many requests"), limited.body());
        }
    }

    @Test
    void clientSecretsDoNotBelongInTheConfigFile() throws IOException {
        Path dir = TestServer.copyFixture("authtest");
        Files.writeString(dir.resolve("base44/config.jsonc"),
                "{ \"auth\": { \"providers\": { \"google\": { \"clientId\": \"x\", \"clientSecret\": \"oops\" } } } }");
        ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(dir));
        assertTrue(e.getMessage().contains("homebase secrets set GOOGLE_CLIENT_SECRET="), e.getMessage());
        assertFalse(e.getMessage().contains("oops"));
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"auth\": { \"providers\": { \"custom\": { \"clientId\": \"x\" } } } }");
        assertTrue(assertThrows(ProjectException.class, () -> ProjectLoader.load(dir)).getMessage().contains("needs an \"issuer\""));
        Files.writeString(dir.resolve("base44/config.jsonc"),
                "{ \"auth\": { \"providers\": { \"google\": { \"clientId\": \"x\", \"scopes\": [\"profile\"] } } } }");
        assertTrue(assertThrows(ProjectException.class, () -> ProjectLoader.load(dir)).getMessage().contains("openid and email"));
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"auth\": { \"providers\": { \"google\": { \"clientId\": \"x\" } } } }");
        var google = ProjectLoader.load(dir).authProviders().get("google");
        assertEquals("https://accounts.google.com", google.issuer().toString());
        assertEquals("GOOGLE_CLIENT_SECRET", google.clientSecretName());
    }
}

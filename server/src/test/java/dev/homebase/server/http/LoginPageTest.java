package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hosted login page and the logout redirect over HTTP (api-contract §2.8). */
class LoginPageTest {
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        server = new TestServer("authtest", TestDatabases.Kind.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void servesThePageWithTheAppAndTheTarget() throws Exception {
        HttpResponse<String> res = get("/login?from_url=" + enc(base() + "/done?x=1"));
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(res.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        String body = res.body();
        assertTrue(body.contains("data-app-id=\"authtest\""), body);
        assertTrue(body.contains("data-from-url=\"" + base() + "/done?x=1\""), body);
        assertTrue(body.contains("<label for=\"signin-email\">"));
        assertTrue(body.contains("role=\"alert\""));
        assertTrue(body.contains("aria-live=\"polite\""));
        // With an explicit app_id too (getLoginUrl adds it).
        assertEquals(200, get("/login?app_id=authtest&from_url=%2F").statusCode());
        // No from_url: back to the site root.
        assertTrue(get("/login").body().contains("data-from-url=\"/\""));
    }

    @Test
    void escapesWhatItRenders() throws Exception {
        String evil = "/x?a=\"><script>alert(1)</script>&b='";
        String body = get("/login?from_url=" + enc(evil)).body();
        assertFalse(body.contains("<script>alert(1)"), body);
        assertTrue(body.contains("/x?a=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;b=&#39;"), body);
        // An unknown app id is not echoed back.
        HttpResponse<String> unknown = get("/login?app_id=" + enc("<b>nope</b>"));
        assertEquals(404, unknown.statusCode());
        assertFalse(unknown.body().contains("<b>nope"));
    }

    @Test
    void refusesOpenRedirects() throws Exception {
        for (String bad : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                "http://127.0.0.1:1/", "https://127.0.0.1:" + server.port() + "/", "http://user@evil.example@127.0.0.1/",
                "data:text/html,hi", "evil.example"}) {
            HttpResponse<String> page = get("/login?from_url=" + enc(bad));
            assertEquals(400, page.statusCode(), bad);
            assertFalse(page.body().contains("data-from-url"), bad);
            assertEquals(400, get("/api/apps/auth/logout?from_url=" + enc(bad)).statusCode(), bad);
        }
    }

    @Test
    void logoutRedirectsToASafeTarget() throws Exception {
        HttpResponse<String> res = get("/api/apps/auth/logout?from_url=" + enc(base() + "/bye?x=1"));
        assertEquals(302, res.statusCode());
        assertEquals(base() + "/bye?x=1", res.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> none = get("/api/apps/auth/logout");
        assertEquals(302, none.statusCode());
        assertEquals("/", none.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void servesTheResetPasswordPageForTheLinkInTheMail() throws Exception {
        String token = "A".repeat(20) + "b_-" + "9".repeat(20);
        HttpResponse<String> res = get("/reset-password?token=" + token + "&app_id=authtest");
        assertEquals(200, res.statusCode());
        assertEquals("no-referrer", res.headers().firstValue("Referrer-Policy").orElseThrow(), "the token must not leak in a referrer");
        assertTrue(res.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'nonce-"));
        String body = res.body();
        assertTrue(body.contains("data-token=\"" + token + "\""), body);
        assertTrue(body.contains("data-app-id=\"authtest\""), body);
        assertTrue(body.contains("<label for=\"reset-password\">New password</label>"), body);
        assertTrue(body.contains("<label for=\"reset-confirm\">"), body);
        assertTrue(body.contains("href=\"/login?app_id=authtest\""), body);
        assertTrue(body.contains("/auth/reset-password"), "the page posts to the reset route");
        // The only app is assumed without app_id; no token, a token of the wrong shape or an unknown app are refused.
        assertEquals(200, get("/reset-password?token=" + token).statusCode());
        assertEquals(400, get("/reset-password").statusCode());
        HttpResponse<String> bad = get("/reset-password?token=" + enc("\"><script>alert(1)</script>"));
        assertEquals(400, bad.statusCode());
        assertFalse(bad.body().contains("<script>alert(1)"));
        assertEquals(404, get("/reset-password?token=" + token + "&app_id=nope").statusCode());
    }

    @Test
    void behindAProxyThePublicUrlsOriginIsAcceptedToo() throws Exception {
        try (TestServer proxied = new TestServer("authtest", TestDatabases.Kind.SQLITE,
                TestServer.fastAuth().withPublicUrl("https://App.Example.test/base"))) {
            String local = "http://127.0.0.1:" + proxied.port();
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(local + "/login?from_url="
                    + enc("https://app.example.test/after"))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            HttpResponse<String> logout = HTTP.send(HttpRequest.newBuilder(URI.create(local + "/api/apps/auth/logout?from_url="
                    + enc("https://app.example.test/bye"))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, logout.statusCode());
            assertEquals("https://app.example.test/bye", logout.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(local + "/login?from_url="
                    + enc("http://app.example.test/after"))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, other.statusCode(), "another scheme is another origin");
        }
        assertEquals("https://a.example:8443", LoginPage.originOf("HTTPS://A.example:8443/x/y?z"));
        assertNull(LoginPage.originOf("/relative"));
        assertNull(LoginPage.safeFromUrl("https://b.example/", "http://127.0.0.1:1", java.util.Optional.of("https://a.example")));
        assertEquals("https://a.example/", LoginPage.safeFromUrl("https://a.example/", "http://127.0.0.1:1", java.util.Optional.of("https://a.example")));
    }

    @Test
    void fromUrlRule() {
        String origin = "http://app.example:8080";
        assertEquals("/", LoginPage.safeFromUrl(null, origin));
        assertEquals("/a?b=c", LoginPage.safeFromUrl("/a?b=c", origin));
        assertEquals("http://APP.example:8080/x", LoginPage.safeFromUrl("http://APP.example:8080/x", origin));
        assertEquals("https://a.example/x", LoginPage.safeFromUrl("https://a.example/x", "https://a.example"));
        assertEquals("https://a.example:443/x", LoginPage.safeFromUrl("https://a.example:443/x", "https://a.example"));
        assertNull(LoginPage.safeFromUrl("http://app.example/x", origin));
        assertNull(LoginPage.safeFromUrl("http://app.example:8080.evil.example/", origin));
        assertNull(LoginPage.safeFromUrl("/a\nb", origin));
        assertNull(LoginPage.safeFromUrl("http://app.example:8080/x", null));
    }
}

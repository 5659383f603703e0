package dev.homebase.server.cli;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code HOMEBASE_TRUSTED_PROXIES} on a real {@code homebase serve}: from a listed address,
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} make the sign-in's callback URL, the
 * {@code from_url} check and the cookie's {@code Secure} flag; from an address not listed they are
 * ignored. (The test's requests come from 127.0.0.1.)
 */
class TrustedProxiesEnvTest {
    private static final Map<String, String> FORWARDED = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com");
    private static Path project;
    private static Path data;

    @BeforeAll
    static void projectWithFacebook() throws Exception {
        project = CliProcess.minimalProject();
        data = TempDirs.create("hb-proxies");
        // Starting a Facebook sign-in reaches no provider: the authorization URL is built locally.
        Files.writeString(project.resolve("base44/config.jsonc"), """
                { "name": "Proxied", "auth": { "providers": {
                  "facebook": { "clientId": "fb-app", "authUrl": "http://127.0.0.1:9/fb", "apiUrl": "http://127.0.0.1:9/graph" } } } }
                """);
        CliProcess.Result set = CliProcess.run(Map.of(), "secrets", "set", "FACEBOOK_CLIENT_SECRET=s", "-p", project.toString(),
                "--data", data.toString());
        assertEquals(0, set.exitCode(), set.stderr());
    }

    private record Started(int status, String redirectUri, String cookie, String body) {}

    /** Runs serve with {@code proxies}, starts one sign-in with the forwarded headers and {@code fromUrl}. */
    private static Started startBehindProxy(String proxies, String fromUrl) throws Exception {
        Process serve = CliProcess.start(Map.of("HOMEBASE_TRUSTED_PROXIES", proxies), cp -> cp, Path.of("").toAbsolutePath(), "serve",
                project.toString(), "--port", "0", "--data", data.toString());
        CliProcess.readAsync(serve.getErrorStream());
        try {
            String listening = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(listening != null && listening.startsWith("Homebase listening on "), String.valueOf(listening));
            String base = listening.substring("Homebase listening on ".length(), listening.indexOf(" (app "));
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/api/apps/auth/facebook/login?from_url="
                    + java.net.URLEncoder.encode(fromUrl, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30));
            FORWARDED.forEach(req::header);
            HttpResponse<String> res = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
            String location = res.headers().firstValue("Location").orElse("");
            String redirect = null;
            for (String pair : URI.create(location.isEmpty() ? "x:/" : location).getRawQuery() == null ? new String[0]
                    : URI.create(location).getRawQuery().split("&")) {
                if (pair.startsWith("redirect_uri=")) redirect = URLDecoder.decode(pair.substring(13), StandardCharsets.UTF_8);
            }
            return new Started(res.statusCode(), redirect, res.headers().firstValue("Set-Cookie").orElse(""), res.body());
        } finally {
            serve.destroy();
            serve.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void forwardedHeadersFromATrustedProxyMakeTheCallbackUrl() throws Exception {
        Started s = startBehindProxy("10.0.0.0/8, 127.0.0.1/32", "https://app.example.com/home");
        assertEquals(302, s.status(), s.body());
        assertEquals("https://app.example.com/api/apps/auth/facebook/callback", s.redirectUri());
        assertTrue(s.cookie().contains("; Secure"), s.cookie());
    }

    @Test
    void forwardedHeadersFromAnyoneElseAreIgnored() throws Exception {
        Started refused = startBehindProxy("10.0.0.0/8", "https://app.example.com/home");
        assertEquals(400, refused.status(), "the forwarded origin is not believed, so from_url is another site");
        Started s = startBehindProxy("10.0.0.0/8", "/home");
        assertEquals(302, s.status(), s.body());
        assertTrue(s.redirectUri().startsWith("http://127.0.0.1:") && s.redirectUri().endsWith("/api/apps/auth/facebook/callback"),
                s.redirectUri());
        assertFalse(s.cookie().contains("Secure"), s.cookie());
    }

    @Test
    void aMalformedListStopsTheStart() {
        CliProcess.Result r = CliProcess.run(Map.of("HOMEBASE_TRUSTED_PROXIES", "proxy.example.com"), "serve", project.toString(),
                "--port", "0", "--data", data.toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("HOMEBASE_TRUSTED_PROXIES: \"proxy.example.com\" is not an IP address"), r.stderr());
    }
}

package dev.homebase.server.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Speaks to an OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6): redeems an authorization code (with
 * its PKCE verifier) and refreshes access tokens. The client authenticates with its id and secret in
 * the form body (what Google, Slack, GitHub, HubSpot and Linear accept), or as HTTP Basic for
 * Notion, which takes only that. Thread-safe.
 */
public final class TokenEndpoint {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What a token endpoint granted. {@code expiresAt}: epoch millis, or null when it did not say. */
    public record Tokens(String accessToken, String refreshToken, Long expiresAt, String scope, String idToken) {}

    /** The endpoint answered with an OAuth error (4xx): the grant is no longer good. */
    public static final class Refused extends Exception {
        Refused(String error) {
            super(error);
        }
    }

    /** The endpoint could not be reached, or failed on its side (5xx): worth trying again later. */
    public static final class Unreachable extends Exception {
        Unreachable(String why) {
            super(why);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Clock clock;

    public TokenEndpoint(Clock clock) {
        this.clock = clock;
    }

    /** Redeems {@code code}. */
    public Tokens redeem(URI tokenUrl, String clientId, String secret, String code, String redirectUri, String codeVerifier)
            throws Refused, Unreachable {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return post(tokenUrl, clientId, secret, form, null);
    }

    /** Refreshes with {@code refreshToken}; a refresh answer without a new refresh token keeps the old one. */
    public Tokens refresh(URI tokenUrl, String clientId, String secret, String refreshToken) throws Refused, Unreachable {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return post(tokenUrl, clientId, secret, form, refreshToken);
    }

    private Tokens post(URI tokenUrl, String clientId, String secret, Map<String, String> form, String oldRefresh)
            throws Refused, Unreachable {
        boolean basic = secret != null && "api.notion.com".equals(tokenUrl.getHost());
        form.put("client_id", clientId);
        if (secret != null && !basic) form.put("client_secret", secret);
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder req = HttpRequest.newBuilder(tokenUrl).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json") // GitHub answers form-encoded without it
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basic) {
            req.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        if (res.statusCode() >= 500) throw new Unreachable("HTTP " + res.statusCode());
        String error = json == null ? null : json.path("error").asText(null);
        // Slack answers 200 {"ok": false, "error": "invalid_refresh_token"}.
        if (res.statusCode() >= 400 || error != null || json == null || !json.path("access_token").isTextual()) {
            throw new Refused(error != null ? error : "HTTP " + res.statusCode());
        }
        Long expiresAt = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                ? clock.millis() + json.path("expires_in").asLong() * 1000 : null;
        String refresh = json.path("refresh_token").isTextual() ? json.path("refresh_token").asText() : oldRefresh;
        return new Tokens(json.path("access_token").asText(), refresh, expiresAt, json.path("scope").asText(null),
                json.path("id_token").asText(null));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

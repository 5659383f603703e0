package dev.homebase.server.auth.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few HTTP calls the OAuth 2.0 providers that are not OpenID Connect need: a form POST to a token
 * endpoint and JSON GETs of an API, with timeouts, no redirects followed and a size cap on answers.
 * Failures become {@link OAuthFailure} 502 with a plain message; the log names the provider, the
 * endpoint (without its query, which may carry a code or a token) and the status, never a secret.
 * Also the steps those providers share: the code exchange, the profile fetch and the PKCE challenge.
 * Thread-safe.
 */
final class ProviderHttp {
    private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Largest answer read from a provider. */
    private static final int MAX_BYTES = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** A provider's answer: the status and the JSON body (a missing node when it was not JSON). */
    record Answer(int status, JsonNode json) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private ProviderHttp() {}

    /** POSTs {@code form} (form-encoded) to {@code uri}, asking for JSON. @throws OAuthFailure 502 when unreachable */
    static Answer postForm(String provider, URI uri, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(provider, uri, b.build());
    }

    /** GETs {@code uri} with {@code headers}. @throws OAuthFailure 502 when unreachable */
    static Answer get(String provider, URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET();
        headers.forEach(b::header);
        return send(provider, uri, b.build());
    }

    /**
     * The authorization-code exchange: POSTs {@code form} to {@code tokenUri} and returns the answer's
     * {@code field} ({@code access_token}, {@code id_token}). A non-2xx answer or one without the field
     * (GitHub refuses a code with 200 and {@code {"error": ...}}) is logged with the provider's reason,
     * found at the JSON pointer {@code errorPointer}, and refused.
     *
     * @throws OAuthFailure 502 when refused or unreachable
     */
    static String redeemCode(String provider, URI tokenUri, Map<String, String> form, String field, String errorPointer) {
        return redeem(provider, tokenUri, form, field, errorPointer).path(field).asText();
    }

    /** Like {@link #redeemCode}, but the whole token answer (its {@code field} is there and not empty). */
    static JsonNode redeem(String provider, URI tokenUri, Map<String, String> form, String field, String errorPointer) {
        Answer token = postForm(provider, tokenUri, form, Map.of());
        String value = token.json().path(field).asText("");
        if (!token.ok() || value.isEmpty()) {
            log.warn("{} refused the authorization code: {}", provider, token.json().at(errorPointer).asText("no " + field));
            throw new OAuthFailure(502, "The sign-in provider refused the sign-in. Please try again.");
        }
        return token.json();
    }

    /**
     * The provider's tokens in a token answer, kept for {@code asServiceRole.sso} (api-contract §9), or null when it
     * holds no access token.
     *
     * @param refreshUri where a refresh token is redeemed, or null when this server must never refresh them (Apple:
     *     its client secret is minted per request, not the stored secret)
     */
    static ProviderTokens tokens(URI refreshUri, JsonNode answer, java.time.Clock clock) {
        String access = answer.path("access_token").asText("");
        if (access.isEmpty()) return null;
        long expiresIn = answer.path("expires_in").asLong(0);
        return new ProviderTokens(refreshUri, access, text(answer, "refresh_token"),
                expiresIn > 0 ? clock.millis() + expiresIn * 1000 : null, text(answer, "id_token"));
    }

    private static String text(JsonNode answer, String field) {
        String v = answer.path(field).asText("");
        return v.isEmpty() ? null : v;
    }

    /**
     * GETs the signed-in person's profile and returns it; it must carry a non-empty {@code id}.
     *
     * @throws OAuthFailure 502 when not 2xx, without an id, or unreachable
     */
    static JsonNode profile(String provider, URI uri, Map<String, String> headers) {
        Answer me = get(provider, uri, headers);
        if (!me.ok() || me.json().path("id").asText("").isEmpty()) {
            throw new OAuthFailure(502, "The sign-in provider did not say who signed in. Please try again.");
        }
        return me.json();
    }

    /** The PKCE S256 {@code code_challenge} for {@code codeVerifier}. */
    static String s256Challenge(String codeVerifier) {
        return CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(codeVerifier)).getValue();
    }

    /** {@code base} + {@code path} + the form-encoded {@code query}. */
    static URI uri(URI base, String path, Map<String, String> query) {
        String q = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return URI.create(base.toString() + path + (q.isEmpty() ? "" : "?" + q));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Answer send(String provider, URI uri, HttpRequest request) {
        String where = uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        try {
            HttpResponse<InputStream> res = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = res.body()) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                log.warn("{} answered more than {} bytes at {}", provider, MAX_BYTES, where);
                throw new OAuthFailure(502, "The sign-in provider sent an answer that could not be read.");
            }
            JsonNode json;
            try {
                json = Json.parse(new String(bytes, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                json = Json.MAPPER.missingNode();
            }
            if (res.statusCode() / 100 != 2) log.warn("{} answered {} at {}", provider, res.statusCode(), where);
            return new Answer(res.statusCode(), json == null ? Json.MAPPER.missingNode() : json);
        } catch (IOException e) {
            log.warn("{} could not be reached at {}: {}", provider, where, e.toString());
            throw new OAuthFailure(502, "The sign-in provider could not be reached. Please try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthFailure(502, "The sign-in provider could not be reached. Please try again.");
        }
    }
}

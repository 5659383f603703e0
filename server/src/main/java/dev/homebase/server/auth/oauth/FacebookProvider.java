package dev.homebase.server.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.config.OAuthProviderSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Facebook Login (OAuth 2.0, not OpenID Connect): the dialog at {@code <authUrl>/dialog/oauth} with
 * {@code state} and PKCE S256, the code exchanged at {@code <apiUrl>/oauth/access_token} with the app
 * secret and the verifier, then the person from {@code <apiUrl>/me?fields=id,name,email}, called with
 * {@code appsecret_proof} (HMAC-SHA256 of the token under the app secret, so a leaked token alone
 * cannot be replayed against our app). Facebook shares only confirmed addresses, so an email it
 * returns counts as verified; none (the person declined the permission, or signed up by phone) is
 * refused with a page that says so. Thread-safe.
 */
final class FacebookProvider implements OAuthProvider {
    private final java.time.Clock clock;
    private final OAuthProviderSettings settings;

    FacebookProvider(OAuthProviderSettings settings, java.time.Clock clock) {
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public OAuthProviderSettings settings() {
        return settings;
    }

    @Override
    public URI authorizationUrl(URI redirectUri, String state, String nonce, String codeVerifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", redirectUri.toString());
        q.put("response_type", "code");
        q.put("scope", String.join(",", settings.scopes()));
        q.put("state", state);
        q.put("code_challenge", ProviderHttp.s256Challenge(codeVerifier));
        q.put("code_challenge_method", "S256");
        return ProviderHttp.uri(settings.issuer(), "/dialog/oauth", q);
    }

    @Override
    public Identity redeem(Callback callback) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", callback.secret());
        form.put("redirect_uri", callback.redirectUri().toString());
        form.put("code", callback.code());
        form.put("code_verifier", callback.codeVerifier());
        URI tokenUri = URI.create(settings.apiUrl() + "/oauth/access_token");
        JsonNode answer = ProviderHttp.redeem(settings.name(), tokenUri, form, "access_token", "/error/message");
        String accessToken = answer.path("access_token").asText();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("fields", "id,name,email");
        q.put("appsecret_proof", proof(accessToken, callback.secret()));
        JsonNode me = ProviderHttp.profile(settings.name(), ProviderHttp.uri(settings.apiUrl(), "/me", q),
                Map.of("Authorization", "Bearer " + accessToken));
        String email = me.path("email").asText("");
        if (email.isBlank()) {
            throw new OAuthFailure(403, "Facebook did not share an email address, and this app needs one. Sign in again and allow "
                    + "access to your email address, or choose another way to sign in.");
        }
        String name = me.path("name").asText("");
        // Facebook's user tokens come without a refresh token: kept for SSO until they expire.
        return new Identity(me.path("id").asText(), email, true, name.isBlank() ? null : name,
                ProviderHttp.tokens(tokenUri, answer, clock));
    }

    /** Graph's {@code appsecret_proof}: hex HMAC-SHA256 of the access token, keyed with the app secret. */
    static String proof(String accessToken, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.homebase.server.auth.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.homebase.server.config.OAuthProviderSettings;
import dev.homebase.server.internal.Json;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign in with Apple: the authorization at {@code <issuer>/auth/authorize} with
 * {@code response_mode=form_post} (Apple returns with a cross-site POST; see {@code OAuthApi} for how
 * the sign-in's browser binding survives it), {@code state} and a {@code nonce}; the code exchanged at
 * {@code <issuer>/auth/token} with a client secret minted per request ({@link AppleClientSecret});
 * the ID token checked against Apple's keys ({@code <issuer>/auth/keys}): signature (RS256/ES256
 * only), issuer, audience = our Services ID, expiry, issue time and nonce. The name comes from the
 * {@code user} form field, which Apple sends only on a person's first sign-in; it is used when the
 * account is created and kept afterwards. Thread-safe.
 *
 * <p>NB: no PKCE here; Apple's documentation does not offer it. The code is bound to our client by
 * the signed client secret, and the ID token to this sign-in by the nonce.
 */
final class AppleProvider implements OAuthProvider {
    private static final Logger log = LoggerFactory.getLogger(AppleProvider.class);
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int JWKS_MAX_BYTES = 256 * 1024;

    private final OAuthProviderSettings settings;
    private final Clock clock;
    private final IDTokenValidator validator;

    AppleProvider(OAuthProviderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            var keys = new JWSVerificationKeySelector<SecurityContext>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    JWKSourceBuilder.<SecurityContext>create(URI.create(settings.issuer() + "/auth/keys").toURL(),
                            new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, JWKS_MAX_BYTES)).build());
            this.validator = new IDTokenValidator(new Issuer(settings.issuer().toString()), new ClientID(settings.clientId()), keys, null);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + settings.issuer(), e);
        }
    }

    @Override
    public OAuthProviderSettings settings() {
        return settings;
    }

    @Override
    public boolean formPost() {
        return true;
    }

    @Override
    public URI authorizationUrl(URI redirectUri, String state, String nonce, String codeVerifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", redirectUri.toString());
        q.put("response_type", "code");
        q.put("response_mode", "form_post");
        q.put("scope", String.join(" ", settings.scopes()));
        q.put("state", state);
        q.put("nonce", nonce);
        return ProviderHttp.uri(settings.issuer(), "/auth/authorize", q);
    }

    @Override
    public Identity redeem(Callback callback) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", AppleClientSecret.mint(callback.secret(), settings.teamId(), settings.keyId(), settings.clientId(),
                settings.issuer().toString(), clock));
        form.put("code", callback.code());
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", callback.redirectUri().toString());
        JsonNode answer = ProviderHttp.redeem(settings.name(), URI.create(settings.issuer() + "/auth/token"),
                form, "id_token", "/error");
        String idToken = answer.path("id_token").asText();
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(JWTParser.parse(idToken), new Nonce(callback.nonce()));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            log.warn("Refused an ID token from {}: {}", settings.name(), e.getMessage());
            throw new OAuthFailure(400, "The sign-in provider's answer could not be verified.");
        }
        String email = claims.getStringClaim("email");
        Object verified = claims.getClaim("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        // Kept for SSO, never refreshed here: a refresh needs a freshly minted client secret, not the stored key.
        return new Identity(claims.getSubject().getValue(), email, emailVerified, name(callback.user()), ProviderHttp.tokens(null, answer, clock));
    }

    /** "First Last" from Apple's {@code user} field ({@code {"name": {"firstName", "lastName"}, "email"}}), or null. */
    static String name(String user) {
        if (user == null || user.isBlank() || user.length() > 4096) return null;
        try {
            JsonNode name = Json.parse(user).path("name");
            String full = (name.path("firstName").asText("") + " " + name.path("lastName").asText("")).strip();
            return full.isEmpty() ? null : full;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

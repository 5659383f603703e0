package dev.homebase.server.auth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.homebase.server.config.OAuthProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID Connect relying party for one provider of one app (Nimbus OAuth 2.0 SDK): discovery
 * from the issuer, the authorization request (code flow with PKCE S256, {@code state} and
 * {@code nonce}), the code exchange at the token endpoint with the client secret, and the ID
 * token check: signature against the provider's JWKS (asymmetric algorithms only), issuer,
 * audience = our client id, expiry and issue time (60 s skew), and the nonce. Thread-safe; the
 * discovered metadata is kept for {@link #METADATA_TTL}.
 *
 * <p>Every well-known provider that speaks OpenID Connect (Google, Microsoft, Okta, Auth0,
 * Keycloak, ...) is this one class with another issuer; see {@link OAuthProviderSettings}.
 */
final class OidcClient implements OAuthProvider {
    private static final Logger log = LoggerFactory.getLogger(OidcClient.class);
    /** How long discovered metadata and keys are trusted before they are read again. */
    static final Duration METADATA_TTL = Duration.ofHours(1);
    private static final int TIMEOUT_MILLIS = 10_000;
    /** Largest JWKS document read. */
    private static final int JWKS_MAX_BYTES = 512 * 1024;
    /** Signature algorithms accepted on ID tokens: asymmetric only (never none or a shared secret). */
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator, long at) {}

    private final OAuthProviderSettings settings;
    private final Clock clock;
    private volatile Discovered discovered;

    OidcClient(OAuthProviderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public OAuthProviderSettings settings() {
        return settings;
    }

    /**
     * The provider's authorization URL to send the browser to.
     *
     * @throws OAuthFailure 502 when the provider's discovery document cannot be read
     */
    @Override
    public URI authorizationUrl(URI redirectUri, String state, String nonce, String codeVerifier) {
        OIDCProviderMetadata m = discover().metadata();
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.scopes().toArray(String[]::new)),
                new ClientID(settings.clientId()), redirectUri)
                .endpointURI(m.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /**
     * Exchanges {@code code} for tokens and checks the ID token.
     *
     * @throws OAuthFailure 502 when the provider cannot be reached or refuses the code; 400 when
     *     the ID token is not valid (signature, issuer, audience, expiry, nonce) or has no email
     */
    @Override
    public Identity redeem(Callback callback) {
        return redeem(callback.code(), callback.redirectUri(), callback.codeVerifier(), callback.nonce(), callback.secret());
    }

    private Identity redeem(String code, URI redirectUri, String codeVerifier, String nonce, String clientSecret) {
        Discovered d = discover();
        ClientID id = new ClientID(settings.clientId());
        Secret secret = new Secret(clientSecret);
        List<ClientAuthenticationMethod> methods = d.metadata().getTokenEndpointAuthMethods();
        ClientAuthentication auth = methods == null || methods.isEmpty() || methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                ? new ClientSecretBasic(id, secret) : new ClientSecretPost(id, secret);
        TokenRequest request = new TokenRequest(d.metadata().getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier)));
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MILLIS);
            http.setReadTimeout(TIMEOUT_MILLIS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            log.warn("Token request to {} ({}) failed: {}", settings.name(), d.metadata().getTokenEndpointURI(), e.getMessage());
            throw new OAuthFailure(502, "The sign-in provider could not be reached. Please try again.");
        }
        if (!response.indicatesSuccess()) {
            log.warn("{} refused the authorization code: {}", settings.name(), response.toErrorResponse().getErrorObject());
            throw new OAuthFailure(502, "The sign-in provider refused the sign-in. Please try again.");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) throw new OAuthFailure(502, "The sign-in provider sent no identity.");
        IDTokenClaimsSet claims;
        try {
            claims = d.validator().validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException | JOSEException e) {
            log.warn("Refused an ID token from {}: {}", settings.name(), e.getMessage());
            throw new OAuthFailure(400, "The sign-in provider's answer could not be verified.");
        }
        String email = claims.getStringClaim("email");
        Object verified = claims.getClaim("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        var oidc = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        long lifetime = oidc.getAccessToken().getLifetime();
        ProviderTokens tokens = new ProviderTokens(d.metadata().getTokenEndpointURI(), oidc.getAccessToken().getValue(),
                oidc.getRefreshToken() == null ? null : oidc.getRefreshToken().getValue(),
                lifetime > 0 ? clock.millis() + lifetime * 1000 : null, oidc.getIDTokenString());
        return new Identity(claims.getSubject().getValue(), email, emailVerified, claims.getStringClaim("name"), tokens);
    }

    private Discovered discover() {
        Discovered d = discovered;
        if (d != null && clock.millis() - d.at() < METADATA_TTL.toMillis()) return d;
        synchronized (this) {
            d = discovered;
            if (d != null && clock.millis() - d.at() < METADATA_TTL.toMillis()) return d;
            try {
                OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(settings.issuer().toString()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
                if (m.getJWKSetURI() == null) throw new GeneralException("the discovery document names no jwks_uri");
                Set<JWSAlgorithm> algs = new LinkedHashSet<>();
                if (m.getIDTokenJWSAlgs() != null) m.getIDTokenJWSAlgs().stream().filter(ASYMMETRIC::contains).forEach(algs::add);
                if (algs.isEmpty()) algs.add(JWSAlgorithm.RS256);
                var keys = new JWSVerificationKeySelector<SecurityContext>(algs,
                        JWKSourceBuilder.<SecurityContext>create(m.getJWKSetURI().toURL(),
                                new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, JWKS_MAX_BYTES)).build());
                IDTokenValidator validator = new IDTokenValidator(m.getIssuer(), new ClientID(settings.clientId()), keys, null);
                d = new Discovered(m, validator, clock.millis());
                discovered = d;
                return d;
            } catch (GeneralException | IOException | IllegalArgumentException e) {
                log.warn("OpenID Connect discovery for {} at {} failed: {}", settings.name(), settings.issuer(), e.getMessage());
                throw new OAuthFailure(502, "The sign-in provider could not be reached. Please try again later.");
            }
        }
    }
}

package dev.homebase.server.auth.oauth;

import dev.homebase.server.config.OAuthProviderSettings;
import java.net.URI;
import java.time.Clock;

/**
 * One social-login provider of one app, as {@link SocialLogin} drives it: the URL to send the browser
 * to, then the exchange of what the provider sent back for the identity of the person who signed in.
 * One small class per way of speaking to a provider: {@link OidcClient} (any OpenID Connect issuer),
 * {@link FacebookProvider}, {@link AppleProvider}, {@link GitHubProvider}. Implementations are
 * thread-safe and keep no per-sign-in state (that lives in {@link OAuthStates}).
 */
sealed interface OAuthProvider permits OidcClient, FacebookProvider, AppleProvider, GitHubProvider {

    /**
     * Who the provider says signed in.
     *
     * @param subject the provider's id of the person
     * @param email the email the provider shares, or null
     * @param emailVerified whether the provider vouches for the email
     * @param name the person's name, or null
     * @param tokens the provider's tokens (kept for SSO, api-contract §9), or null
     */
    record Identity(String subject, String email, boolean emailVerified, String name, ProviderTokens tokens) {
        Identity(String subject, String email, boolean emailVerified, String name) {
            this(subject, email, emailVerified, name, null);
        }
    }

    /**
     * What the callback brought, with what the start kept.
     *
     * @param code the authorization code
     * @param redirectUri our callback URL, as sent at the start
     * @param codeVerifier the PKCE verifier of the start
     * @param nonce the nonce of the start (OpenID Connect and Apple)
     * @param secret the app secret of the provider (a client secret; Apple: the .p8 private key)
     * @param user Apple's {@code user} form field (a JSON object with the name, sent on the first sign-in only), else null
     */
    record Callback(String code, URI redirectUri, String codeVerifier, String nonce, String secret, String user) {}

    /** The settings this provider was made from. */
    OAuthProviderSettings settings();

    /**
     * The provider's authorization URL to send the browser to.
     *
     * @throws OAuthFailure 502 when the provider cannot be reached (OpenID Connect discovery)
     */
    URI authorizationUrl(URI redirectUri, String state, String nonce, String codeVerifier);

    /**
     * Exchanges the callback's code for the identity.
     *
     * @throws OAuthFailure 502 when the provider cannot be reached or refuses the code; 400 when its
     *     answer does not check out
     */
    Identity redeem(Callback callback);

    /** Whether the provider returns to the callback with a POST ({@code response_mode=form_post}). */
    default boolean formPost() {
        return false;
    }

    /** The provider for {@code settings}, by its type. */
    static OAuthProvider of(OAuthProviderSettings settings, Clock clock) {
        return switch (settings.type()) {
            case OIDC -> new OidcClient(settings, clock);
            case FACEBOOK -> new FacebookProvider(settings, clock);
            case APPLE -> new AppleProvider(settings, clock);
            case GITHUB -> new GitHubProvider(settings, clock);
        };
    }
}

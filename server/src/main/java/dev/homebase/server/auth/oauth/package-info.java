/**
 * Social login and SSO (api-contract §2.8): {@link dev.homebase.server.auth.oauth.SocialLogin} runs a
 * sign-in (start, then the provider's callback) over the sign-ins in flight kept in the database
 * ({@code OAuthStates}: single-use, hashed, bound to the browser by a cookie), and one small
 * {@code OAuthProvider} class per way of speaking to a provider: {@code OidcClient} (any OpenID Connect
 * issuer: Google, Microsoft, Okta, ...), {@code FacebookProvider} (OAuth 2.0 + Graph API),
 * {@code AppleProvider} ({@code form_post}, an ES256 client secret from {@code AppleClientSecret}, the ID
 * token against Apple's JWKS) and {@code GitHubProvider} (OAuth 2.0 + the primary verified email).
 * An OpenID Connect sign-in also hands the provider's own tokens
 * ({@link dev.homebase.server.auth.oauth.ProviderTokens}) to a {@code SocialLogin.TokenSink}, which keeps
 * them for {@code asServiceRole.sso} (api-contract §9, {@code connectors/SsoTokens}).
 *
 * <p>May import {@code auth}, {@code store}, {@code config} and {@code internal}; never {@code http}.
 * Failures are {@link dev.homebase.server.auth.oauth.OAuthFailure}: a status and a message safe to
 * show the person signing in; details go to the log, never a secret, code or token.
 */
package dev.homebase.server.auth.oauth;

package dev.homebase.server.auth.oauth;

import java.net.URI;

/**
 * The provider's own tokens of a finished sign-in, kept for {@code asServiceRole.sso} (api-contract
 * §9). NB: secrets; never logged.
 *
 * @param tokenUrl the provider's token endpoint (for refreshes), or null
 * @param accessToken the provider's access token
 * @param refreshToken its refresh token, or null
 * @param expiresAt when the access token expires (epoch millis), or null
 * @param idToken the raw OIDC ID token, or null
 */
public record ProviderTokens(URI tokenUrl, String accessToken, String refreshToken, Long expiresAt, String idToken) {
    @Override
    public String toString() {
        return "ProviderTokens[tokenUrl=" + tokenUrl + ", expiresAt=" + expiresAt + "]"; // never the tokens
    }
}

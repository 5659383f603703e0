package dev.homebase.sdk.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SSO provider tokens of the acting end user, the Java form of {@code asServiceRole.sso}
 * (service role only). Thread-safe.
 */
public interface SsoModule {
    /**
     * Reads the SSO provider access token of a user ({@code GET /auth/sso/accesstoken/{userId}}).
     *
     * @param userId the user id (must be the on-behalf-of user)
     * @return {@code {access_token}}
     */
    Map<String, Object> getAccessToken(String userId);

    /**
     * Reads the stored OIDC ID token of a user ({@code GET /auth/sso/idtoken/{userId}}).
     *
     * @param userId the user id
     * @return the raw ID token
     */
    String getIdToken(String userId);

    /**
     * Reads a user's SSO access token without blocking; see {@link #getAccessToken(String)}.
     *
     * @param userId the user id (must be the on-behalf-of user)
     * @return completes with {@code {access_token}}, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> getAccessTokenAsync(String userId);

    /**
     * Reads a user's OIDC ID token without blocking; see {@link #getIdToken(String)}.
     *
     * @param userId the user id
     * @return completes with the raw ID token, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> getIdTokenAsync(String userId);
}

package dev.homebase.sdk.auth;

import dev.homebase.sdk.Base44Exception;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Authentication of the app's end users, the Java form of {@code base44.auth}
 * (user client only). Calls go to {@code /apps/{appId}/auth/...} and
 * {@code /apps/{appId}/entities/User/me}.
 *
 * <p>Browser-only methods of the JavaScript client ({@code redirectToLogin},
 * {@code loginWithProvider}, the redirect of {@code logout}) return the URL to open instead of
 * navigating. Thread-safe. Network methods throw {@link Base44Exception} on failure.
 */
public interface AuthModule {

    /**
     * Reads the current user ({@code GET /entities/User/me}).
     *
     * @return the user
     */
    User me();

    /**
     * Updates the current user with a partial merge ({@code PUT /entities/User/me}).
     *
     * @param data the fields to change
     * @return the updated user
     */
    User updateMe(Map<String, ?> data);

    /**
     * Checks whether the current token is valid by calling {@link #me()}.
     *
     * @return false on any error
     */
    boolean isAuthenticated();

    /**
     * Logs in with email and password and sets the returned token on the client.
     *
     * @param email    the email
     * @param password the password
     * @return the token and user
     */
    LoginResult loginViaEmailPassword(String email, String password);

    /**
     * Logs in with email, password and a Cloudflare Turnstile token, and sets the token.
     *
     * @param email          the email
     * @param password       the password
     * @param turnstileToken the captcha token, or null
     * @return the token and user
     */
    LoginResult loginViaEmailPassword(String email, String password, String turnstileToken);

    /**
     * Reads the current user without blocking ({@code HttpClient.sendAsync}); see {@link #me()}.
     *
     * @return completes with the user, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<User> meAsync();

    /**
     * Logs in without blocking and sets the returned token on the client before the future
     * completes; see {@link #loginViaEmailPassword(String, String)}.
     *
     * @param email    the email
     * @param password the password
     * @return completes with the token and user, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<LoginResult> loginViaEmailPasswordAsync(String email, String password);

    /**
     * Logs in with a Cloudflare Turnstile token without blocking, and sets the returned token on
     * the client before the future completes; see
     * {@link #loginViaEmailPassword(String, String, String)}.
     *
     * @param email          the email
     * @param password       the password
     * @param turnstileToken the captcha token, or null
     * @return completes with the token and user, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<LoginResult> loginViaEmailPasswordAsync(String email, String password, String turnstileToken);

    /**
     * Updates the current user without blocking; see {@link #updateMe(Map)}.
     *
     * @param data the fields to change
     * @return completes with the updated user, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<User> updateMeAsync(Map<String, ?> data);

    /**
     * Checks the current token without blocking; see {@link #isAuthenticated()}.
     *
     * @return completes with false on any error, never exceptionally
     */
    CompletableFuture<Boolean> isAuthenticatedAsync();

    /**
     * Registers a new user without blocking; see {@link #register(Map)}.
     *
     * @param params at least {@code email} and {@code password}
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> registerAsync(Map<String, ?> params);

    /**
     * Registers a new user with email and password without blocking; see
     * {@link #register(String, String)}.
     *
     * @param email    the email
     * @param password the password
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> registerAsync(String email, String password);

    /**
     * Verifies a one-time code without blocking; see {@link #verifyOtp(String, String)}.
     *
     * @param email   the email
     * @param otpCode the code from the mail
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> verifyOtpAsync(String email, String otpCode);

    /**
     * Sends a new one-time code without blocking; see {@link #resendOtp(String)}.
     *
     * @param email the email
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> resendOtpAsync(String email);

    /**
     * Asks for a password-reset mail without blocking; see {@link #resetPasswordRequest(String)}.
     *
     * @param email the email
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> resetPasswordRequestAsync(String email);

    /**
     * Sets a new password with a reset token without blocking; see
     * {@link #resetPassword(String, String)}.
     *
     * @param resetToken  the token from the mail
     * @param newPassword the new password
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> resetPasswordAsync(String resetToken, String newPassword);

    /**
     * Changes the password of a logged-in user without blocking; see
     * {@link #changePassword(String, String, String)}.
     *
     * @param userId          the user's id
     * @param currentPassword the current password
     * @param newPassword     the new password
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> changePasswordAsync(String userId, String currentPassword, String newPassword);

    /**
     * Invites a user without blocking; see {@link #inviteUser(String, String)}.
     *
     * @param userEmail the email
     * @param role      the role
     * @return completes with the server's answer, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<Map<String, Object>> inviteUserAsync(String userEmail, String role);

    /**
     * Registers a new user; the body is sent as given (snake_case keys such as
     * {@code turnstile_token}, {@code referral_code}).
     *
     * @param params at least {@code email} and {@code password}
     * @return the server's answer, e.g. {@code {id, message, otp_expires_in_minutes}}
     */
    Map<String, Object> register(Map<String, ?> params);

    /**
     * Registers a new user with email and password.
     *
     * @param email    the email
     * @param password the password
     * @return the server's answer
     */
    Map<String, Object> register(String email, String password);

    /**
     * Verifies the one-time code sent at registration. The returned token is not set.
     *
     * @param email   the email
     * @param otpCode the code
     * @return the server's answer, e.g. {@code {id, access_token, message, success}}
     */
    Map<String, Object> verifyOtp(String email, String otpCode);

    /**
     * Sends a new one-time code.
     *
     * @param email the email
     * @return the server's answer
     */
    Map<String, Object> resendOtp(String email);

    /**
     * Requests a password reset email.
     *
     * @param email the email
     * @return the server's answer
     */
    Map<String, Object> resetPasswordRequest(String email);

    /**
     * Sets a new password with a reset token.
     *
     * @param resetToken  the token from the email
     * @param newPassword the new password
     * @return the server's answer
     */
    Map<String, Object> resetPassword(String resetToken, String newPassword);

    /**
     * Changes the password of a logged-in user.
     *
     * @param userId          the user's id
     * @param currentPassword the current password
     * @param newPassword     the new password
     * @return the server's answer
     */
    Map<String, Object> changePassword(String userId, String currentPassword, String newPassword);

    /**
     * Invites a user ({@code POST /apps/{appId}/users/invite-user}); any role string.
     *
     * @param userEmail the email
     * @param role      the role
     * @return the server's answer
     */
    Map<String, Object> inviteUser(String userEmail, String role);

    /**
     * Sets the user token for later calls; null or empty is ignored (as in JavaScript).
     *
     * @param token the token
     */
    void setToken(String token);

    /**
     * Drops the token and returns the logout URL
     * {@code {appBaseUrl}/api/apps/auth/logout?from_url=<appBaseUrl>}.
     *
     * @return the URL to open to clear server-side sessions
     */
    String logout();

    /**
     * Drops the token and returns the logout URL that ends at {@code redirectUrl}.
     *
     * @param redirectUrl where to land after logout (absolute or relative to the app base URL)
     * @return the URL to open
     */
    String logout(String redirectUrl);

    /**
     * Returns the hosted login page URL {@code {appBaseUrl}/login?from_url=<enc nextUrl>}.
     *
     * @param nextUrl where to land after login (absolute or relative to the app base URL)
     * @return the URL to open
     */
    String redirectToLogin(String nextUrl);

    /**
     * Returns the URL that starts a social or SSO login, landing on {@code "/"}.
     *
     * @param provider {@code google}, {@code microsoft}, {@code facebook}, {@code apple},
     *                 {@code sso} or another provider name
     * @return the URL to open
     */
    String loginWithProvider(String provider);

    /**
     * Returns the URL that starts a social or SSO login. The server redirects back to
     * {@code fromUrl} with {@code access_token} in the query; see
     * {@link dev.homebase.sdk.Base44#accessTokenFromUrl(String)}.
     *
     * @param provider the provider
     * @param fromUrl  where to land afterwards (absolute or relative to the app base URL)
     * @return the URL to open
     */
    String loginWithProvider(String provider, String fromUrl);
}

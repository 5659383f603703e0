package dev.homebase.sdk.auth;

/**
 * Result of {@link AuthModule#loginViaEmailPassword(String, String)}: the JavaScript
 * {@code {access_token, user}}.
 *
 * @param accessToken the user token, already set on the client
 * @param user        the logged-in user, or null when the server sent none
 */
public record LoginResult(String accessToken, User user) {
    @Override
    public String toString() {
        // The token is a secret: never print it.
        return "LoginResult[accessToken=***, user=" + user + "]";
    }
}

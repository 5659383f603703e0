package dev.homebase.server.auth.oauth;

/**
 * A social sign-in that cannot go on. The message is safe to show the person signing in; the
 * status is the HTTP status of the page that says so. Details of provider failures go to the log.
 */
public final class OAuthFailure extends RuntimeException {
    private final int status;

    public OAuthFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer with (400, 403, 404, 502 or 503). */
    public int status() {
        return status;
    }
}

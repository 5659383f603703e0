package dev.homebase.server.auth;

/**
 * A sign-in or account operation that cannot be done. The {@link Kind} says which HTTP status the
 * web layer answers; the message is safe to show the caller; the code is stable snake_case.
 */
public final class AuthException extends RuntimeException {

    /** What went wrong, as the web layer needs to know it. */
    public enum Kind {
        /** Malformed input, wrong credentials, bad or expired codes and tokens (400). */
        INVALID,
        /** No valid token where one is required, or a present token that is not valid (401). */
        UNAUTHORIZED,
        /** Signed in, but not allowed (403). */
        FORBIDDEN,
        /** No such thing (404). */
        NOT_FOUND,
        /** Too many attempts or requests (429). */
        TOO_MANY
    }

    private final Kind kind;
    private final String code;
    private final long retryAfterSeconds;

    public AuthException(Kind kind, String code, String message) {
        this(kind, code, message, -1);
    }

    /**
     * @param retryAfterSeconds for {@link Kind#TOO_MANY}: seconds until the caller may try again
     *     (the HTTP {@code Retry-After}); negative when not applicable
     */
    public AuthException(Kind kind, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The one answer for every kind of bad token, so callers learn nothing about why. */
    public static AuthException unauthorized() {
        return new AuthException(Kind.UNAUTHORIZED, "unauthorized", "Unauthorized");
    }

    static AuthException invalid(String code, String message) {
        return new AuthException(Kind.INVALID, code, message);
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }

    /** Seconds until a retry may succeed (the {@code Retry-After} of a 429), or negative when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

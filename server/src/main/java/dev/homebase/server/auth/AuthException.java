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

    public AuthException(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
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
}

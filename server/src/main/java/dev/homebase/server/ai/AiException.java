package dev.homebase.server.ai;

/**
 * A failure of an AI call with the HTTP status the caller gets: 400 for bad input, 429 when the
 * provider is rate limiting (with its {@code Retry-After}), 502 for a provider error or a reply
 * that does not fit, 503 when no provider is configured, 504 when the provider is too slow.
 * The message is safe to show: it never holds the API key.
 */
public final class AiException extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    AiException(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static AiException badRequest(String message) {
        return new AiException(400, "bad_request", message, -1);
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }

    /** A stable snake_case code. */
    public String code() {
        return code;
    }

    /** Seconds for {@code Retry-After} on a 429, or -1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * The server answered {@code 429}: too many attempts (sign-in, codes, resets). {@link #retryAfter()}
 * says when to try again, from the {@code Retry-After} header.
 */
public class RateLimitedException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message    the server's message
     * @param code       the server's error code, may be {@code null}
     * @param data       the parsed body, may be {@code null}
     * @param retryAfter the wait the server asked for, or {@code null} when it named none
     */
    public RateLimitedException(String message, String code, JsonNode data, Duration retryAfter) {
        super(message, 429, code, data, null);
        this.retryAfter = retryAfter;
    }

    /**
     * Returns how long to wait before trying again.
     *
     * @return the wait from the {@code Retry-After} header (seconds, or an HTTP date turned into a
     *         wait from now), or empty when the server sent none
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered {@code 401}: no token, or an invalid or expired one, where sign-in is
 * required.
 * {@link #status()}, {@link #code()} and {@link #body()} hold the answer.
 */
public class UnauthorizedException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     * @param code    the server's error code, may be {@code null}
     * @param data    the parsed body, may be {@code null}
     */
    public UnauthorizedException(String message, String code, JsonNode data) {
        super(message, 401, code, data, null);
    }
}

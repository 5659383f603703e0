package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered {@code 409}: the change conflicts with the current state (for example a
 * duplicate key).
 * {@link #status()}, {@link #code()} and {@link #body()} hold the answer.
 */
public class ConflictException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     * @param code    the server's error code, may be {@code null}
     * @param data    the parsed body, may be {@code null}
     */
    public ConflictException(String message, String code, JsonNode data) {
        super(message, 409, code, data, null);
    }
}

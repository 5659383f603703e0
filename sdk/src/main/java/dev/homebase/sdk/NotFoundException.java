package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered {@code 404}: an unknown entity or app, or a record that does not exist or
 * that the caller's read rule hides.
 * {@link #status()}, {@link #code()} and {@link #body()} hold the answer.
 */
public class NotFoundException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     * @param code    the server's error code, may be {@code null}
     * @param data    the parsed body, may be {@code null}
     */
    public NotFoundException(String message, String code, JsonNode data) {
        super(message, 404, code, data, null);
    }
}

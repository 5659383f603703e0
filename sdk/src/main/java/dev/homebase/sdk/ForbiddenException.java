package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered {@code 403}: the caller may not do this (an access rule, a service-only
 * endpoint, a disabled feature).
 * {@link #status()}, {@link #code()} and {@link #body()} hold the answer.
 */
public class ForbiddenException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     * @param code    the server's error code, may be {@code null}
     * @param data    the parsed body, may be {@code null}
     */
    public ForbiddenException(String message, String code, JsonNode data) {
        super(message, 403, code, data, null);
    }
}

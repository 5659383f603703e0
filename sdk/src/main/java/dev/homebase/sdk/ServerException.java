package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered with a {@code 5xx} status: an internal error ({@code 500}), a function or
 * upstream that could not be reached ({@code 502}), an unavailable runtime ({@code 503}) or a
 * timeout ({@code 504}). Retrying a read may help; retrying a write may repeat it.
 */
public class ServerException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     * @param status  the HTTP status (500 to 599)
     * @param code    the server's error code, may be {@code null}
     * @param data    the parsed body, may be {@code null}
     */
    public ServerException(String message, int status, String code, JsonNode data) {
        super(message, status, code, data, null);
    }
}

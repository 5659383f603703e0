package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The unchecked exception thrown by the SDK for failed API calls, and the base type of the typed
 * ones: {@link NotFoundException} (404), {@link UnauthorizedException} (401),
 * {@link ForbiddenException} (403), {@link ConflictException} (409), {@link ValidationException}
 * (422, with the failing fields), {@link RateLimitedException} (429, with {@code retryAfter()}),
 * {@link ServerException} (5xx), {@link NetworkException} (no answer, with the URL),
 * {@link MappingException} (an answer that does not fit the Java type) and
 * {@code functions.FunctionException} (a function's non-2xx answer). Other statuses (400, 402,
 * 413, ...) are thrown as this type.
 *
 * <p>It is built the way the JavaScript client builds {@code Base44Error} from a response:
 * <ul>
 *   <li>{@link #getMessage()} = {@code body.error.message} || {@code body.message} ||
 *       {@code body.detail} || {@code "Request failed with status code N"};</li>
 *   <li>{@link #code()} = {@code body.error.code} ?? {@code body.code} ?? the
 *       {@code x-base44-connector-error} response header;</li>
 *   <li>{@link #status()} = the HTTP status, or {@code 0} when no response arrived (connection
 *       failure, timeout, interrupted call);</li>
 *   <li>{@link #data()} = the parsed response body (a text node when the body was not JSON).</li>
 * </ul>
 * Arguments rejected before any request are reported with {@link IllegalArgumentException}
 * instead, using the JavaScript client's messages. Instances are immutable.
 */
public class Base44Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP status, 0 without a response. */
    private final int status;
    /** Server error code, may be null. */
    private final String code;
    /** Parsed body; not serialised. */
    private final transient JsonNode data;

    /**
     * Creates an exception.
     *
     * @param message human-readable message
     * @param status  HTTP status, or {@code 0} when there was no response
     * @param code    machine-readable error code, may be {@code null}
     * @param data    parsed response body, may be {@code null}
     * @param cause   underlying cause, may be {@code null}
     */
    public Base44Exception(String message, int status, String code, JsonNode data, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.data = data;
    }

    /**
     * Returns the HTTP status of the failed response.
     *
     * @return the status, or {@code 0} when no response was received
     */
    public int status() {
        return status;
    }

    /**
     * Returns the error code reported by the server.
     *
     * @return the code, or {@code null} when the server sent none
     */
    public String code() {
        return code;
    }

    /**
     * Returns the parsed response body.
     *
     * @return the body as JSON (a text node for non-JSON bodies), or {@code null} when there was none
     */
    public JsonNode data() {
        return data;
    }

    /**
     * Returns the parsed response body; the same as {@link #data()}.
     *
     * @return the body as JSON (a text node for non-JSON bodies), or {@code null} when there was none
     */
    public JsonNode body() {
        return data;
    }

    /**
     * Serialises the error like the JavaScript {@code Base44Error.toJSON()}:
     * {@code {name, message, status, code, data}}.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", "Base44Error");
        node.put("message", getMessage());
        if (status == 0) {
            node.putNull("status");
        } else {
            node.put("status", status);
        }
        node.put("code", code);
        node.set("data", data == null ? JsonNodeFactory.instance.nullNode() : data.deepCopy());
        return node;
    }
}

package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.sdk.Base44Exception;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/** Builds {@link Base44Exception}s exactly like the JavaScript axios interceptor builds Base44Error. */
public final class ErrorMapper {
    private ErrorMapper() {
    }

    /**
     * Maps a non-2xx response.
     *
     * @param response the response
     * @return the exception (not thrown)
     */
    public static Base44Exception fromResponse(RawResponse response) {
        JsonNode data = parseLenient(response.body());
        String message = firstTruthy(
                data == null ? null : data.path("error").get("message"),
                data == null ? null : data.get("message"),
                data == null ? null : data.get("detail"));
        if (message == null) {
            message = "Request failed with status code " + response.status();
        }
        String code = firstNonNull(
                data == null ? null : data.path("error").get("code"),
                data == null ? null : data.get("code"));
        if (code == null) {
            code = response.headers().firstValue("x-base44-connector-error").orElse(null);
        }
        return new Base44Exception(message, response.status(), code, data, null);
    }

    /**
     * Maps a 2xx response whose body is not valid JSON (for example a truncated body).
     *
     * @param response the response
     * @param cause    the parse failure
     * @return the exception (not thrown)
     */
    public static Base44Exception invalidBody(RawResponse response, Exception cause) {
        return new Base44Exception("Invalid JSON in response with status code " + response.status(),
                response.status(), "INVALID_RESPONSE", TextNode.valueOf(text(response.body())), cause);
    }

    /**
     * Maps a response whose body could not be read completely (connection closed midway).
     *
     * @param status the status received with the headers
     * @param cause  the read failure
     * @return the exception (not thrown)
     */
    public static Base44Exception incompleteBody(int status, Exception cause) {
        return new Base44Exception("Incomplete response body with status code " + status + ": "
                + cause.getMessage(), status, "INVALID_RESPONSE", null, cause);
    }

    /**
     * Maps a failure without a response (connection refused, timeout, interruption).
     *
     * @param cause the failure
     * @param timeoutMillis the configured timeout, used in the timeout message
     * @return the exception (not thrown)
     */
    public static Base44Exception fromFailure(Exception cause, long timeoutMillis) {
        if (cause instanceof HttpTimeoutException) {
            // Same message and code as axios for a timeout.
            return new Base44Exception("timeout of " + timeoutMillis + "ms exceeded", 0, "ECONNABORTED", null, cause);
        }
        if (cause instanceof InterruptedException) {
            return new Base44Exception("Request interrupted", 0, "ERR_CANCELED", null, cause);
        }
        String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        String code = cause instanceof IOException ? "ERR_NETWORK" : null;
        return new Base44Exception("Network Error: " + detail, 0, code, null, cause);
    }

    /**
     * Parses a body as JSON, falling back to a text node; null for an empty body.
     *
     * @param body the bytes
     * @return the JSON data
     */
    public static JsonNode parseLenient(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return TextNode.valueOf(text(body));
        }
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    // JavaScript "||": skips undefined, null, "", false and 0.
    private static String firstTruthy(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                continue;
            }
            if (n.isTextual()) {
                if (!n.asText().isEmpty()) {
                    return n.asText();
                }
            } else if (n.isBoolean()) {
                if (n.asBoolean()) {
                    return "true";
                }
            } else if (n.isNumber()) {
                if (n.asDouble() != 0) {
                    return n.asText();
                }
            } else {
                return n.toString();
            }
        }
        return null;
    }

    // JavaScript "??": skips only undefined and null.
    private static String firstNonNull(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && !n.isNull() && !n.isMissingNode()) {
                return n.isValueNode() ? n.asText() : n.toString();
            }
        }
        return null;
    }
}

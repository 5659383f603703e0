package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ConflictException;
import dev.homebase.sdk.ForbiddenException;
import dev.homebase.sdk.NetworkException;
import dev.homebase.sdk.NotFoundException;
import dev.homebase.sdk.RateLimitedException;
import dev.homebase.sdk.ServerException;
import dev.homebase.sdk.UnauthorizedException;
import dev.homebase.sdk.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link Base44Exception}s exactly like the JavaScript axios interceptor builds Base44Error
 * (message, code, status, data), as the typed subclass for the status: 401
 * {@link UnauthorizedException}, 403 {@link ForbiddenException}, 404 {@link NotFoundException},
 * 409 {@link ConflictException}, 422 {@link ValidationException}, 429 {@link RateLimitedException},
 * 5xx {@link ServerException}, no answer {@link NetworkException}; other statuses stay
 * {@link Base44Exception}.
 */
public final class ErrorMapper {
    /** The platform's one-field 422 message. */
    private static final Pattern FIELD_MESSAGE = Pattern.compile("^Error in field (.+?): (.+)$", Pattern.DOTALL);

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
        String message = messageOf(data);
        if (message == null) {
            message = "Request failed with status code " + response.status();
        }
        String code = firstNonNull(
                data == null ? null : data.path("error").get("code"),
                data == null ? null : data.get("code"));
        if (code == null) {
            code = response.headers().firstValue("x-base44-connector-error").orElse(null);
        }
        return typed(message, response, code, data);
    }

    /**
     * Returns the message the JavaScript client would show for a body:
     * {@code error.message || message || detail}, or null.
     *
     * @param data the parsed body, may be null
     * @return the message or null
     */
    public static String messageOf(JsonNode data) {
        return firstTruthy(
                data == null ? null : data.path("error").get("message"),
                data == null ? null : data.get("message"),
                data == null ? null : data.get("detail"));
    }

    private static Base44Exception typed(String message, RawResponse response, String code, JsonNode data) {
        int status = response.status();
        return switch (status) {
            case 401 -> new UnauthorizedException(message, code, data);
            case 403 -> new ForbiddenException(message, code, data);
            case 404 -> new NotFoundException(message, code, data);
            case 409 -> new ConflictException(message, code, data);
            case 422 -> new ValidationException(message, code, data, fieldErrors(data, message));
            case 429 -> new RateLimitedException(message, code, data,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
            default -> status >= 500 && status < 600
                    ? new ServerException(message, status, code, data)
                    : new Base44Exception(message, status, code, data, null);
        };
    }

    /**
     * Reads the failing fields of a 422 body: {@code errors: [{field, message}]}, pydantic's
     * {@code detail: [{loc, msg}]}, or the message {@code Error in field F: PROBLEM}.
     *
     * @param data    the body
     * @param message the exception's message
     * @return the fields, possibly empty
     */
    static List<ValidationException.FieldError> fieldErrors(JsonNode data, String message) {
        List<ValidationException.FieldError> out = new ArrayList<>();
        if (data != null && data.path("errors").isArray()) {
            for (JsonNode e : data.get("errors")) {
                String text = e.path("message").asText(null);
                if (text != null) {
                    out.add(new ValidationException.FieldError(e.path("field").asText(null), text));
                }
            }
        }
        if (out.isEmpty() && data != null && data.path("detail").isArray()) {
            for (JsonNode e : data.get("detail")) {
                String text = e.path("msg").asText(null);
                if (text == null) {
                    continue;
                }
                StringBuilder field = new StringBuilder();
                for (JsonNode part : e.path("loc")) {
                    if (part.isInt()) {
                        field.append('[').append(part.asInt()).append(']');
                    } else if (!"body".equals(part.asText()) || field.length() > 0) {
                        field.append(field.length() == 0 ? "" : ".").append(part.asText());
                    }
                }
                out.add(new ValidationException.FieldError(field.length() == 0 ? null : field.toString(), text));
            }
        }
        if (out.isEmpty() && message != null) {
            Matcher m = FIELD_MESSAGE.matcher(message);
            if (m.matches()) {
                out.add(new ValidationException.FieldError(m.group(1), m.group(2)));
            }
        }
        return out;
    }

    /**
     * Parses a {@code Retry-After} value: whole seconds or an HTTP date.
     *
     * @param value the header value, may be null
     * @return the wait (never negative), or null when absent or unreadable
     */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
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
    public static NetworkException fromFailure(Exception cause, long timeoutMillis) {
        return fromFailure(cause, timeoutMillis, null, null);
    }

    /**
     * Maps a failure without a response (connection refused, timeout, interruption) of a call
     * to a URL; the message names the method and the URL.
     *
     * @param cause         the failure
     * @param timeoutMillis the configured timeout, used in the timeout message
     * @param method        the HTTP method, may be null
     * @param uri           the URL called, may be null
     * @return the exception (not thrown)
     */
    public static NetworkException fromFailure(Exception cause, long timeoutMillis, String method, URI uri) {
        String url = uri == null ? null : uri.toString();
        String where = url == null ? "" : " (" + (method == null ? "" : method + " ") + url + ")";
        if (cause instanceof HttpTimeoutException) {
            // Same message and code as axios for a timeout (the URL is in url()).
            return new NetworkException("timeout of " + timeoutMillis + "ms exceeded", "ECONNABORTED", url, cause);
        }
        if (cause instanceof InterruptedException) {
            return new NetworkException("Request interrupted" + where, "ERR_CANCELED", url, cause);
        }
        String detail = cause.getMessage() != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                : cause.getClass().getSimpleName();
        String code = cause instanceof IOException ? "ERR_NETWORK" : null;
        return new NetworkException("Network Error: " + detail + where, code, url, cause);
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

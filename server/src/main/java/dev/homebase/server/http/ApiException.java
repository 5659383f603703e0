package dev.homebase.server.http;

import java.util.Map;

/**
 * An error answer: HTTP status, a stable snake_case code, and a message safe to show the caller.
 * Handlers throw it; {@link ErrorMapper} renders it. The cause is logged, never sent.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String errorType;
    private final Map<String, Object> extra;

    ApiException(int status, String code, String errorType, String message, Map<String, Object> extra) {
        super(message);
        this.status = status;
        this.code = code;
        this.errorType = errorType;
        this.extra = Map.copyOf(extra);
    }

    /** 400: the request is malformed. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", "BadRequestError", message, Map.of());
    }

    /**
     * An error in the nested envelope the newer endpoints use (cursor pages, aggregate, upsert):
     * {@code {"error": {"code", "message", "details"}}}, with the top-level {@code message} too.
     */
    public static ApiException coded(int status, String code, String message) {
        Map<String, Object> error = Map.of("code", code, "message", message, "details", Map.of());
        return new ApiException(status, code, "BadRequestError", message, Map.of("error", error));
    }

    /** 503: the database could not serve the request in time (a query time limit, a full pool); try again later. */
    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, "ServiceUnavailableError", message, Map.of());
    }

    /** 401: a token is required, or the one given is not valid (api-contract §3.1 body). */
    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "UnauthorizedError", "Unauthorized", Map.of());
    }

    /**
     * An error of the sign-in endpoints, in the hosted platform's FastAPI {@code HTTPException}
     * shape (api-contract §2.1): {@code error_type: "HTTPException"} and an empty traceback.
     */
    public static ApiException auth(int status, String code, String message) {
        return new ApiException(status, code, "HTTPException", message, Map.of("traceback", ""));
    }

    /** 403: the caller may not do this. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", "PermissionDeniedError", message, Map.of());
    }

    /** 404: no such thing (or the caller may not know it exists). */
    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", "ObjectNotFoundError", message, Map.of());
    }

    /** 413: the body is larger than allowed. */
    public static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", "PayloadTooLargeError", message, Map.of());
    }

    /** 415: the body is not in a format this route reads. */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", "UnsupportedMediaTypeError", message, Map.of());
    }

    /** 422: the record does not satisfy the entity schema (the contract's validation body). */
    public static ApiException validation(String message) {
        return new ApiException(422, "validation_error", "ValidationError", message, Map.of("traceback", ""));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }

    /** The error type name, in the hosted platform's style ({@code ObjectNotFoundError}). */
    public String errorType() {
        return errorType;
    }

    /** Extra top-level body fields. */
    public Map<String, Object> extra() {
        return extra;
    }
}

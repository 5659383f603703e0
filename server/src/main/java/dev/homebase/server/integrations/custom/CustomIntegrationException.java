package dev.homebase.server.integrations.custom;

/**
 * A custom integration call that cannot be answered with the upstream's reply: an unknown slug or
 * operation (404), bad parameters (400), a secret that is not set (503), an upstream that cannot be
 * reached or is refused (502), or one that is too slow (504). The message is safe to show the caller:
 * it never holds a secret.
 */
public final class CustomIntegrationException extends RuntimeException {
    private final int status;
    private final String code;

    /**
     * @param status the HTTP status the caller gets
     * @param code a stable snake_case code
     * @param message what went wrong, for the caller
     */
    public CustomIntegrationException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable code. */
    public String code() {
        return code;
    }

    static CustomIntegrationException badRequest(String message) {
        return new CustomIntegrationException(400, "bad_request", message);
    }

    static CustomIntegrationException unreachable(String why) {
        return new CustomIntegrationException(502, "upstream_unreachable", "Failed to connect to external API: " + why);
    }
}

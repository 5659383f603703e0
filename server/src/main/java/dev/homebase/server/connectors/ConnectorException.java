package dev.homebase.server.connectors;

/**
 * A connector request that cannot be served: the HTTP status, a machine-readable code and a message
 * safe to show (never a token). The web layer turns it into the JSON error of api-contract §1.7.
 */
public final class ConnectorException extends RuntimeException {
    private final int status;
    private final String code;

    public ConnectorException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** Unknown connector or no connection: {@code 404 NOT_FOUND} (api-contract §8). */
    static ConnectorException notFound(String message) {
        return new ConnectorException(404, "NOT_FOUND", message);
    }

    static ConnectorException badRequest(String message) {
        return new ConnectorException(400, "BAD_REQUEST", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}

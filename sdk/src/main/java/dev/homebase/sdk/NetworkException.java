package dev.homebase.sdk;

/**
 * No answer arrived: the connection was refused or dropped, the name did not resolve, the call
 * timed out ({@link #code()} {@code ECONNABORTED}) or was interrupted ({@code ERR_CANCELED}).
 * {@link #status()} is {@code 0}; {@link #url()} is the address that was called and
 * {@link #getCause()} the underlying failure.
 */
public class NetworkException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    private final String url;

    /**
     * Creates the exception.
     *
     * @param message the description
     * @param code    {@code ERR_NETWORK}, {@code ECONNABORTED}, {@code ERR_CANCELED} or {@code null}
     * @param url     the URL that was called, may be {@code null} when unknown
     * @param cause   the underlying failure
     */
    public NetworkException(String message, String code, String url, Throwable cause) {
        super(message, 0, code, null, cause);
        this.url = url;
    }

    /**
     * Returns the URL that was called.
     *
     * @return the URL (with its query), or {@code null} when unknown
     */
    public String url() {
        return url;
    }
}

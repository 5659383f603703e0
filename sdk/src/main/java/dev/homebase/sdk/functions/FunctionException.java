package dev.homebase.sdk.functions;

import dev.homebase.sdk.Base44Exception;

/**
 * Thrown when a function answers with a non-2xx status (the JavaScript client rejects with an
 * axios error there, not a {@code Base44Error}). It carries the untouched response; the
 * configured error listener is not told. {@link #getMessage()} is
 * {@code "Request failed with status code N"}, {@link #code()} is axios'
 * {@code ERR_BAD_REQUEST} (4xx) or {@code ERR_BAD_RESPONSE} (5xx), and {@link #data()} is the
 * parsed body.
 */
public class FunctionException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    private final transient FunctionResponse response;

    /**
     * Creates the exception for a response.
     *
     * @param response the non-2xx response
     */
    public FunctionException(FunctionResponse response) {
        super("Request failed with status code " + response.status(), response.status(),
                response.status() >= 500 ? "ERR_BAD_RESPONSE" : "ERR_BAD_REQUEST", response.data(), null);
        this.response = response;
    }

    /**
     * Returns the function's response.
     *
     * @return the response
     */
    public FunctionResponse response() {
        return response;
    }
}

package dev.homebase.sdk.internal;

import java.net.http.HttpHeaders;

/**
 * A response as received: status, headers and the whole body.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    body bytes (never null)
 */
public record RawResponse(int status, HttpHeaders headers, byte[] body) {
    /**
     * Returns whether the status is 2xx.
     *
     * @return true for 2xx
     */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}

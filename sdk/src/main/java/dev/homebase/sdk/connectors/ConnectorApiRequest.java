package dev.homebase.sdk.connectors;

import java.util.Map;

/**
 * A request to send through the connector proxy. Immutable.
 *
 * @param method  {@code GET} (default when null), {@code POST}, {@code PUT}, {@code PATCH},
 *                {@code DELETE} or {@code HEAD}
 * @param host    the declared host name to use, or null for the connector default
 * @param path    the provider path, e.g. {@code "/2/tweets"} (required)
 * @param query   query parameters, or null
 * @param headers extra headers, or null
 * @param body    JSON body, or null
 */
public record ConnectorApiRequest(String method, String host, String path, Map<String, Object> query,
                                  Map<String, String> headers, Object body) {

    /**
     * Creates a GET request.
     *
     * @param path the provider path
     * @return the request
     */
    public static ConnectorApiRequest get(String path) {
        return new ConnectorApiRequest("GET", null, path, null, null, null);
    }

    /**
     * Creates a POST request with a JSON body.
     *
     * @param path the provider path
     * @param body the body
     * @return the request
     */
    public static ConnectorApiRequest post(String path, Object body) {
        return new ConnectorApiRequest("POST", null, path, null, null, body);
    }

    /**
     * Returns a copy with query parameters.
     *
     * @param query the parameters
     * @return the request
     */
    public ConnectorApiRequest withQuery(Map<String, Object> query) {
        return new ConnectorApiRequest(method, host, path, query, headers, body);
    }

    /**
     * Returns a copy with headers.
     *
     * @param headers the headers
     * @return the request
     */
    public ConnectorApiRequest withHeaders(Map<String, String> headers) {
        return new ConnectorApiRequest(method, host, path, query, headers, body);
    }

    /**
     * Returns a copy with a host.
     *
     * @param host the declared host name
     * @return the request
     */
    public ConnectorApiRequest withHost(String host) {
        return new ConnectorApiRequest(method, host, path, query, headers, body);
    }
}

package dev.homebase.sdk.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** One request relative to {@code {serverUrl}/api}. Mutable builder, used by one thread. */
public final class ApiRequest {
    final String method;
    final String path;
    final QueryParams query = new QueryParams();
    final Map<String, String> headers = new LinkedHashMap<>();
    Object jsonBody;
    boolean hasJsonBody;
    /** The body is the caller's own shape (functions, integrations): names are not converted. */
    boolean freeform;
    Multipart multipart;

    private ApiRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /**
     * Starts a request.
     *
     * @param method HTTP method
     * @param path   already-encoded path starting with {@code /}
     * @return the request
     */
    public static ApiRequest of(String method, String path) {
        return new ApiRequest(method, path);
    }

    /**
     * GET request.
     *
     * @param path encoded path
     * @return the request
     */
    public static ApiRequest get(String path) {
        return of("GET", path);
    }

    /**
     * POST request.
     *
     * @param path encoded path
     * @return the request
     */
    public static ApiRequest post(String path) {
        return of("POST", path);
    }

    /**
     * PUT request.
     *
     * @param path encoded path
     * @return the request
     */
    public static ApiRequest put(String path) {
        return of("PUT", path);
    }

    /**
     * DELETE request.
     *
     * @param path encoded path
     * @return the request
     */
    public static ApiRequest delete(String path) {
        return of("DELETE", path);
    }

    /**
     * Adds a query parameter unless the value is null.
     *
     * @param name  name
     * @param value value
     * @return this
     */
    public ApiRequest query(String name, Object value) {
        query.add(name, value);
        return this;
    }

    /**
     * Adds map parameters in axios bracket notation.
     *
     * @param params parameters
     * @return this
     */
    public ApiRequest queryAll(Map<String, ?> params) {
        query.addAll(params);
        return this;
    }

    /**
     * Sets a JSON body (the value is serialised at send time; {@code null} sends {@code null}).
     *
     * @param body the body
     * @return this
     */
    public ApiRequest json(Object body) {
        this.jsonBody = body;
        this.hasJsonBody = true;
        this.multipart = null;
        return this;
    }

    /**
     * Sets a body the JavaScript way: multipart when a value is a file, else JSON; no body for null.
     * Such a body (a function's or an integration's input) is written with
     * {@link Transport#freeformMapper()}: property names are kept as they are.
     *
     * @param data the data
     * @return this
     */
    public ApiRequest body(Object data) {
        this.freeform = true;
        if (data == null) {
            return this;
        }
        if (Multipart.needed(data)) {
            this.multipart = Multipart.of(Json.MAPPER, (Map<?, ?>) data);
            this.hasJsonBody = false;
            return this;
        }
        return json(data);
    }

    /**
     * Sets a multipart body.
     *
     * @param multipart the body
     * @return this
     */
    public ApiRequest multipart(Multipart multipart) {
        this.multipart = multipart;
        this.hasJsonBody = false;
        return this;
    }

    /**
     * Sets a header for this request only.
     *
     * @param name  name
     * @param value value
     * @return this
     */
    public ApiRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}

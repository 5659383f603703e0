package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44Exception;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Java counterpart of one JavaScript axios instance: a fixed set of default headers, a
 * bearer token source and an error policy. The SDK has four: user, user functions, service
 * role and service-role functions (api-contract §1.2). Thread-safe.
 */
public final class Channel {
    private static final System.Logger LOG = System.getLogger("dev.homebase.sdk");

    private final Transport transport;
    private final Map<String, String> headers;
    private final Supplier<String> token;
    private final Consumer<Base44Exception> errorListener;

    /**
     * Creates a channel.
     *
     * @param transport     the transport
     * @param headers       default headers, in precedence order (later entries win)
     * @param token         current bearer token source; may return null
     * @param errorListener listener for mapped errors, or null
     */
    public Channel(Transport transport, Map<String, String> headers, Supplier<String> token,
                   Consumer<Base44Exception> errorListener) {
        this.transport = transport;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.token = token;
        this.errorListener = errorListener;
    }

    /**
     * Returns the transport.
     *
     * @return the transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * Returns the token this channel currently sends.
     *
     * @return the token or null
     */
    public String token() {
        return token.get();
    }

    /**
     * Returns the default headers.
     *
     * @return unmodifiable headers
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Sends a request and returns the parsed JSON body; maps failures to {@link Base44Exception}
     * and tells the error listener.
     *
     * @param request the request
     * @return the body, or null when it was empty
     */
    public JsonNode call(ApiRequest request) {
        RawResponse response;
        try {
            response = transport.send(build(request));
        } catch (Base44Exception e) {
            throw report(e);
        }
        return read(response);
    }

    /**
     * Sends a request without blocking and converts the JSON body; the future completes
     * exceptionally with the {@link Base44Exception} itself (not wrapped), after telling the
     * error listener.
     *
     * @param request the request
     * @param convert turns the body (null when empty) into the result; may throw
     *                {@link Base44Exception}
     * @param <R>     the result type
     * @return the result
     */
    public <R> CompletableFuture<R> callAsync(ApiRequest request, Function<JsonNode, R> convert) {
        CompletableFuture<R> result = new CompletableFuture<>();
        HttpRequest http = build(request);
        transport.sendAsync(http).whenComplete((response, e) -> {
            try {
                if (e != null) {
                    throw report(e instanceof Base44Exception b ? b : ErrorMapper.fromFailure(
                            e instanceof Exception ex ? ex : new IOException(e), transport.requestTimeout().toMillis(),
                            http.method(), http.uri()));
                }
                result.complete(convert.apply(read(response)));
            } catch (RuntimeException failure) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /**
     * Sends a request without blocking and returns the response untouched, whatever its status.
     *
     * @param request the request
     * @return the response, or exceptionally a {@link Base44Exception} with status 0
     */
    public CompletableFuture<RawResponse> exchangeAsync(ApiRequest request) {
        return transport.sendAsync(build(request));
    }

    private JsonNode read(RawResponse response) {
        if (!response.successful()) {
            throw report(ErrorMapper.fromResponse(response));
        }
        if (response.body().length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw report(ErrorMapper.invalidBody(response, e));
        }
    }

    /**
     * Sends a request and returns the response untouched, whatever its status (functions).
     * The error listener is not told about anything, as in the JavaScript client.
     *
     * @param request the request
     * @return the response
     * @throws Base44Exception with status 0 when no response was received
     */
    public RawResponse exchange(ApiRequest request) {
        return transport.send(build(request));
    }

    /**
     * Builds the JDK request for an API request.
     *
     * @param request the request
     * @return the JDK request
     */
    public HttpRequest build(ApiRequest request) {
        String query = request.query.encode();
        URI uri = URI.create(transport.apiBase() + request.path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(transport.requestTimeout());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.put("Accept", "application/json");
        all.putAll(headers);
        String bearer = token.get();
        if (bearer != null && !bearer.isEmpty()) {
            all.put("Authorization", "Bearer " + bearer);
        }
        all.putAll(request.headers);
        HttpRequest.BodyPublisher body;
        if (request.multipart != null) {
            all.put("Content-Type", request.multipart.contentType());
            body = HttpRequest.BodyPublishers.ofByteArray(request.multipart.toBytes());
        } else if (request.hasJsonBody) {
            body = HttpRequest.BodyPublishers.ofString(
                    Json.write(request.freeform ? transport.freeformMapper() : transport.mapper(), request.jsonBody),
                    StandardCharsets.UTF_8);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        all.forEach(b::setHeader);
        b.method(request.method, body);
        return b.build();
    }

    private Base44Exception report(Base44Exception e) {
        LOG.log(Level.DEBUG, () -> "[Base44 SDK Error] " + e.status() + ": " + e.getMessage());
        if (errorListener != null) {
            try {
                errorListener.accept(e);
            } catch (RuntimeException listenerFailure) {
                LOG.log(Level.WARNING, "Base44 error listener threw", listenerFailure);
            }
        }
        return e;
    }
}

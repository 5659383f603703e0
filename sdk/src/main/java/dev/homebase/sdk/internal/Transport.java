package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the JDK {@link HttpClient} of one SDK client and sends requests with the configured
 * timeouts. Thread-safe. Every failure without a response becomes a {@link Base44Exception}
 * with status 0, so a call never hangs longer than the request timeout.
 */
public final class Transport {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor;
    private final HttpClient http;
    private final String serverUrl;
    private final Duration requestTimeout;
    private final ObjectMapper mapper;
    private final ObjectMapper freeformMapper;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the transport for a configuration.
     *
     * @param config the configuration
     */
    public Transport(ClientConfig config) {
        this.serverUrl = config.serverUrl();
        this.requestTimeout = config.requestTimeout();
        this.mapper = config.objectMapper().orElse(Json.RECORDS);
        this.freeformMapper = config.objectMapper().orElse(Json.FREEFORM);
        // Daemon threads: an unclosed client must not keep the JVM alive.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "homebase-sdk-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                // Plain http would try an h2c upgrade (extra Upgrade/HTTP2-Settings headers on the
                // first request); HTTP/1.1 keeps requests exactly as specified. https negotiates h2.
                .version(serverUrl.startsWith("https:") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
    }

    /**
     * Returns the server origin.
     *
     * @return the server URL
     */
    public String serverUrl() {
        return serverUrl;
    }

    /**
     * Returns the REST base, {@code serverUrl + "/api"}.
     *
     * @return the API base URL
     */
    public String apiBase() {
        return serverUrl + "/api";
    }

    /**
     * Returns the mapper for entity records (typed records and entity request bodies).
     *
     * @return the mapper
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Returns the mapper for bodies whose shape is the caller's own: function and integration
     * inputs and answers. The configured mapper, else the default one without the snake_case
     * naming (java.time and Optional still work).
     *
     * @return the mapper
     */
    public ObjectMapper freeformMapper() {
        return freeformMapper;
    }

    /**
     * Returns the request timeout.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Sends a request and reads the whole body.
     *
     * @param request the request
     * @return the response
     * @throws Base44Exception with status 0 when no response was received
     */
    public RawResponse send(HttpRequest request) {
        ensureOpen();
        // Remember the status as soon as the headers arrive, so that a body cut off midway
        // still reports the status it came with.
        AtomicInteger status = new AtomicInteger();
        long timeout = timeoutMillis(request);
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, recordingStatus(status));
        try {
            // The JDK request timeout stops at the response headers; this deadline also covers
            // a body that trickles in forever, so a call can never hang.
            return raw(future.get(timeout, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ErrorMapper.fromFailure(e, timeout, request.method(), request.uri());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failure(e, status.get(), timeout, request);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), status.get(), timeout, request);
        }
    }

    /**
     * Sends a request without blocking ({@link HttpClient#sendAsync}) and reads the whole body,
     * with the same deadline and error mapping as {@link #send}.
     *
     * @param request the request
     * @return completes with the response, or exceptionally with a {@link Base44Exception}
     *         (status 0 when no response was received)
     */
    public CompletableFuture<RawResponse> sendAsync(HttpRequest request) {
        ensureOpen();
        AtomicInteger status = new AtomicInteger();
        long timeout = timeoutMillis(request);
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, recordingStatus(status));
        CompletableFuture<RawResponse> result = new CompletableFuture<>();
        future.orTimeout(timeout, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e == null) {
                result.complete(raw(r));
                return;
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                future.cancel(true);
            }
            result.completeExceptionally(failure(cause, status.get(), timeout, request));
        });
        return result;
    }

    private static HttpResponse.BodyHandler<byte[]> recordingStatus(AtomicInteger status) {
        return info -> {
            status.set(info.statusCode());
            return HttpResponse.BodySubscribers.ofByteArray();
        };
    }

    private static RawResponse raw(HttpResponse<byte[]> r) {
        byte[] body = r.body() == null ? new byte[0] : r.body();
        return new RawResponse(r.statusCode(), r.headers(), body);
    }

    private static Base44Exception failure(Throwable cause, int status, long timeout, HttpRequest request) {
        if (cause instanceof Base44Exception b) {
            return b;
        }
        if (cause instanceof TimeoutException) {
            return ErrorMapper.fromFailure(new HttpTimeoutException("request timed out"), timeout,
                    request.method(), request.uri());
        }
        Exception failure = cause instanceof Exception ex ? ex : new IOException(cause);
        if (status != 0 && failure instanceof IOException && !(failure instanceof HttpTimeoutException)) {
            return ErrorMapper.incompleteBody(status, failure);
        }
        return ErrorMapper.fromFailure(failure, timeout, request.method(), request.uri());
    }

    /**
     * Sends a request and returns the body as a stream (for streaming function responses).
     *
     * @param request the request
     * @return the response; the caller must close the body stream
     * @throws Base44Exception with status 0 when no response was received
     */
    public HttpResponse<InputStream> stream(HttpRequest request) {
        ensureOpen();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorMapper.fromFailure(e, timeoutMillis(request), request.method(), request.uri());
        } catch (IOException e) {
            throw ErrorMapper.fromFailure(e, timeoutMillis(request), request.method(), request.uri());
        }
    }

    /**
     * Returns a builder for a WebSocket over this transport's HTTP client (realtime).
     *
     * @return the builder
     */
    public java.net.http.WebSocket.Builder webSocketBuilder() {
        ensureOpen();
        return http.newWebSocketBuilder();
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return true after close
     */
    public boolean isClosed() {
        return closed.get();
    }

    /** Releases the HTTP client's threads. Idempotent. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // HttpClient is AutoCloseable from Java 21; on 17 shutting down our executor is enough.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        executor.shutdownNow();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Base44Client is closed");
        }
    }

    private long timeoutMillis(HttpRequest request) {
        return request.timeout().orElse(requestTimeout).toMillis();
    }
}

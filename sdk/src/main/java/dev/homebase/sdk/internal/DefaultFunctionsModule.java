package dev.homebase.sdk.internal;

import dev.homebase.sdk.functions.FunctionException;
import dev.homebase.sdk.functions.FunctionResponse;
import dev.homebase.sdk.functions.FunctionsModule;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** {@link FunctionsModule} over a functions channel (user or service). Thread-safe. */
final class DefaultFunctionsModule implements FunctionsModule {
    private final Channel channel;
    private final String appPath;

    DefaultFunctionsModule(Channel channel, String appId) {
        this.channel = channel;
        this.appPath = "/apps/" + Encoding.component(appId);
    }

    @Override
    public FunctionResponse invoke(String name) {
        return invoke(name, null);
    }

    @Override
    public FunctionResponse invoke(String name, Object data) {
        return response(channel.exchange(request(name, data)));
    }

    @Override
    public CompletableFuture<FunctionResponse> invokeAsync(String name, Object data) {
        ApiRequest request = request(name, data);
        CompletableFuture<FunctionResponse> result = new CompletableFuture<>();
        channel.exchangeAsync(request).whenComplete((raw, e) -> {
            try {
                if (e != null) {
                    throw e;
                }
                result.complete(response(raw));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    private ApiRequest request(String name, Object data) {
        Checks.text(name, "function name");
        if (data instanceof CharSequence) {
            throw new IllegalArgumentException("Function " + name
                    + " must receive an object with named parameters, received: " + data);
        }
        // Function names may contain "/" (orders/process); it stays a path separator.
        return ApiRequest.post(appPath + "/functions/" + Encoding.path(name)).body(data);
    }

    private FunctionResponse response(RawResponse raw) {
        FunctionResponse response = new FunctionResponse(raw.status(), raw.headers().map(), raw.body(),
                channel.transport().freeformMapper());
        if (!response.isSuccessful()) {
            throw new FunctionException(response);
        }
        return response;
    }

    @Override
    public HttpResponse<InputStream> fetch(String path) {
        return fetch(path, HttpRequest.newBuilder().GET());
    }

    @Override
    public HttpResponse<InputStream> fetch(String path, HttpRequest.Builder init) {
        Checks.notNull(path, "path");
        Checks.notNull(init, "init");
        String normalized = path.startsWith("/") ? path : "/" + path;
        URI uri;
        try {
            uri = URI.create(channel.transport().apiBase() + "/functions" + normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid function path: " + path, e);
        }
        HttpRequest.Builder b = init.copy().uri(uri);
        HttpRequest probe = b.copy().build();
        // Only Authorization is added (no X-App-Id), and the caller's own value wins.
        String token = channel.token();
        if (token != null && !token.isEmpty() && probe.headers().firstValue("Authorization").isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        if (probe.timeout().isEmpty()) {
            b.timeout(channel.transport().requestTimeout());
        }
        return channel.transport().stream(b.build());
    }
}

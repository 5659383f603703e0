package dev.homebase.sdk.functions;

import dev.homebase.sdk.Base44Exception;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Backend function calls, the Java form of {@code base44.functions} (user client and service
 * role). Thread-safe.
 *
 * <pre>{@code
 * FunctionResponse r = base44.functions().invoke("orders/process", Map.of("orderId", 42));
 * Receipt receipt = r.as(Receipt.class);
 * }</pre>
 */
public interface FunctionsModule {

    /**
     * Invokes a function without a body ({@code POST /apps/{appId}/functions/{name}}).
     *
     * @param name the function name; may contain {@code /}
     * @return the 2xx response, untouched
     * @throws FunctionException for a non-2xx response
     * @throws Base44Exception   with status 0 when the server cannot be reached
     */
    FunctionResponse invoke(String name);

    /**
     * Invokes a function. The data is sent as JSON, or as multipart when a map value is a
     * {@link dev.homebase.sdk.FilePart}.
     *
     * @param name the function name; may contain {@code /}
     * @param data named parameters (a map or any serialisable object), or null for no body
     * @return the 2xx response, untouched
     * @throws IllegalArgumentException when data is a string (JavaScript message)
     * @throws FunctionException        for a non-2xx response
     */
    FunctionResponse invoke(String name, Object data);

    /**
     * Invokes a function without blocking ({@code HttpClient.sendAsync}); see
     * {@link #invoke(String, Object)}. Argument errors are thrown at once.
     *
     * @param name the function name; may contain {@code /}
     * @param data named parameters, or null for no body
     * @return completes with the 2xx response, or exceptionally with a {@link FunctionException}
     *         for a non-2xx response or a {@link Base44Exception} with status 0 when the server
     *         cannot be reached
     */
    CompletableFuture<FunctionResponse> invokeAsync(String name, Object data);

    /**
     * Calls {@code {serverUrl}/api/functions/{path}} with GET and streams the response.
     * Sends only {@code Authorization}, as the JavaScript client does.
     *
     * @param path the path, with or without a leading {@code /}
     * @return the response; close its body stream
     */
    HttpResponse<InputStream> fetch(String path);

    /**
     * Calls {@code {serverUrl}/api/functions/{path}} with the method, headers and body of the
     * given builder (its URI is replaced) and streams the response, whatever the status.
     * {@code Authorization} is added unless the builder sets it.
     *
     * @param path the path, with or without a leading {@code /}
     * @param init method, headers, body and optional timeout
     * @return the response; close its body stream
     */
    HttpResponse<InputStream> fetch(String path, HttpRequest.Builder init);
}

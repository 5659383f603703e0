package dev.homebase.sdk.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Integration endpoints, the Java form of {@code base44.integrations} (user client and
 * service role). Thread-safe.
 *
 * <pre>{@code
 * String answer = base44.integrations().core().invokeLLM("Summarise: ...");
 * JsonNode r = base44.integrations().invoke("Slack", "PostMessage", Map.of("text", "hi"));
 * }</pre>
 */
public interface IntegrationsModule {

    /**
     * Returns the typed Core integrations.
     *
     * @return the Core package
     */
    CoreIntegrations core();

    /**
     * Returns the custom (workspace OpenAPI) integrations.
     *
     * @return the custom module
     */
    CustomIntegrations custom();

    /**
     * Calls any integration endpoint: {@code Core} goes to
     * {@code /integration-endpoints/Core/{endpoint}}, other packages to
     * {@code /integration-endpoints/installable/{package}/integration-endpoints/{endpoint}}.
     * The data is sent as JSON, or as multipart when a map value is a
     * {@link dev.homebase.sdk.FilePart}.
     *
     * @param packageName the package, e.g. {@code "Core"}
     * @param endpoint    the endpoint, e.g. {@code "SendEmail"}
     * @param data        named parameters (a map or any serialisable object), or null
     * @return the response body
     * @throws IllegalArgumentException when data is a string (JavaScript message)
     */
    JsonNode invoke(String packageName, String endpoint, Object data);

    /**
     * Calls any integration endpoint and converts the response.
     *
     * @param packageName the package
     * @param endpoint    the endpoint
     * @param data        named parameters, or null
     * @param resultType  the result type
     * @param <R>         the result type
     * @return the converted response body
     */
    <R> R invoke(String packageName, String endpoint, Object data, Class<R> resultType);

    /**
     * Calls any integration endpoint without blocking; see {@link #invoke(String, String, Object)}.
     *
     * @param packageName the package
     * @param endpoint the endpoint
     * @param data named parameters, or null
     * @return completes with the response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> invokeAsync(String packageName, String endpoint, Object data);

    /**
     * Calls any integration endpoint and converts the response without blocking; see {@link #invoke(String, String, Object, Class)}.
     *
     * @param packageName the package
     * @param endpoint the endpoint
     * @param data named parameters, or null
     * @param resultType the result type
     * @param <R> the result type
     * @return completes with the converted response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    <R> CompletableFuture<R> invokeAsync(String packageName, String endpoint, Object data, Class<R> resultType);
}

package dev.homebase.sdk.integrations;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Custom workspace (OpenAPI) integrations, the Java form of {@code integrations.custom}.
 * Thread-safe.
 */
public interface CustomIntegrations {

    /**
     * Calls an operation without parameters.
     *
     * @param slug        the integration slug
     * @param operationId the operation, e.g. {@code "get:/repos/{owner}/{repo}"}
     * @return the upstream outcome
     * @throws IllegalArgumentException {@code Integration slug is required and cannot be empty} /
     *                                  {@code Operation ID is required and cannot be empty}
     */
    CustomIntegrationResult call(String slug, String operationId);

    /**
     * Calls an operation ({@code POST /apps/{appId}/integrations/custom/{slug}/{operationId}}).
     * {@code pathParams} and {@code queryParams} keys are renamed to {@code path_params} and
     * {@code query_params}; other keys ({@code payload}, {@code headers}, ...) pass through.
     *
     * @param slug        the integration slug
     * @param operationId the operation
     * @param params      the parameters, or null
     * @return the upstream outcome
     */
    CustomIntegrationResult call(String slug, String operationId, Map<String, ?> params);

    /**
     * Calls an operation without parameters without blocking; see {@link #call(String, String)}.
     *
     * @param slug the integration slug
     * @param operationId the operation
     * @return completes with the upstream outcome, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<CustomIntegrationResult> callAsync(String slug, String operationId);

    /**
     * Calls an operation without blocking; see {@link #call(String, String, Map)}.
     *
     * @param slug the integration slug
     * @param operationId the operation
     * @param params the parameters, or null
     * @return completes with the upstream outcome, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<CustomIntegrationResult> callAsync(String slug, String operationId, Map<String, ?> params);
}

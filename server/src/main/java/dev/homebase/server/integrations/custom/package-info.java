/**
 * Custom integrations (api-contract §7.4): {@code base44/integrations/<slug>.jsonc} names an OpenAPI 3
 * document, the base URL of the API it describes and an auth header whose value comes from the app's
 * secrets; {@code integrations.custom.call(slug, operationId, params)} is answered by calling that API.
 *
 * <ul>
 *   <li>{@link dev.homebase.server.integrations.custom.IntegrationCatalog}: reads and validates an app's
 *       integration files at start (a bad one stops the start with a message naming the file);</li>
 *   <li>{@link dev.homebase.server.integrations.custom.OpenApiOperations}: the operations of an OpenAPI
 *       document, by {@code method:path} and by {@code operationId} (swagger-parser);</li>
 *   <li>{@link dev.homebase.server.integrations.custom.UpstreamRequest}: the URL, headers and body one call
 *       sends, built from the caller's {@code path_params}, {@code query_params}, {@code headers} and
 *       {@code payload};</li>
 *   <li>{@link dev.homebase.server.integrations.custom.UpstreamClient} and
 *       {@link dev.homebase.server.integrations.custom.AddressPolicy}: the guarded HTTP client (only the
 *       integration's host, checked addresses, no redirects elsewhere, time and size limits);</li>
 *   <li>{@link dev.homebase.server.integrations.custom.CustomIntegrationService}: the call, checklist style.</li>
 * </ul>
 *
 * <p>May import {@code project} (the loading errors), {@code internal} and Jackson; never {@code http}.
 * Refusals are {@link dev.homebase.server.integrations.custom.CustomIntegrationException} carrying the status.
 */
package dev.homebase.server.integrations.custom;

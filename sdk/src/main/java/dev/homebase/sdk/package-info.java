/**
 * Homebase Java SDK: a client for Base44-compatible backends, mirroring the JavaScript client
 * {@code @base44/sdk} 0.8.50.
 *
 * <p>Start with {@link dev.homebase.sdk.Base44#createClient(ClientConfig)} or, inside a backend
 * function, {@link dev.homebase.sdk.Base44#createClientFromRequest(java.util.Map)}. Modules live
 * in concept packages ({@code entities}, {@code auth}, {@code functions}, {@code integrations},
 * {@code connectors}, {@code agents}, {@code app}); {@code internal} is not API.
 * Parameters and return values are non-null unless documented otherwise.
 */
package dev.homebase.sdk;

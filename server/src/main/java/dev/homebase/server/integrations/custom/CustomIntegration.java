package dev.homebase.server.integrations.custom;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One custom integration of an app, as read from {@code base44/integrations/<slug>.jsonc} by
 * {@link IntegrationCatalog}. Immutable and thread-safe.
 *
 * @param slug the name callers use ({@code integrations.custom.call(slug, ...)}): the file name without {@code .jsonc}
 * @param file the integration file, for messages
 * @param baseUrl where the API is: {@code base_url}, else the document's {@code servers[0].url}; absolute
 *     {@code http(s)}, without query or fragment; operation paths are appended to its path
 * @param auth the header that carries the app's secret, when the API needs one
 * @param timeout the longest a call may take, connecting included ({@code timeout_seconds}, default 30)
 * @param maxResponseBytes the largest upstream body accepted ({@code max_response_bytes}, default 10 MB)
 * @param operations the document's operations
 */
public record CustomIntegration(String slug, Path file, URI baseUrl, Optional<Auth> auth, Duration timeout,
                                int maxResponseBytes, OpenApiOperations operations) {

    /**
     * The auth header of an integration: {@code header: prefix + <secret value>}.
     *
     * @param header the header name, e.g. {@code Authorization} or {@code X-Api-Key}
     * @param secret the name of the app secret ({@code homebase secrets set NAME=value}) that holds the value
     * @param prefix put before the value, e.g. {@code "Bearer "} (may be empty)
     */
    public record Auth(String header, String secret, String prefix) {}

    /** The base URL's host as written (an IP literal or a name). */
    public String host() {
        return baseUrl.getHost();
    }
}

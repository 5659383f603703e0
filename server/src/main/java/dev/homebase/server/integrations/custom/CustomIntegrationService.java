package dev.homebase.server.integrations.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code integrations.custom.call(slug, operationId, params)} (api-contract §7.4): finds the app's
 * integration and the operation, reads the auth secret, builds the request, calls the integration's host
 * and answers {@code {"success": <2xx>, "status_code", "data"}}, whatever the upstream status.
 * Thread-safe.
 *
 * <pre>{@code
 * CustomIntegrationService custom = new CustomIntegrationService(Map.of(appId, projectDir), secrets);
 * ObjectNode answer = custom.call(appId, "weather", "get:/forecast", body);
 * }</pre>
 */
public final class CustomIntegrationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CustomIntegrationService.class);

    private final Map<String, Path> projectDirs;
    private final Map<String, IntegrationCatalog> catalogs = new ConcurrentHashMap<>();
    private final BiFunction<String, String, Optional<String>> secrets;
    private UpstreamClient client; // started on the first call, guarded by this
    private boolean closed; // guarded by this

    /**
     * Reads every app's integration files.
     *
     * @param projectDirs each app's project folder (the one containing {@code base44/}), by app id
     * @param secrets an app's secret by app id and name (read at each call, so {@code homebase secrets set} applies at once)
     * @throws dev.homebase.server.project.ProjectException naming the file, for a bad integration file
     */
    public CustomIntegrationService(Map<String, Path> projectDirs, BiFunction<String, String, Optional<String>> secrets) {
        this.projectDirs = Map.copyOf(projectDirs);
        this.secrets = secrets;
        projectDirs.forEach((appId, dir) -> catalogs.put(appId, IntegrationCatalog.load(dir)));
    }

    /** Each app's project folder, by app id (what {@link IntegrationWatcher} watches). */
    public Map<String, Path> projectDirs() {
        return projectDirs;
    }

    /**
     * Reads an app's integration files again; later calls use them. On a bad file nothing changes.
     *
     * @return the slugs now served
     * @throws dev.homebase.server.project.ProjectException naming the file
     */
    public Set<String> reload(String appId) {
        Path dir = projectDirs.get(appId);
        if (dir == null) throw new IllegalArgumentException("unknown app " + appId);
        IntegrationCatalog catalog = IntegrationCatalog.load(dir);
        catalogs.put(appId, catalog);
        return catalog.slugs();
    }

    private synchronized UpstreamClient client() {
        if (closed) throw new CustomIntegrationException(503, "interrupted", "The server is stopping");
        if (client == null) client = new UpstreamClient();
        return client;
    }

    /**
     * Calls an operation.
     *
     * @param operation the client's operation id: {@code "get:/path/{x}"} or the document's {@code operationId}, percent-decoded
     * @param call the request body: {@code path_params}, {@code query_params}, {@code headers}, {@code payload}
     * @throws CustomIntegrationException 404 for an unknown slug or operation, 400 for bad parameters, 503 for an unset
     *     secret, 502/504 for upstream failures
     */
    public ObjectNode call(String appId, String slug, String operation, JsonNode call) {
        CustomIntegration integration = catalogs.getOrDefault(appId, IntegrationCatalog.empty()).find(slug)
                .orElseThrow(() -> new CustomIntegrationException(404, "not_found", "Custom integration '" + slug + "' not found in workspace"));
        OpenApiOperations.Operation op = integration.operations().find(operation)
                .orElseThrow(() -> new CustomIntegrationException(404, "not_found", "Operation '" + operation
                        + "' not found in integration '" + slug + "'"));
        java.util.function.Supplier<String> authValue = integration.auth().map(auth -> (java.util.function.Supplier<String>) () ->
                auth.prefix() + secrets.apply(appId, auth.secret()).orElseThrow(() -> new CustomIntegrationException(503,
                        "integration_not_configured", "Custom integration '" + slug + "' needs the app secret " + auth.secret()
                        + ": set it with `homebase secrets set " + auth.secret() + "=...`"))).orElse(null);
        // The call is checked first: a bad one is a 400 whether or not the secret is set.
        UpstreamRequest request = UpstreamRequest.build(integration, op, call == null ? Json.object() : call, authValue);
        long started = System.nanoTime();
        UpstreamClient.Reply reply = client().send(integration, request);
        // NB: the path template, not the URL: its query may carry what the caller considers private. Never the headers.
        log.info("app {} custom integration {} {} answered {} in {} ms", appId, slug, op.key(), reply.status(),
                (System.nanoTime() - started) / 1_000_000);
        ObjectNode out = Json.object();
        out.put("success", reply.status() / 100 == 2);
        out.put("status_code", reply.status());
        out.set("data", data(reply));
        return out;
    }

    /** The upstream body: its JSON when it is JSON (or untyped and parses), else its text; null when empty. */
    private static JsonNode data(UpstreamClient.Reply reply) {
        byte[] body = reply.body();
        if (body == null || body.length == 0) return Json.MAPPER.nullNode();
        String text = new String(body, StandardCharsets.UTF_8);
        String type = reply.contentType() == null ? "" : reply.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.isEmpty() || type.contains("json")) {
            try {
                JsonNode parsed = Json.parse(text);
                if (parsed != null && !parsed.isMissingNode()) return parsed;
            } catch (IOException | RuntimeException e) {
                // not JSON after all: the text
            }
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) client.close();
    }
}

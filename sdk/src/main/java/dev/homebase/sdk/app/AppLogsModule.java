package dev.homebase.sdk.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Usage logs, the Java form of {@code base44.appLogs}. Base {@code /app-logs/{appId}}. Thread-safe. */
public interface AppLogsModule {
    /**
     * Records that the user visited a page ({@code POST /app-logs/{appId}/log-user-in-app/{page}}).
     *
     * @param pageName the page name or path
     */
    void logUserInApp(String pageName);

    /**
     * Reads logs ({@code GET /app-logs/{appId}?...}); admin or service only.
     *
     * @param params query parameters, or null
     * @return the server's answer
     */
    JsonNode fetchLogs(Map<String, ?> params);

    /**
     * Reads statistics ({@code GET /app-logs/{appId}/stats?...}); admin or service only.
     *
     * @param params query parameters, or null
     * @return the server's answer
     */
    JsonNode getStats(Map<String, ?> params);

    /**
     * Records a page visit without blocking; see {@link #logUserInApp(String)}.
     *
     * @param pageName the page name or path
     * @return completes when the server answered, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Void> logUserInAppAsync(String pageName);

    /**
     * Reads logs without blocking; see {@link #fetchLogs(Map)}.
     *
     * @param params query parameters, or null
     * @return completes with the server's answer, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> fetchLogsAsync(Map<String, ?> params);

    /**
     * Reads statistics without blocking; see {@link #getStats(Map)}.
     *
     * @param params query parameters, or null
     * @return completes with the server's answer, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> getStatsAsync(Map<String, ?> params);
}

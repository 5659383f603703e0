package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.app.AppLogsModule;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link AppLogsModule} over a channel. Thread-safe. */
final class DefaultAppLogsModule implements AppLogsModule {
    private final Channel channel;
    private final String base;

    DefaultAppLogsModule(Channel channel, String appId) {
        this.channel = channel;
        this.base = "/app-logs/" + Encoding.component(appId);
    }

    @Override
    public void logUserInApp(String pageName) {
        channel.call(logRequest(pageName));
    }

    @Override
    public CompletableFuture<Void> logUserInAppAsync(String pageName) {
        return channel.callAsync(logRequest(pageName), r -> null);
    }

    @Override
    public CompletableFuture<JsonNode> fetchLogsAsync(Map<String, ?> params) {
        return channel.callAsync(ApiRequest.get(base).queryAll(params), r -> r);
    }

    @Override
    public CompletableFuture<JsonNode> getStatsAsync(Map<String, ?> params) {
        return channel.callAsync(ApiRequest.get(base + "/stats").queryAll(params), r -> r);
    }

    private ApiRequest logRequest(String pageName) {
        // Page names are often paths ("/dash/board") and are sent unencoded by JavaScript.
        return ApiRequest.post(base + "/log-user-in-app/" + Encoding.path(Checks.notNull(pageName, "pageName")));
    }

    @Override
    public JsonNode fetchLogs(Map<String, ?> params) {
        return channel.call(ApiRequest.get(base).queryAll(params));
    }

    @Override
    public JsonNode getStats(Map<String, ?> params) {
        return channel.call(ApiRequest.get(base + "/stats").queryAll(params));
    }
}

package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.app.AppLogsModule;
import java.util.Map;

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
        // Page names are often paths ("/dash/board") and are sent unencoded by JavaScript.
        channel.call(ApiRequest.post(base + "/log-user-in-app/" + Encoding.path(Checks.notNull(pageName, "pageName"))));
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

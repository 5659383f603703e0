package dev.homebase.sdk.internal;

import dev.homebase.sdk.app.AppModule;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link AppModule} over the user channel. Thread-safe. */
final class DefaultAppModule implements AppModule {
    private final Channel channel;
    private final String appId;

    DefaultAppModule(Channel channel, String appId) {
        this.channel = channel;
        this.appId = appId;
    }

    @Override
    public Map<String, Object> getPublicSettings() {
        return Json.toMap(channel.call(settingsRequest()));
    }

    @Override
    public CompletableFuture<Map<String, Object>> getPublicSettingsAsync() {
        return channel.callAsync(settingsRequest(), Json::toMap);
    }

    private ApiRequest settingsRequest() {
        return ApiRequest.get("/apps/public/prod/public-settings/by-id/" + Encoding.component(appId));
    }
}

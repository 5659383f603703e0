package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.auth.SsoModule;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link SsoModule} over the service channel. Thread-safe. */
final class DefaultSsoModule implements SsoModule {
    private final Channel channel;
    private final String appPath;

    DefaultSsoModule(Channel channel, String appId) {
        this.channel = channel;
        this.appPath = "/apps/" + Encoding.component(appId);
    }

    @Override
    public Map<String, Object> getAccessToken(String userId) {
        return Json.toMap(channel.call(tokenRequest("accesstoken", userId)));
    }

    @Override
    public String getIdToken(String userId) {
        return text(channel.call(tokenRequest("idtoken", userId)));
    }

    @Override
    public CompletableFuture<Map<String, Object>> getAccessTokenAsync(String userId) {
        return channel.callAsync(tokenRequest("accesstoken", userId), Json::toMap);
    }

    @Override
    public CompletableFuture<String> getIdTokenAsync(String userId) {
        return channel.callAsync(tokenRequest("idtoken", userId), DefaultSsoModule::text);
    }

    private ApiRequest tokenRequest(String kind, String userId) {
        return ApiRequest.get(appPath + "/auth/sso/" + kind + "/" + Encoding.component(Checks.text(userId, "userId")));
    }

    private static String text(JsonNode r) {
        return r == null || r.isNull() ? null : r.isTextual() ? r.asText() : r.toString();
    }
}

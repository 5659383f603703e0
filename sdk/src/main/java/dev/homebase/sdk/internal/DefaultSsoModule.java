package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.auth.SsoModule;
import java.util.Map;

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
        return Json.toMap(channel.call(ApiRequest.get(appPath + "/auth/sso/accesstoken/"
                + Encoding.component(Checks.text(userId, "userId")))));
    }

    @Override
    public String getIdToken(String userId) {
        JsonNode r = channel.call(ApiRequest.get(appPath + "/auth/sso/idtoken/"
                + Encoding.component(Checks.text(userId, "userId"))));
        return r == null || r.isNull() ? null : r.isTextual() ? r.asText() : r.toString();
    }
}

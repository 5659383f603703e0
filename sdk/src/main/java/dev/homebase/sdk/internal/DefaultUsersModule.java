package dev.homebase.sdk.internal;

import dev.homebase.sdk.auth.UsersModule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link UsersModule} over the user channel. Thread-safe. */
final class DefaultUsersModule implements UsersModule {
    private final Channel channel;
    private final String appPath;

    DefaultUsersModule(Channel channel, String appId) {
        this.channel = channel;
        this.appPath = "/apps/" + Encoding.component(appId);
    }

    @Override
    public Map<String, Object> inviteUser(String userEmail, String role) {
        return Json.toMap(channel.call(inviteRequest(userEmail, role)));
    }

    @Override
    public CompletableFuture<Map<String, Object>> inviteUserAsync(String userEmail, String role) {
        return channel.callAsync(inviteRequest(userEmail, role), Json::toMap);
    }

    private ApiRequest inviteRequest(String userEmail, String role) {
        if (!"user".equals(role) && !"admin".equals(role)) {
            throw new IllegalArgumentException("Invalid role: \"" + role + "\". Role must be either \"user\" or \"admin\".");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_email", Checks.text(userEmail, "userEmail"));
        body.put("role", role);
        return ApiRequest.post(appPath + "/runtime/users/invite-user").json(body);
    }
}

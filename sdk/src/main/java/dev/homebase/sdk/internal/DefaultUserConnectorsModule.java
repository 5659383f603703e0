package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.connectors.UserConnectorsModule;
import java.util.concurrent.CompletableFuture;

/** {@link UserConnectorsModule} over the user channel. Thread-safe. */
final class DefaultUserConnectorsModule implements UserConnectorsModule {
    private final Channel channel;
    private final String appPath;

    DefaultUserConnectorsModule(Channel channel, String appId) {
        this.channel = channel;
        this.appPath = "/apps/" + Encoding.component(appId);
    }

    @Override
    public String connectAppUser(String connectorId) {
        return redirectUrl(channel.call(connectRequest(connectorId)));
    }

    @Override
    public void disconnectAppUser(String connectorId) {
        channel.call(disconnectRequest(connectorId));
    }

    @Override
    public CompletableFuture<String> connectAppUserAsync(String connectorId) {
        return channel.callAsync(connectRequest(connectorId), DefaultUserConnectorsModule::redirectUrl);
    }

    @Override
    public CompletableFuture<Void> disconnectAppUserAsync(String connectorId) {
        return channel.callAsync(disconnectRequest(connectorId), r -> null);
    }

    private ApiRequest connectRequest(String connectorId) {
        return ApiRequest.post(appPath + "/app-user-auth/connectors/"
                + Encoding.component(DefaultConnectorsModule.connectorId(connectorId)) + "/initiate");
    }

    private ApiRequest disconnectRequest(String connectorId) {
        return ApiRequest.delete(appPath + "/app-user-auth/connectors/"
                + Encoding.component(DefaultConnectorsModule.connectorId(connectorId)));
    }

    private static String redirectUrl(JsonNode r) {
        JsonNode url = r == null ? null : r.get("redirect_url");
        return url == null || url.isNull() ? null : url.asText();
    }
}

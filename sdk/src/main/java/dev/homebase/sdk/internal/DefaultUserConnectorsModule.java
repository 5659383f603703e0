package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.connectors.UserConnectorsModule;

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
        JsonNode r = channel.call(ApiRequest.post(appPath + "/app-user-auth/connectors/"
                + Encoding.component(DefaultConnectorsModule.connectorId(connectorId)) + "/initiate"));
        JsonNode url = r == null ? null : r.get("redirect_url");
        return url == null || url.isNull() ? null : url.asText();
    }

    @Override
    public void disconnectAppUser(String connectorId) {
        channel.call(ApiRequest.delete(appPath + "/app-user-auth/connectors/"
                + Encoding.component(DefaultConnectorsModule.connectorId(connectorId))));
    }
}

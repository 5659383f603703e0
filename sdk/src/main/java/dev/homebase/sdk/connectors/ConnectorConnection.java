package dev.homebase.sdk.connectors;

import java.util.Map;

/**
 * A connector connection: the JavaScript {@code {accessToken, connectionConfig}}.
 *
 * @param accessToken      the OAuth access token
 * @param connectionConfig provider settings (e.g. {@code subdomain}), or null
 */
public record ConnectorConnection(String accessToken, Map<String, Object> connectionConfig) {
    @Override
    public String toString() {
        return "ConnectorConnection[accessToken=***, connectionConfig=" + connectionConfig + "]";
    }
}

package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.connectors.ConnectorApiRequest;
import dev.homebase.sdk.connectors.ConnectorApiResponse;
import dev.homebase.sdk.connectors.ConnectorConnection;
import dev.homebase.sdk.connectors.ConnectorsModule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@link ConnectorsModule} over the service channel. Thread-safe. */
final class DefaultConnectorsModule implements ConnectorsModule {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    private final Channel channel;
    private final String appPath;

    DefaultConnectorsModule(Channel channel, String appId) {
        this.channel = channel;
        this.appPath = "/apps/" + Encoding.component(appId);
    }

    static String connectorId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("Connector ID is required and must be a string");
        }
        return id;
    }

    private static String integrationType(String type) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("Integration type is required and must be a string");
        }
        return type;
    }

    @Override
    @Deprecated
    public String getAccessToken(String integrationType) {
        return getConnection(integrationType).accessToken();
    }

    @Override
    public ConnectorConnection getConnection(String integrationType) {
        return connection(channel.call(connectionRequest(integrationType)));
    }

    private ApiRequest connectionRequest(String integrationType) {
        return ApiRequest.get(appPath + "/external-auth/tokens/" + Encoding.component(integrationType(integrationType)));
    }

    @Override
    public ConnectorConnection getWorkspaceConnection(String connectorId) {
        return connection(channel.call(workspaceRequest(connectorId)));
    }

    private ApiRequest workspaceRequest(String connectorId) {
        return ApiRequest.get(appPath + "/external-auth/tokens/connectors/" + Encoding.component(connectorId(connectorId)));
    }

    @Override
    @Deprecated
    public String getCurrentAppUserAccessToken(String connectorId) {
        return getCurrentAppUserConnection(connectorId).accessToken();
    }

    @Override
    public ConnectorConnection getCurrentAppUserConnection(String connectorId) {
        return connection(channel.call(appUserRequest(connectorId)));
    }

    private ApiRequest appUserRequest(String connectorId) {
        return ApiRequest.get(appPath + "/app-user-auth/connectors/" + Encoding.component(connectorId(connectorId)) + "/token");
    }

    @Override
    public ConnectorApiResponse callApi(String integrationType, ConnectorApiRequest request) {
        return apiResponse(channel.call(callApiRequest(integrationType, request)));
    }

    // ---- async variants: the same requests, sent with HttpClient.sendAsync

    @Override
    public CompletableFuture<ConnectorConnection> getConnectionAsync(String integrationType) {
        return channel.callAsync(connectionRequest(integrationType), DefaultConnectorsModule::connection);
    }

    @Override
    public CompletableFuture<ConnectorConnection> getWorkspaceConnectionAsync(String connectorId) {
        return channel.callAsync(workspaceRequest(connectorId), DefaultConnectorsModule::connection);
    }

    @Override
    public CompletableFuture<ConnectorConnection> getCurrentAppUserConnectionAsync(String connectorId) {
        return channel.callAsync(appUserRequest(connectorId), DefaultConnectorsModule::connection);
    }

    @Override
    public CompletableFuture<ConnectorApiResponse> callApiAsync(String integrationType, ConnectorApiRequest request) {
        return channel.callAsync(callApiRequest(integrationType, request), DefaultConnectorsModule::apiResponse);
    }

    private ApiRequest callApiRequest(String integrationType, ConnectorApiRequest request) {
        if (integrationType == null || integrationType.isEmpty()) {
            throw new IllegalArgumentException("Integration type is required and must be a string");
        }
        if (request == null) {
            throw new IllegalArgumentException("Request is required and must be an object");
        }
        if (request.path() == null || request.path().isEmpty()) {
            throw new IllegalArgumentException("Request path is required and must be a string");
        }
        String method = request.method() == null ? "GET" : request.method();
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("Request method must be one of GET, POST, PUT, PATCH, DELETE, or HEAD");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", method);
        if (request.host() != null) {
            body.put("host", request.host());
        }
        body.put("path", request.path());
        body.put("query", request.query() == null ? Map.of() : request.query());
        body.put("headers", request.headers() == null ? Map.of() : request.headers());
        body.put("body", request.body());
        // The type is encoded so a runtime-built value can only select a connector.
        return ApiRequest.post(appPath + "/connectors/" + Encoding.component(integrationType) + "/call").json(body);
    }

    private static ConnectorApiResponse apiResponse(JsonNode r) {
        if (r == null) {
            r = Json.MAPPER.createObjectNode();
        }
        JsonNode status = r.get("status_code");
        JsonNode headers = r.get("headers");
        return new ConnectorApiResponse(r.path("success").asBoolean(), text(r.get("phase")),
                status == null || status.isNull() ? null : status.asInt(), r.get("data"),
                text(r.get("data_base64")), text(r.get("content_type")),
                headers == null || !headers.isObject() ? Map.of() : Json.toMap(headers),
                r.path("credits_charged").asDouble(0));
    }

    private static ConnectorConnection connection(JsonNode r) {
        JsonNode config = r == null ? null : r.get("connection_config");
        return new ConnectorConnection(r == null ? null : text(r.get("access_token")),
                config == null || !config.isObject() ? null : Json.toMap(config));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}

package dev.homebase.sdk.connectors;

import java.util.concurrent.CompletableFuture;

/**
 * Connector tokens and the connector API proxy, the Java form of
 * {@code asServiceRole.connectors} (service role only). Thread-safe.
 */
public interface ConnectorsModule {

    /**
     * Reads the workspace OAuth access token of an integration type.
     *
     * @param integrationType e.g. {@code "slack"}
     * @return the access token
     * @deprecated use {@link #getConnection(String)}
     */
    @Deprecated
    String getAccessToken(String integrationType);

    /**
     * Reads the workspace connection of an integration type
     * ({@code GET /external-auth/tokens/{type}}).
     *
     * @param integrationType e.g. {@code "slack"}
     * @return token and connection config
     * @throws IllegalArgumentException {@code Integration type is required and must be a string}
     */
    ConnectorConnection getConnection(String integrationType);

    /**
     * Reads a workspace connection by connector id.
     *
     * @param connectorId the connector id
     * @return token and connection config
     */
    ConnectorConnection getWorkspaceConnection(String connectorId);

    /**
     * Reads the on-behalf-of user's token for a connector.
     *
     * @param connectorId the connector id
     * @return the access token
     * @deprecated use {@link #getCurrentAppUserConnection(String)}
     */
    @Deprecated
    String getCurrentAppUserAccessToken(String connectorId);

    /**
     * Reads the on-behalf-of user's connection for a connector
     * ({@code GET /app-user-auth/connectors/{id}/token}).
     *
     * @param connectorId the connector id
     * @return token and connection config
     */
    ConnectorConnection getCurrentAppUserConnection(String connectorId);

    /**
     * Calls the provider API through the connector proxy
     * ({@code POST /apps/{appId}/connectors/{type}/call}). Provider errors come back with
     * {@code success == false}.
     *
     * @param integrationType the integration type
     * @param request         the request
     * @return the normalised outcome
     * @throws IllegalArgumentException with the JavaScript client's messages for bad input
     */
    ConnectorApiResponse callApi(String integrationType, ConnectorApiRequest request);

    /**
     * Reads the workspace connection of an integration type without blocking; see {@link #getConnection(String)}.
     *
     * @param integrationType the integration type
     * @return completes with the token and connection config, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<ConnectorConnection> getConnectionAsync(String integrationType);

    /**
     * Reads a workspace connector's connection without blocking; see {@link #getWorkspaceConnection(String)}.
     *
     * @param connectorId the connector id
     * @return completes with the token and connection config, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<ConnectorConnection> getWorkspaceConnectionAsync(String connectorId);

    /**
     * Reads the acting app user's connection to a connector without blocking; see {@link #getCurrentAppUserConnection(String)}.
     *
     * @param connectorId the connector id
     * @return completes with the token and connection config, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<ConnectorConnection> getCurrentAppUserConnectionAsync(String connectorId);

    /**
     * Calls the connector's upstream API through the server without blocking; see {@link #callApi(String, ConnectorApiRequest)}.
     *
     * @param integrationType the integration type
     * @param request the upstream request
     * @return completes with the upstream outcome, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<ConnectorApiResponse> callApiAsync(String integrationType, ConnectorApiRequest request);
}

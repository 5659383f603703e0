package dev.homebase.sdk.connectors;

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
}

package dev.homebase.sdk.connectors;

/**
 * App-user OAuth connections, the Java form of {@code base44.connectors} on the user client.
 * Thread-safe.
 */
public interface UserConnectorsModule {
    /**
     * Starts connecting the current user to a connector
     * ({@code POST /apps/{appId}/app-user-auth/connectors/{id}/initiate}).
     *
     * @param connectorId the connector id
     * @return the provider URL to open ({@code redirect_url})
     * @throws IllegalArgumentException {@code Connector ID is required and must be a string}
     */
    String connectAppUser(String connectorId);

    /**
     * Disconnects the current user from a connector.
     *
     * @param connectorId the connector id
     * @throws IllegalArgumentException {@code Connector ID is required and must be a string}
     */
    void disconnectAppUser(String connectorId);
}

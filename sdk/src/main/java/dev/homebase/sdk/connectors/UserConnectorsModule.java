package dev.homebase.sdk.connectors;

import java.util.concurrent.CompletableFuture;

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

    /**
     * Starts connecting the current user to a connector without blocking; see {@link #connectAppUser(String)}.
     *
     * @param connectorId the connector id
     * @return completes with the URL to open, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> connectAppUserAsync(String connectorId);

    /**
     * Removes the current user's connection to a connector without blocking; see {@link #disconnectAppUser(String)}.
     *
     * @param connectorId the connector id
     * @return completes with nothing once the server answered, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Void> disconnectAppUserAsync(String connectorId);
}

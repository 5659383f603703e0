/**
 * OAuth connectors: the user-side {@link dev.homebase.sdk.connectors.UserConnectorsModule} and
 * the service-role {@link dev.homebase.sdk.connectors.ConnectorsModule}.
 */
package dev.homebase.sdk.connectors;

/**
 * Integrations: typed Core helpers ({@link dev.homebase.sdk.integrations.CoreIntegrations}),
 * generic package calls ({@link dev.homebase.sdk.integrations.IntegrationsModule}) and custom
 * workspace integrations ({@link dev.homebase.sdk.integrations.CustomIntegrations}).
 */
package dev.homebase.sdk.integrations;

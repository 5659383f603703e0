/**
 * Connectors (api-contract §8) and SSO tokens (§9): OAuth connections of an app, and of its users,
 * to third-party APIs.
 *
 * <ul>
 *   <li>{@link dev.homebase.server.connectors.ConnectorConfig}: one {@code base44/connectors/<type>.jsonc}
 *       (built-in endpoints for google*, slack, github, notion, hubspot, linear:
 *       {@link dev.homebase.server.connectors.ConnectorDefaults}), checked at start;</li>
 *   <li>{@link dev.homebase.server.connectors.Connectors}: connect (state + PKCE, state in the database),
 *       hand out tokens, refresh them once across nodes, mark a refused refresh as needing a reconnect;</li>
 *   <li>{@link dev.homebase.server.connectors.CallProxy}: {@code callApi} to declared hosts only;</li>
 *   <li>{@link dev.homebase.server.connectors.SsoTokens}: the provider tokens of social sign-ins;</li>
 *   <li>{@link dev.homebase.server.connectors.TokenCipher}: every stored token is AES-256-GCM ciphertext
 *       under a per-app key derived from the app's key.</li>
 * </ul>
 *
 * <p>Speaks domain: may import {@code store}, {@code project}, {@code internal}; never {@code http}.
 * Failures are {@link dev.homebase.server.connectors.ConnectorException} (a status, a code and a message
 * safe to show); tokens are never logged.
 */
package dev.homebase.server.connectors;

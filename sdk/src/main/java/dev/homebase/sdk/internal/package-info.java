/**
 * SDK internals: HTTP transport, encoding, JSON and module implementations.
 *
 * <p>NB: nothing in this package is public API. It may change in any release without notice;
 * use the types of {@code dev.homebase.sdk} and its concept packages instead.
 */
package dev.homebase.sdk.internal;

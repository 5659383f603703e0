/**
 * Small helpers shared by the server's packages (the JSON mapper, the debounced {@link
 * dev.homebase.server.internal.FolderWatcher} of the functions' hot reload and the schema reload, the single-use
 * {@link dev.homebase.server.internal.StateRows} of sign-ins and connects in flight, the whole-number settings of
 * {@link dev.homebase.server.internal.EnvNumbers}). Not an API.
 */
package dev.homebase.server.internal;

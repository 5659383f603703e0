/**
 * Small helpers shared by the server's packages (the JSON mapper, the debounced {@link
 * dev.homebase.server.internal.FolderWatcher} of the functions' hot reload and the schema reload). Not an API.
 */
package dev.homebase.server.internal;

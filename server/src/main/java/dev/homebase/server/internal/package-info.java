/**
 * Small helpers shared by the server's packages (the JSON mapper). Not an API.
 */
package dev.homebase.server.internal;

/**
 * Serves an app's built front end, with single-page-app fallback.
 */
package dev.homebase.server.site;

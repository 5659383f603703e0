/**
 * App usage kept per app: page views ({@code appLogs.logUserInApp}, api-contract §11) and analytics
 * events ({@code analytics.track}, §13), written off the request path with bounded retention, and
 * read back (lists and per-page, per-day statistics) in SQL. Imports {@code store} and
 * {@code entity.Timestamps} only.
 */
package dev.homebase.server.applogs;

/**
 * App-level modules: public settings ({@link dev.homebase.sdk.app.AppModule}), usage logs
 * ({@link dev.homebase.sdk.app.AppLogsModule}) and analytics events
 * ({@link dev.homebase.sdk.app.AnalyticsModule}).
 */
package dev.homebase.sdk.app;

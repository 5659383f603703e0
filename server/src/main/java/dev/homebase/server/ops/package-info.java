/**
 * What operators watch: {@code GET /metrics} in the Prometheus text format ({@link dev.homebase.server.ops.ServerMetrics}
 * for what happens in the process, recorded by one-line hooks in http, store, functions, mail and auth;
 * {@link dev.homebase.server.ops.NodeOps} for what is read when scraped: the database pool and the realtime counters)
 * and the readiness check {@code GET /api/health/ready}. The routes are in {@code http/Routes.java}
 * ({@code OpsApi}); JSON logs are logback's {@code JsonEncoder}, chosen in {@code logback.xml} by
 * {@code HOMEBASE_LOG_FORMAT}, with the request id in the MDC. Metrics use the Prometheus Java client
 * ({@code io.prometheus:prometheus-metrics-core}).
 */
package dev.homebase.server.ops;

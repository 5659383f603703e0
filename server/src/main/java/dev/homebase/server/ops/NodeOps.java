package dev.homebase.server.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.homebase.server.http.NodeMetrics;
import dev.homebase.server.realtime.RealtimeServer;
import dev.homebase.server.realtime.RealtimeStats;
import dev.homebase.server.store.Database;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The operator's view of one running server: the JSON of {@code GET /api/apps/{appId}/metrics} (given), plus
 * {@code GET /metrics} and {@code GET /api/health/ready}. The pool and realtime values are read from their own
 * sources when scraped (HikariCP's pool bean, {@link RealtimeServer#stats()}), so nothing is counted twice; the
 * process-wide counters come from {@link ServerMetrics}. Thread-safe.
 */
public final class NodeOps implements NodeMetrics {
    private static final PrometheusTextFormatWriter TEXT = new PrometheusTextFormatWriter(false);

    private final NodeMetrics json;
    private final Database database;
    private final PrometheusRegistry node = new PrometheusRegistry();
    private final Optional<String> token;

    /**
     * @param json what {@code GET /api/apps/{appId}/metrics} answers
     * @param token {@code HOMEBASE_METRICS_TOKEN}, when set
     */
    public NodeOps(NodeMetrics json, Database database, RealtimeServer realtime, Optional<String> token) {
        this.json = json;
        this.database = database;
        this.token = token.filter(t -> !t.isBlank());
        String dialect = database.dialect().name();
        if (database.dataSource() instanceof HikariDataSource pool) {
            GaugeWithCallback.builder().name("homebase_db_pool_connections")
                    .help("Database pool connections by state: active (in use), idle, pending (threads waiting for one), max")
                    .labelNames("dialect", "state").callback(cb -> {
                        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                        if (bean == null) return; // closed
                        cb.call(bean.getActiveConnections(), dialect, "active");
                        cb.call(bean.getIdleConnections(), dialect, "idle");
                        cb.call(bean.getThreadsAwaitingConnection(), dialect, "pending");
                        cb.call(pool.getMaximumPoolSize(), dialect, "max");
                    }).register(node);
        }
        if (database.dialect().name().equals("sqlite")) {
            GaugeWithCallback.builder().name("homebase_db_sqlite_writers_waiting")
                    .help("SQLite: write transactions waiting for the single writer (Homebase serialises writes)")
                    .callback(cb -> cb.call(database.writersWaiting())).register(node);
        }
        gauge("homebase_realtime_connections", "Realtime (Socket.IO) connections open now", realtime, RealtimeStats::connections);
        gauge("homebase_realtime_room_memberships", "Realtime rooms joined now, summed over connections", realtime,
                RealtimeStats::roomMemberships);
        counter("homebase_realtime_connections_accepted", "Realtime connections accepted", realtime, RealtimeStats::connectionsAccepted);
        counter("homebase_realtime_connections_refused", "Realtime connections refused (unknown app, bad token, limits)", realtime,
                RealtimeStats::connectionsRefused);
        counter("homebase_realtime_events_published", "Entity events published to realtime (including other nodes')", realtime,
                RealtimeStats::eventsPublished);
        counter("homebase_realtime_events_dropped", "Realtime events lost because the dispatch queue was full", realtime,
                RealtimeStats::eventsDropped);
        counter("homebase_realtime_frames_delivered", "Realtime update_model frames queued to clients", realtime,
                RealtimeStats::framesDelivered);
        counter("homebase_realtime_slow_clients_dropped", "Realtime connections closed because they fell behind", realtime,
                RealtimeStats::slowClientsDropped);
    }

    private void gauge(String name, String help, RealtimeServer realtime, ToDoubleFunction<RealtimeStats> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(realtime.stats()))).register(node);
    }

    private void counter(String name, String help, RealtimeServer realtime, Function<RealtimeStats, Long> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.apply(realtime.stats()))).register(node);
    }

    @Override
    public ObjectNode snapshot(String appId) {
        return json.snapshot(appId);
    }

    /**
     * Runs {@code SELECT 1} on a connection of the pool, giving up after {@code timeout} (the pool itself would wait
     * for a connection much longer while the database is gone).
     */
    @Override
    public boolean ready(Duration timeout) {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread.ofVirtual().name("homebase-ready").start(() -> {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    probe.complete(rs.next());
                }
            } catch (Exception e) {
                probe.complete(false);
            }
        });
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void writePrometheus(OutputStream out) throws IOException {
        List<MetricSnapshot> all = new ArrayList<>();
        ServerMetrics.REGISTRY.scrape().forEach(all::add);
        node.scrape().forEach(all::add);
        TEXT.write(out, new MetricSnapshots(all));
    }

    @Override
    public Optional<String> metricsToken() {
        return token;
    }
}

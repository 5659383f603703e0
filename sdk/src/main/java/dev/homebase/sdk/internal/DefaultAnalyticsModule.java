package dev.homebase.sdk.internal;

import dev.homebase.sdk.app.AnalyticsModule;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link AnalyticsModule}: a bounded queue drained by one daemon thread, 30 events per batch,
 * one batch per second, errors swallowed (as in the JavaScript client). Thread-safe.
 */
final class DefaultAnalyticsModule implements AnalyticsModule {
    private static final System.Logger LOG = System.getLogger("dev.homebase.sdk");
    private static final int MAX_QUEUE = 1000;
    private static final int BATCH = 30;

    private final Channel channel;
    private final String path;
    private final boolean enabled;
    private final Supplier<String> userIdLookup;
    private final String sessionId = UUID.randomUUID().toString();
    private final LinkedBlockingQueue<Map<String, Object>> queue = new LinkedBlockingQueue<>(MAX_QUEUE);
    private final Object lock = new Object();
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private volatile String userId;
    private volatile boolean userIdResolved;

    DefaultAnalyticsModule(Channel channel, String appId, boolean enabled, Supplier<String> userIdLookup) {
        this.channel = channel;
        this.path = "/apps/" + Encoding.component(appId) + "/analytics/track/batch";
        this.enabled = enabled;
        this.userIdLookup = userIdLookup;
    }

    @Override
    public void track(String eventName) {
        track(eventName, null);
    }

    @Override
    public void track(String eventName, Map<String, ?> properties) {
        Checks.text(eventName, "eventName");
        if (!enabled || closed) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_name", eventName);
        event.put("properties", properties == null ? null : new LinkedHashMap<>(properties));
        event.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        event.put("page_url", null);
        // A full queue drops the event, as in the JavaScript client.
        if (queue.offer(event)) {
            ensureScheduler();
        }
    }

    @Override
    public void flush() {
        // Stops at the first failed batch, so an unreachable server costs one timeout, not 34.
        while (!queue.isEmpty() && sendBatch()) {
            // keep sending
        }
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        return CompletableFuture.runAsync(this::flush);
    }

    /** Forgets the resolved user id after a token change. */
    void resetIdentity() {
        userIdResolved = false;
        userId = null;
    }

    /** Sends what is queued and stops the background thread. */
    void close() {
        closed = true;
        synchronized (lock) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "analytics flush on close failed", e);
        }
    }

    private void ensureScheduler() {
        synchronized (lock) {
            if (scheduler == null && !closed) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "homebase-sdk-analytics");
                    t.setDaemon(true);
                    return t;
                });
                scheduler.scheduleWithFixedDelay(this::sendScheduledBatch, 1, 1, TimeUnit.SECONDS);
            }
        }
    }

    private void sendScheduledBatch() {
        sendBatch();
    }

    /** Sends up to one batch; returns false when sending failed (the batch is dropped). */
    private boolean sendBatch() {
        List<Map<String, Object>> batch = new ArrayList<>();
        queue.drainTo(batch, BATCH);
        if (batch.isEmpty()) {
            return true;
        }
        String uid = resolveUserId();
        for (Map<String, Object> e : batch) {
            e.put("user_id", uid);
            e.put("session_id", sessionId);
        }
        try {
            channel.call(ApiRequest.post(path).json(Map.of("events", batch)));
            return true;
        } catch (RuntimeException e) {
            // Analytics must never disturb the app.
            LOG.log(Level.DEBUG, "analytics batch failed", e);
            return false;
        }
    }

    private String resolveUserId() {
        if (!userIdResolved) {
            String token = channel.token();
            userId = token == null ? null : userIdLookup.get();
            userIdResolved = true;
        }
        return userId;
    }
}

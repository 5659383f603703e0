package dev.homebase.sdk.app;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Custom analytics events, the Java form of {@code base44.analytics}. Events are queued (at most
 * 1000) and sent in the background in batches of 30, about once a second, to
 * {@code POST /apps/{appId}/analytics/track/batch}; errors are swallowed. A no-op when
 * analytics is disabled in the configuration. Thread-safe.
 */
public interface AnalyticsModule {
    /**
     * Queues an event without properties.
     *
     * @param eventName the event name
     */
    void track(String eventName);

    /**
     * Queues an event.
     *
     * @param eventName  the event name
     * @param properties string, number, boolean or null values; may be null
     */
    void track(String eventName, Map<String, ?> properties);

    /**
     * Sends the queued events now, blocking until done. Errors are swallowed; sending stops at
     * the first failed batch, whose events are dropped.
     */
    void flush();

    /**
     * Sends the queued events on a background thread (the common fork-join pool) instead of the
     * calling one; see {@link #flush()}.
     *
     * @return completes when the queue was sent or sending stopped; never exceptionally, as errors
     *     are swallowed
     */
    CompletableFuture<Void> flushAsync();
}

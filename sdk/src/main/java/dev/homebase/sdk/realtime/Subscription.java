package dev.homebase.sdk.realtime;

/**
 * An active realtime subscription, the Java form of the unsubscribe function the JavaScript
 * client returns. Closing it stops its callback; the last subscription of a room leaves the
 * room. Use it in try-with-resources or keep it and close it when done.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops the subscription. Idempotent; never throws. */
    @Override
    void close();
}

package dev.homebase.sdk.internal;

import dev.homebase.sdk.realtime.Subscription;
import java.util.function.Consumer;

/**
 * The realtime seam (api-contract §17): rooms multiplexed over one connection per client,
 * reference-counted, shared by every {@code entities(...).subscribe}. Implemented over Socket.IO
 * by {@link SocketIoRooms}. Implementations must be thread-safe.
 */
public interface RealtimeRooms extends AutoCloseable {

    /**
     * Joins a room (the first listener of a room sends {@code join}) and delivers the
     * {@code data} strings of that room's {@code update_model} events, off the socket's reader
     * thread. A listener that throws is logged and does not affect other listeners.
     *
     * @param room     the room, e.g. {@code entities:{appId}:{Entity}}
     * @param listener called for each event's {@code data} (JSON text)
     * @return closes the subscription (the last one leaves the room)
     * @throws IllegalStateException when the client is closed
     */
    Subscription join(String room, Consumer<String> listener);

    /**
     * Joins a room like {@link #join} and completes once the server has acknowledged the join
     * (implementations that cannot tell complete at once). A refused join completes
     * exceptionally with a {@link dev.homebase.sdk.Base44Exception} carrying the server's reason,
     * after closing the subscription.
     *
     * @param room     the room
     * @param listener called for each event's {@code data}
     * @return the subscription, once joined
     */
    default java.util.concurrent.CompletableFuture<Subscription> subscribe(String room, Consumer<String> listener) {
        return java.util.concurrent.CompletableFuture.completedFuture(join(room, listener));
    }

    /**
     * Reconnects with a new user token (called by {@code setToken}) and re-joins the rooms.
     *
     * @param token the token
     */
    void updateToken(String token);

    /** Disconnects and stops every subscription. Idempotent. */
    @Override
    void close();
}

package dev.homebase.sdk.internal;

import java.util.function.Consumer;

/**
 * The seam for realtime (api-contract §17): one lazily connected Socket.IO connection per
 * client with reference-counted rooms, shared by {@code entities(...).subscribe} and
 * {@code agents().subscribeToConversation}. Implementations must be thread-safe.
 *
 * <p>TODO(sdk): implement over Socket.IO ({@code /ws-user-apps/socket.io/}, websocket only,
 * re-join rooms on reconnect, 250 ms delayed {@code leave}) and add the public
 * {@code subscribe} methods. Until then {@link #unavailable()} is wired in.
 */
public interface RealtimeRooms extends AutoCloseable {

    /**
     * Joins a room and delivers the raw {@code update_model} payloads (JSON text) of that room.
     *
     * @param room     the room, e.g. {@code entities:{appId}:{Entity}}
     * @param listener called on the socket thread for each message
     * @return closes the subscription (the last one leaves the room)
     */
    AutoCloseable join(String room, Consumer<String> listener);

    /**
     * Reconnects with a new user token (called by {@code setToken}).
     *
     * @param token the token
     */
    void updateToken(String token);

    /** Disconnects. Idempotent. */
    @Override
    void close();

    /**
     * Returns the placeholder used until realtime is implemented: token updates and close are
     * no-ops and joining throws {@link UnsupportedOperationException}.
     *
     * @return the placeholder
     */
    static RealtimeRooms unavailable() {
        return new RealtimeRooms() {
            @Override
            public AutoCloseable join(String room, Consumer<String> listener) {
                throw new UnsupportedOperationException("Realtime subscriptions are not available yet");
            }

            @Override
            public void updateToken(String token) {
                // nothing connected yet
            }

            @Override
            public void close() {
                // nothing connected yet
            }
        };
    }
}

/**
 * Realtime entity events: {@code client.entities("Task").subscribe(event -> ...)} returns a
 * {@link dev.homebase.sdk.realtime.Subscription}; each change of a record the caller may read
 * arrives as an {@link dev.homebase.sdk.realtime.EntityEvent} (api-contract §17).
 *
 * <p>How it works: one Socket.IO connection per client (and one for its service role), opened
 * with the first subscription at {@code {serverUrl}/ws-user-apps/socket.io/?EIO=4&transport=websocket}
 * with {@code app_id} and {@code token} in the handshake query, exactly as the JavaScript client
 * sends them. Entity rooms ({@code entities:{appId}:{Entity}}) are multiplexed over it and
 * reference-counted: the first subscriber of a room sends {@code join}, the last one to close
 * sends {@code leave} 250 ms later (cancelled by a new subscriber), and the socket closes when no
 * room is left. After the connection drops or the server restarts, the client reconnects with
 * exponential backoff (0.5 s doubling to 5 s, with jitter) and re-joins every room. A refusal by
 * the server ({@code connect_error}, e.g. an unknown app) goes to the client's error listener and
 * is not retried until the next subscription or {@code setToken}. {@code setToken} reconnects
 * with the new token. Callbacks run on one event thread per connection (the client's and its
 * service role's), in arrival order, never on the socket's reader thread; a callback that throws
 * is logged and does not affect others. Joins carry a Socket.IO ack id and the server answers
 * {@code {"ok":true}} or {@code {"ok":false,"reason":...}}: {@code subscribe} returns once the
 * room is joined (so a change made right after it is delivered) and throws with the server's
 * reason when it is refused; with {@code ClientConfig.subscribeTimeout(Duration.ZERO)} joins are
 * sent without an ack id, as by the JavaScript client, and {@code subscribe} returns at once.
 *
 * <p>Why our own client: the SDK implements the small part of Engine.IO v4 / Socket.IO v5 it
 * needs (websocket transport only: open, connect, ping/pong, events, connect errors) on the
 * JDK's {@link java.net.http.WebSocket}, instead of depending on
 * {@code io.socket:socket.io-client}, which would bring OkHttp 3, Okio, Kotlin's standard
 * library and an old {@code org.json} into every application that uses the SDK. The SDK's
 * dependencies stay the JDK and Jackson.
 */
package dev.homebase.sdk.realtime;

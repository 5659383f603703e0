package dev.homebase.sdk.internal;

import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One WebSocket connection attempt of {@link SocketIoRooms}: the JDK listener, an ordered send
 * queue and the watchdog. Incoming packets and the end of the connection are handed, in order,
 * to the owner on its timer thread; the owner ignores a connection once it has replaced it.
 * Methods marked so are called with the owner's lock held.
 */
final class SocketIoConnection implements WebSocket.Listener {
    private final Object lock;
    private final ScheduledExecutorService timers;
    private final BiConsumer<SocketIoConnection, String> packets;
    private final BiConsumer<SocketIoConnection, String> ends;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> outbox = new ArrayList<>();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> watchdog;
    private boolean ended;
    boolean connected;
    long pingWindow = 45_000;

    /**
     * Creates a connection attempt; it is opened by passing it to {@code WebSocket.Builder.buildAsync}.
     *
     * @param lock    the owner's lock
     * @param timers  the owner's timer thread, which also receives packets and ends
     * @param packets called with each complete text frame (one Engine.IO packet)
     * @param ends    called with a reason when the connection ended or failed
     */
    SocketIoConnection(Object lock, ScheduledExecutorService timers, BiConsumer<SocketIoConnection, String> packets,
                       BiConsumer<SocketIoConnection, String> ends) {
        this.lock = lock;
        this.timers = timers;
        this.packets = packets;
        this.ends = ends;
    }

    /** Queues a text frame; frames go out one at a time, in order. Caller holds the lock. */
    void send(String text) {
        if (ended) {
            return;
        }
        if (socket == null) {
            outbox.add(text);
            return;
        }
        WebSocket ws = socket;
        sending = sending.handle((v, e) -> null).thenCompose(v -> ws.sendText(text, true))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        ends.accept(this, "send failed: " + e.getMessage());
                    }
                });
    }

    /** (Re)arms the watchdog: no packet within the window drops the connection. Caller holds the lock. */
    void watch(long millis, String reason) {
        cancelWatch();
        if (!ended && !timers.isShutdown()) {
            watchdog = timers.schedule(() -> ends.accept(this, reason), millis, TimeUnit.MILLISECONDS);
        }
    }

    void cancelWatch() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    /** Ends this connection, politely (Socket.IO disconnect, close frame) or at once. Caller holds the lock. */
    void shutdown(boolean politely) {
        if (ended) {
            return;
        }
        cancelWatch();
        if (socket != null && politely) {
            send("41");
            WebSocket ws = socket;
            sending = sending.handle((v, e) -> null)
                    .thenCompose(v -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                    .whenComplete((v, e) -> ws.abort());
        } else if (socket != null) {
            socket.abort();
        }
        ended = true;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (lock) {
            if (ended) {
                webSocket.abort();
                return;
            }
            socket = webSocket;
            List<String> queued = new ArrayList<>(outbox);
            outbox.clear();
            queued.forEach(this::send);
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            // Handled on the timer thread (in order), so this returns at once: the JDK can
            // lose an end-of-stream that arrives while a listener method is running, which
            // would leave a dropped connection to the ping watchdog.
            try {
                timers.execute(() -> packets.accept(this, text));
            } catch (RejectedExecutionException closedMeanwhile) {
                return null;
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        afterPackets("closed (" + statusCode + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        afterPackets(String.valueOf(error.getMessage()));
    }

    /** The end goes through the same queue as the packets, so a refusal read before it counts. */
    private void afterPackets(String reason) {
        try {
            timers.execute(() -> ends.accept(this, reason));
        } catch (RejectedExecutionException closedMeanwhile) {
            // the client is closed
        }
    }
}

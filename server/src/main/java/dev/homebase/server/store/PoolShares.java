package dev.homebase.server.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one caller from taking the whole connection pool: the transactions of one caller (named by
 * the web layer per request, see {@link #actingFor}) hold at most a share of the pool's connections
 * at once; the rest wait for their own caller's earlier transactions, not for everybody's. So slow
 * requests of one user (up to the query time limit each) cannot make every other user wait.
 * Transactions of threads that act for no one (startup, background jobs) are not counted.
 * Thread-safe.
 */
public final class PoolShares {
    private static final ThreadLocal<String> CALLER = new ThreadLocal<>();
    /** Set while this thread holds a share, so a transaction run inside another one takes none. */
    private static final ThreadLocal<Boolean> HOLDING = new ThreadLocal<>();

    private final int perCaller;
    private final ConcurrentHashMap<String, Semaphore> shares = new ConcurrentHashMap<>();

    PoolShares(int poolSize) {
        this.perCaller = Math.max(1, poolSize / 2);
    }

    /**
     * Names the caller the current thread's transactions act for, until {@link #done}. The name is
     * only compared (a token or an address), never logged.
     */
    public static void actingFor(String caller) {
        CALLER.set(caller);
    }

    /** Ends {@link #actingFor} on the current thread. */
    public static void done() {
        CALLER.remove();
    }

    /** A taken share, released by {@link #close}. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final Held NONE = () -> {};

    /**
     * Takes one of the current caller's shares, waiting at most {@code waitMillis}.
     *
     * @throws StoreBusyException when the caller's share stays in use that long
     */
    Held take(long waitMillis) {
        String caller = CALLER.get();
        if (caller == null || HOLDING.get() != null) return NONE;
        Semaphore share = shares.computeIfAbsent(caller, k -> new Semaphore(perCaller));
        try {
            if (!share.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) throw new StoreBusyException(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException(e);
        }
        HOLDING.set(Boolean.TRUE);
        return () -> {
            HOLDING.remove();
            share.release();
            // Forget idle callers (a racing taker just makes a fresh semaphore).
            if (share.availablePermits() == perCaller) shares.remove(caller, share);
        };
    }
}

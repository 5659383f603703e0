package dev.homebase.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A bounded queue of rows drained by one background daemon thread, which hands them to the owner's
 * writer in batches and, between batches, runs the owner's purge on a schedule. Adding never blocks
 * and never fails: when the queue is full, or the writer throws, rows are dropped and counted in the
 * owner's log. Used by the function output and the app logs. Thread-safe.
 *
 * <pre>{@code
 * BatchWriter<Line> w = new BatchWriter<>("my-logs", log, "lines", Duration.ofMinutes(1), Duration.ZERO,
 *         this::write, this::purge);
 * w.add(line); ... w.close();
 * }</pre>
 *
 * @param <R> one queued row
 */
public final class BatchWriter<R> implements AutoCloseable {
    private static final int QUEUE = 20_000;
    private static final int BATCH = 500;

    private final Logger log;
    private final String what;
    private final Duration purgeEvery;
    private final Consumer<List<R>> write;
    private final Runnable purge;
    private final BlockingQueue<R> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;
    private long nextPurgeNanos;

    /**
     * Starts the background thread.
     *
     * @param log the owner's log, where drops and failures are counted
     * @param what what a row is, plural, for the log ("lines")
     * @param firstPurgeAfter when the first purge runs ({@link Duration#ZERO}: right away)
     * @param write writes one batch (at most 500 rows), in one transaction
     * @param purge deletes what is past the retention
     */
    public BatchWriter(String threadName, Logger log, String what, Duration purgeEvery, Duration firstPurgeAfter,
            Consumer<List<R>> write, Runnable purge) {
        this.log = log;
        this.what = what;
        this.purgeEvery = purgeEvery;
        this.write = write;
        this.purge = purge;
        this.nextPurgeNanos = System.nanoTime() + firstPurgeAfter.toNanos();
        this.writer = Thread.ofPlatform().daemon().name(threadName).start(this::run);
    }

    /** Queues a row; never blocks, never throws (a row that does not fit is dropped and counted). */
    public void add(R row) {
        if (closed) return;
        if (queue.offer(row)) accepted.incrementAndGet();
        else dropped.incrementAndGet();
    }

    /** Waits (up to 10 s) until every row accepted so far is written (or dropped). */
    public void flush() {
        long target = accepted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handled.get() < target && System.nanoTime() < deadline && writer.isAlive()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<R> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                R first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    write.accept(batch);
                    handled.addAndGet(batch.size());
                    batch.clear();
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) log.warn("{} {} dropped (the writer fell behind)", lost, what);
                if (System.nanoTime() - nextPurgeNanos >= 0) {
                    nextPurgeNanos = System.nanoTime() + purgeEvery.toNanos();
                    purge.run();
                }
            } catch (InterruptedException e) {
                if (!closed) Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                handled.addAndGet(batch.size());
                if (!batch.isEmpty()) log.warn("{} {} not stored: {}", batch.size(), what, e.getMessage());
                else log.warn("cannot purge old {}: {}", what, e.getMessage());
                batch.clear();
            }
        }
    }

    /** Writes what is queued (waiting up to 10 s), then stops the thread. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

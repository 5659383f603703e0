package dev.homebase.server.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realtime dispatch threads ("lanes"). Each connection belongs to one lane for its whole life ({@link #assign},
 * round robin at connect), and only that lane sends to it; every piece of work (an event, a user change) is handed
 * to every lane, in one order for all lanes, and each lane does the part for its own connections. So the fan-out of
 * one event to a room's members is split over the lanes, while each connection still gets its events, and sees its
 * user's changes, in exactly the order they were submitted.
 *
 * <p>Back-pressure is per submitted piece of work, not per lane: at most {@code capacity} of them may be unfinished
 * (on any lane) at once; past that {@link #submit} refuses, and the work is done by no lane (an event is dropped for
 * everyone, never delivered to some connections only).
 */
final class DispatchLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DispatchLanes.class);

    /** One dispatch thread and its queue. */
    static final class Lane {
        private final int index;
        private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
        /** Connections left with batched frames by the events this lane sent so far (this lane's thread only). */
        final List<Subscriber> unflushed = new ArrayList<>();
        /** Events sent batched in a row (this lane's thread only). */
        int batchedInARow;
        private final Thread thread;

        private Lane(int index, String name) {
            this.index = index;
            this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        }

        /** Which lane this is, as {@link Subscriber#lane()} names it. */
        int index() {
            return index;
        }

        /** Whether more work waits behind the piece this lane is doing. */
        boolean moreQueued() {
            return !queue.isEmpty();
        }

        private void run() {
            while (true) {
                Job job;
                try {
                    job = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (job == Job.STOP) return;
                try {
                    job.work.accept(this);
                } catch (RuntimeException | Error e) { // a lane must survive whatever one piece of work does
                    log.warn("Realtime dispatch work failed on lane {}", index, e);
                } finally {
                    job.doneByOneLane();
                }
            }
        }
    }

    /** One piece of work as one lane sees it; {@code left} is shared by the lanes. */
    private record Job(Consumer<Lane> work, AtomicInteger left, AtomicInteger pending) {
        static final Job STOP = new Job(lane -> { }, new AtomicInteger(), new AtomicInteger());

        void doneByOneLane() {
            if (left.decrementAndGet() == 0) pending.decrementAndGet();
        }
    }

    private final Lane[] lanes;
    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger nextLane = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param count how many lanes (threads)
     * @param capacity how many pieces of work may be unfinished at once
     */
    DispatchLanes(int count, int capacity) {
        if (count < 1 || capacity < 1) throw new IllegalArgumentException("lanes and capacity must be positive");
        this.capacity = capacity;
        this.lanes = new Lane[count];
        for (int i = 0; i < count; i++) {
            lanes[i] = new Lane(i, count == 1 ? "realtime-dispatch" : "realtime-dispatch-" + (i + 1));
        }
        for (Lane lane : lanes) lane.thread.start();
    }

    /** How many lanes there are. */
    int count() {
        return lanes.length;
    }

    /** The lane a new connection belongs to, for good: round robin, so the lanes get equal shares. */
    int assign() {
        return Math.floorMod(nextLane.getAndIncrement(), lanes.length);
    }

    /**
     * Hands {@code work} to every lane (each runs it once, on its own thread, after everything submitted before).
     *
     * @return false, and nothing done, when {@code capacity} pieces are still unfinished or the lanes are closed
     */
    boolean submit(Consumer<Lane> work) {
        if (closed) return false;
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            return false;
        }
        AtomicInteger left = new AtomicInteger(lanes.length);
        synchronized (this) { // one order for every lane: two concurrent submits reach all queues in the same order
            for (Lane lane : lanes) lane.queue.add(new Job(work, left, pending));
        }
        return true;
    }

    /** Pieces of work submitted and not yet finished by every lane. */
    int pending() {
        return pending.get();
    }

    /** Stops taking work, lets the lanes finish what is queued for up to {@code wait}, then stops them. */
    void close(long wait, TimeUnit unit) {
        closed = true;
        synchronized (this) {
            for (Lane lane : lanes) lane.queue.add(Job.STOP);
        }
        long deadline = System.nanoTime() + unit.toNanos(wait);
        for (Lane lane : lanes) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Lane lane : lanes) {
            if (lane.thread.isAlive()) lane.thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(2, TimeUnit.SECONDS);
    }
}

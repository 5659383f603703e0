package dev.homebase.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's one writer, shared (group commit): write transactions go to one thread, which runs those that arrived
 * while it was busy in one database transaction, each inside a savepoint of its own, and commits them together with
 * one sync of the write-ahead log. Each transaction still commits all or nothing: one that fails is rolled back to its
 * savepoint alone and the others commit; a caller hears of its own transaction only after the shared commit, so an
 * acknowledged write is exactly as durable as before. Nobody waits for a group to fill: a transaction arriving at an
 * idle writer runs at once, by itself, and groups form only while the writer is busy.
 *
 * <p>Why: a SQLite commit writes every page its transaction changed to the log and syncs it; N inserts into the same
 * table and indexes change mostly the same pages, so one commit of N costs little more than one commit of one.
 *
 * <p>When SQLite abandons a whole transaction (an interrupted statement: the statement time limit; a full disk), the
 * members that had already run are run again, each in a transaction of its own; nothing of theirs had committed and
 * their after-commit actions had not run, so this is as if they had waited their turn.
 */
final class GroupCommit implements AutoCloseable {
    /** At most this many write transactions share one commit. */
    static final int MAX_GROUP = 32;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** What the owning {@link Database} lends: its connections, one transaction's work, and its error translation. */
    interface Transactions {
        /** A pooled connection with auto-commit off, registered for cancelling on close. */
        Connection open() throws SQLException;

        /** Gives {@code c} back to the pool; with {@code broken}, closes it instead (its transaction state is unknown). */
        void release(Connection c, boolean broken);

        /** Runs {@code work} on {@code c} under its statement limit; its after-commit actions are added to {@code hooks}. */
        Object apply(Connection c, Database.TxFunction<?> work, boolean limited, List<Runnable> hooks) throws SQLException;

        /** The exception a caller gets for {@code e} (a busy pool, a stopped statement, bad input, ...). */
        RuntimeException failure(Exception e);
    }

    /** One write transaction waiting for, or running on, the writer. */
    private static final class Write {
        final Database.TxFunction<?> work;
        final boolean limited;
        /** Set by whoever decides its fate first: the writer taking it, or its caller giving up on it. */
        final AtomicBoolean taken = new AtomicBoolean();
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final List<Runnable> hooks = new ArrayList<>(0);
        Object value;

        Write(Database.TxFunction<?> work, boolean limited) {
            this.work = work;
            this.limited = limited;
        }
    }

    private final Transactions tx;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(Transactions tx) {
        this.tx = tx;
        this.writer = Thread.ofPlatform().name("homebase-sqlite-writer").daemon().start(this::loop);
    }

    /** True on the writer's own thread (work that opens a write transaction inside its own). */
    boolean onWriter() {
        return Thread.currentThread() == writer;
    }

    /** Write transactions waiting for the writer now. */
    int waiting() {
        return queue.size();
    }

    /**
     * Runs {@code work} in a write transaction on the writer and returns its value once it committed; its after-commit
     * actions are added to {@code committed} (for the caller to run). Waits at most {@code waitMillis} for the writer to
     * take it ({@link StoreBusyException} then, with nothing run); once taken it ends within the statement limit.
     */
    @SuppressWarnings("unchecked")
    <T> T run(Database.TxFunction<T> work, boolean limited, long waitMillis, List<Runnable> committed) {
        if (closed) throw new StoreException("The database is closed", null);
        Write w = new Write(work, limited);
        queue.add(w);
        if (closed && w.taken.compareAndSet(false, true)) throw new StoreException("The database is closed", null);
        Object value = Database.awaitResult(w.result, waitMillis, interrupted -> {
            if (!w.taken.compareAndSet(false, true)) return false; // running or done
            queue.remove(w);
            return true;
        });
        committed.addAll(w.hooks);
        return (T) value;
    }

    private void loop() {
        List<Write> group = new ArrayList<>(MAX_GROUP);
        try {
            while (!closed) {
                Write first = queue.take();
                group.clear();
                if (first.taken.compareAndSet(false, true)) group.add(first);
                for (Write next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
                    if (next.taken.compareAndSet(false, true)) group.add(next);
                }
                if (!group.isEmpty()) commit(group);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (Throwable t) {
            log.error("The SQLite writer stopped", t);
            for (Write w : group) w.result.completeExceptionally(t);
            closed = true;
        }
        StoreException gone = new StoreException("The database is closed", null);
        for (Write w; (w = queue.poll()) != null; ) {
            if (w.taken.compareAndSet(false, true)) w.result.completeExceptionally(gone);
        }
    }

    /** Runs {@code group} in one transaction (savepoints when more than one) and completes each member. */
    private void commit(List<Write> group) {
        boolean shared = group.size() > 1;
        List<Write> applied = new ArrayList<>(group.size());
        List<Write> again = new ArrayList<>(0);
        boolean broken = false;
        Connection c;
        try {
            c = tx.open();
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = tx.failure(e);
            for (Write w : group) w.result.completeExceptionally(failure);
            return;
        }
        try {
            for (int i = 0; i < group.size(); i++) {
                Write w = group.get(i);
                try {
                    if (shared) execute(c, "SAVEPOINT hb_write");
                    w.value = tx.apply(c, w.work, w.limited, w.hooks);
                    if (shared) execute(c, "RELEASE hb_write");
                    applied.add(w);
                } catch (SQLException | RuntimeException e) {
                    w.hooks.clear();
                    w.result.completeExceptionally(tx.failure(e));
                    if (shared && rolledBackToSavepoint(c)) continue;
                    // The whole transaction is gone: what ran before it runs again, as does the rest of the group.
                    broken |= !rollBack(c);
                    for (Write done : applied) done.hooks.clear();
                    again.addAll(applied);
                    applied.clear();
                    again.addAll(group.subList(i + 1, group.size()));
                    break;
                }
            }
            if (!applied.isEmpty()) {
                try {
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    broken |= !rollBack(c);
                    RuntimeException failure = tx.failure(e);
                    for (Write w : applied) w.result.completeExceptionally(failure);
                    applied.clear();
                }
            } else {
                broken |= !rollBack(c);
            }
        } finally {
            tx.release(c, broken);
        }
        for (Write w : applied) w.result.complete(w.value);
        for (Write w : again) commit(List.of(w));
    }

    /** After a member failed: undoes its changes alone; false when SQLite had already abandoned the transaction. */
    private static boolean rolledBackToSavepoint(Connection c) {
        try {
            execute(c, "ROLLBACK TO hb_write");
            execute(c, "RELEASE hb_write");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Rolls back what is left of the transaction on {@code c}; false when that failed (SQLite had ended it). */
    private static boolean rollBack(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            log.debug("Rollback after a failed write: {}", e.getMessage());
            return false;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Stops the writer; transactions still queued fail with "The database is closed". */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

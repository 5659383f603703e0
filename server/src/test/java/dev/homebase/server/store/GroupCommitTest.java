package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SQLite's writer commits the write transactions that queue up behind a busy one together ({@link GroupCommit}), and
 * each still commits all or nothing: a member that fails (its own exception, a constraint, the statement time limit,
 * which makes SQLite abandon the whole transaction) is undone alone, the others commit, and after-commit actions run
 * only for those that committed.
 */
class GroupCommitTest {
    private static final String COUNT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c";

    private static void insert(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    private static Set<String> keys(Database db) {
        return db.read(c -> {
            Set<String> keys = new TreeSet<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT k FROM t")) {
                while (rs.next()) keys.add(rs.getString(1));
            }
            return keys;
        });
    }

    /** A write that holds the writer until {@code release} opens, so that the writes after it queue up as one group. */
    private static Future<?> holdWriter(ExecutorService threads, Database db, CountDownLatch holding, CountDownLatch release) {
        return threads.submit(() -> db.useTx(c -> {
            insert(c, "first");
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    /** A write of {@code key} whose after-commit action adds it to {@code hooks}. */
    private static Database.TxConsumer recorded(Database db, String key, java.util.Collection<String> hooks) {
        return c -> {
            insert(c, key);
            db.afterCommit(c, () -> hooks.add(key));
        };
    }

    /** Submits {@code work} as a write transaction and waits until it is the {@code n}th waiting for the writer. */
    private static Future<?> queued(ExecutorService threads, Database db, int n, Database.TxConsumer work) throws InterruptedException {
        Future<?> f = threads.submit(() -> db.useTx(work));
        awaitQueued(db, n);
        return f;
    }

    /** Waits until {@code n} write transactions wait for the writer. */
    private static void awaitQueued(Database db, int n) throws InterruptedException {
        for (int i = 0; i < 500 && db.writersWaiting() < n; i++) Thread.sleep(10);
        assertEquals(n, db.writersWaiting());
    }

    @Test
    void concurrentWritesAllCommitAndEachRunsItsOwnAfterCommitActions() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            db.useTx(c -> c.createStatement().execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            Set<String> hooks = ConcurrentHashMap.newKeySet();
            List<Future<String>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "k" + i;
                writes.add(threads.submit(() -> db.inTx(c -> {
                    insert(c, key);
                    db.afterCommit(c, () -> hooks.add(key));
                    return key;
                })));
            }
            Set<String> answered = new TreeSet<>();
            for (Future<String> w : writes) answered.add(w.get(30, TimeUnit.SECONDS));
            assertEquals(200, answered.size());
            assertEquals(answered, keys(db));
            assertEquals(answered, new TreeSet<>(hooks));
        }
    }

    @Test
    void aMemberThatFailsIsUndoneAloneAndTheRestOfItsGroupCommits() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            db.useTx(c -> c.createStatement().execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            db.useTx(c -> insert(c, "taken"));
            Set<String> hooks = ConcurrentHashMap.newKeySet();
            CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> first = holdWriter(threads, db, holding, release);
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            List<Future<?>> group = new ArrayList<>();
            group.add(queued(threads, db, 1, recorded(db, "a", hooks)));
            group.add(queued(threads, db, 2, c -> {
                insert(c, "thrown");
                db.afterCommit(c, () -> hooks.add("thrown"));
                throw new IllegalStateException("the work's own failure");
            }));
            group.add(queued(threads, db, 3, c -> { insert(c, "b"); insert(c, "taken"); })); // a constraint, late
            group.add(queued(threads, db, 4, recorded(db, "c", hooks)));
            release.countDown();
            first.get(10, TimeUnit.SECONDS);

            assertNull(group.get(0).get(10, TimeUnit.SECONDS));
            Exception thrown = assertThrows(Exception.class, () -> group.get(1).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, thrown.getCause());
            Exception constraint = assertThrows(Exception.class, () -> group.get(2).get(10, TimeUnit.SECONDS));
            assertInstanceOf(RuntimeException.class, constraint.getCause());
            assertNull(group.get(3).get(10, TimeUnit.SECONDS));
            assertEquals(new TreeSet<>(List.of("a", "c", "first", "taken")), keys(db));
            assertEquals(new TreeSet<>(List.of("a", "c")), new TreeSet<>(hooks));
        }
    }

    @Test
    void aStatementStoppedByTheLimitInAGroupFailsAloneAndTheOthersCommit() throws Exception {
        QueryLimits limits = new QueryLimits(Duration.ofMillis(300), Duration.ofSeconds(20));
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE), limits);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            db.useTx(c -> c.createStatement().execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            Set<String> hooks = ConcurrentHashMap.newKeySet();
            CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> first = threads.submit(() -> db.inMaintenanceTx(c -> { // unlimited: may hold the writer
                insert(c, "first");
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            List<Future<?>> group = new ArrayList<>();
            group.add(queued(threads, db, 1, recorded(db, "a", hooks)));
            group.add(queued(threads, db, 2, c -> {
                insert(c, "slow");
                db.afterCommit(c, () -> hooks.add("slow"));
                try (ResultSet rs = c.createStatement().executeQuery(COUNT)) {
                    rs.next();
                }
            }));
            group.add(queued(threads, db, 3, recorded(db, "b", hooks)));
            release.countDown();
            first.get(10, TimeUnit.SECONDS);

            assertNull(group.get(0).get(20, TimeUnit.SECONDS));
            Exception stopped = assertThrows(Exception.class, () -> group.get(1).get(20, TimeUnit.SECONDS));
            assertInstanceOf(QueryTimeoutException.class, stopped.getCause());
            assertNull(group.get(2).get(20, TimeUnit.SECONDS));
            assertEquals(new TreeSet<>(List.of("a", "b", "first")), keys(db));
            assertEquals(new TreeSet<>(List.of("a", "b")), new TreeSet<>(hooks));
        }
    }

    @Test
    void whenTheWholeTransactionIsLostTheMembersBeforeRunAgainAndCommitOnce() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            db.useTx(c -> c.createStatement().execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            List<String> hooks = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> first = holdWriter(threads, db, holding, release);
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            List<Future<?>> group = new ArrayList<>();
            group.add(queued(threads, db, 1, recorded(db, "a", hooks)));
            group.add(queued(threads, db, 2, c -> {
                insert(c, "lost");
                db.afterCommit(c, () -> hooks.add("lost"));
                c.createStatement().execute("ROLLBACK"); // as SQLite does on a full disk: the whole transaction ends
                throw new SQLException("disk full");
            }));
            group.add(queued(threads, db, 3, recorded(db, "b", hooks)));
            release.countDown();
            first.get(10, TimeUnit.SECONDS);

            assertNull(group.get(0).get(10, TimeUnit.SECONDS));
            assertThrows(Exception.class, () -> group.get(1).get(10, TimeUnit.SECONDS));
            assertNull(group.get(2).get(10, TimeUnit.SECONDS));
            assertEquals(new TreeSet<>(List.of("a", "b", "first")), keys(db));
            assertEquals(List.of("a", "b"), hooks.stream().sorted().toList());
        }
    }
}

package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The time limits of {@link Database} transactions on SQLite and PostgreSQL: a statement past the
 * limit is stopped and its connection returns to the pool; the limit is per statement, not per
 * transaction; a full pool and a caller past its share are "busy", not errors; closing cancels
 * what still runs.
 */
class QueryLimitsTest {
    /** Counts to {@code n} in SQL: the same busy statement on both databases. */
    private static final String COUNT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) FROM c";
    private static final long FOREVER = 10_000_000_000L;

    private static long count(Connection c, long n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setLong(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Database open(TestDatabases.Kind kind, long timeoutMillis, long waitMillis) {
        return Database.open(TestDatabases.freshUrl(kind), new QueryLimits(Duration.ofMillis(timeoutMillis), Duration.ofMillis(waitMillis)));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aStatementPastTheLimitIsStoppedAndItsConnectionReturns(TestDatabases.Kind kind) {
        try (Database db = open(kind, 300, 2000)) {
            // More stopped statements than the pool has connections: each one gave its connection back.
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                QueryTimeoutException e = assertThrows(QueryTimeoutException.class, () -> db.read(c -> count(c, FOREVER)));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals("Query took too long", e.getMessage());
                assertTrue(ms < 2000, "stopped after " + ms + " ms");
            }
            assertEquals(1000L, (long) db.read(c -> count(c, 1000)));
            // A write rolled back by the limit leaves nothing behind.
            db.useTx(c -> c.createStatement().execute("CREATE TABLE t (x INTEGER)"));
            assertThrows(QueryTimeoutException.class, () -> db.useTx(c -> {
                c.createStatement().execute("INSERT INTO t VALUES (1)");
                count(c, FOREVER);
            }));
            long left = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(0L, left);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void maintenanceWorkIsNotLimitedAndTheLimitHoldsAgainAfterIt(TestDatabases.Kind kind) {
        try (Database db = open(kind, 300, 2000)) {
            long n = 3_000_000; // well past 300 ms on either database
            assertThrows(QueryTimeoutException.class, () -> db.read(c -> count(c, n)));
            assertEquals(n, (long) db.inMaintenanceTx(c -> count(c, n)));
            // The lift ended with its transaction: reads and writes on the pool's connections are limited again.
            for (int i = 0; i < 3; i++) {
                assertThrows(QueryTimeoutException.class, () -> db.read(c -> count(c, FOREVER)));
                assertThrows(QueryTimeoutException.class, () -> db.inTx(c -> count(c, FOREVER)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theLimitIsPerStatementNotPerTransaction(TestDatabases.Kind kind) {
        try (Database db = open(kind, 300, 2000)) {
            long total = db.<Long>read(c -> {
                long sum = 0;
                for (int i = 0; i < 5; i++) {
                    sleep(100);
                    sum += count(c, 20_000); // quick, yet enough steps for SQLite's progress handler to look at the clock
                }
                return sum;
            });
            assertEquals(100_000L, total);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void thePostgresPoolHasTheConfiguredSize(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind), new QueryLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), 7))) {
            int size = ((HikariDataSource) db.dataSource()).getMaximumPoolSize();
            assertEquals(kind == TestDatabases.Kind.POSTGRES ? 7 : 8, size, "SQLite keeps its own pool of 8");
        }
        try (Database db = Database.open(TestDatabases.freshUrl(kind), QueryLimits.defaults())) {
            int size = ((HikariDataSource) db.dataSource()).getMaximumPoolSize();
            assertEquals(kind == TestDatabases.Kind.POSTGRES ? QueryLimits.DEFAULT_POSTGRES_POOL_SIZE : 8, size);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aFullPoolIsBusyNotAnError(TestDatabases.Kind kind) throws Exception {
        try (Database db = open(kind, 5000, 300)) {
            int size = ((HikariDataSource) db.dataSource()).getMaximumPoolSize();
            warm(db, size);
            CountDownLatch holding = new CountDownLatch(size);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> holders = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                holders.add(Thread.ofPlatform().start(() -> db.read(c -> {
                    holding.countDown();
                    await(release);
                    return null;
                })));
            }
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the holders did not all get a connection");
            long start = System.nanoTime();
            StoreBusyException e = assertThrows(StoreBusyException.class, () -> db.read(c -> count(c, 1)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 2000, "gave up after " + ms + " ms");
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            release.countDown();
            for (Thread t : holders) t.join();
            assertEquals(1L, (long) db.read(c -> count(c, 1)));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void oneCallerHoldsAtMostHalfThePool(TestDatabases.Kind kind) throws Exception {
        try (Database db = open(kind, 5000, 300)) {
            int share = ((HikariDataSource) db.dataSource()).getMaximumPoolSize() / 2;
            warm(db, 2 * share);
            CountDownLatch holding = new CountDownLatch(share);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> holders = new ArrayList<>();
            for (int i = 0; i < share; i++) {
                holders.add(Thread.ofPlatform().start(() -> {
                    PoolShares.actingFor("ann");
                    db.read(c -> {
                        holding.countDown();
                        await(release);
                        return null;
                    });
                }));
            }
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the holders did not all get a connection");
            AtomicReference<Throwable> annAgain = new AtomicReference<>();
            Thread ann = Thread.ofPlatform().start(() -> {
                PoolShares.actingFor("ann");
                try {
                    db.read(c -> count(c, 1));
                } catch (Throwable t) {
                    annAgain.set(t);
                }
            });
            ann.join();
            assertTrue(annAgain.get() instanceof StoreBusyException, String.valueOf(annAgain.get()));
            AtomicReference<Long> bob = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                PoolShares.actingFor("bob");
                bob.set(db.read(c -> count(c, 7)));
            });
            other.join();
            assertEquals(7L, bob.get(), "another caller is served while the first one holds its share");
            release.countDown();
            for (Thread t : holders) t.join();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void closingCancelsWhatStillRuns(TestDatabases.Kind kind) throws Exception {
        Database db = open(kind, 60_000, 2000);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread running = Thread.ofPlatform().start(() -> {
            try {
                db.read(c -> {
                    started.countDown();
                    return count(c, FOREVER);
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        started.await();
        sleep(200);
        long start = System.nanoTime();
        db.close();
        running.join(5000);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(!running.isAlive(), "the statement still runs " + ms + " ms after close");
        assertTrue(outcome.get() != null, "the statement was stopped");
    }

    /**
     * Waits until the pool holds {@code size} open connections, so that the holders of a test take ready connections
     * and none of them gives up (after the test's short connection wait) while a new connection is still being opened
     * on a busy machine.
     */
    private static void warm(Database db, int size) throws InterruptedException {
        var pool = ((HikariDataSource) db.dataSource()).getHikariPoolMXBean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.getTotalConnections() < size && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(size, pool.getTotalConnections(), "the pool did not fill");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

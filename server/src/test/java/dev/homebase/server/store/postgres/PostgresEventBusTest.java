package dev.homebase.server.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.EventBus;
import dev.homebase.server.store.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN/NOTIFY bus between nodes, on a real PostgreSQL: messages reach the other nodes in order and whole (large
 * ones by reference), never the sender, equal messages are not merged, a dropped listening connection comes back, and
 * by-reference rows are purged. On SQLite the bus is in-process.
 */
class PostgresEventBusTest {

    @Test
    void messagesCrossNodesInOrderLargeOnesByReference() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        try (Database db = Database.open(url);
             PostgresEventBus a = new PostgresEventBus(db, url, "node-a");
             PostgresEventBus b = new PostgresEventBus(db, url, "node-b")) {
            BlockingQueue<String> toA = new LinkedBlockingQueue<>();
            BlockingQueue<String> toB = new LinkedBlockingQueue<>();
            a.subscribe(toA::add);
            b.subscribe(toB::add);
            await(() -> a.listening() && b.listening(), "both listening");

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String m = i % 50 == 7 ? "{\"n\":" + i + ",\"big\":\"" + "é".repeat(PostgresEventBus.MAX_INLINE_BYTES) + "\"}" : "{\"n\":" + i + "}";
                sent.add(m);
                a.publish(m);
            }
            for (int i = 0; i < 3; i++) a.publish("same"); // likely one batch: PostgreSQL merges equal payloads of a transaction
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 303; i++) {
                String m = toB.poll(10, TimeUnit.SECONDS);
                assertNotNull(m, "message " + i + " of 303 on node B; " + b.stats());
                got.add(m);
            }
            sent.addAll(List.of("same", "same", "same"));
            assertEquals(sent, got, "every message, whole, in order");
            assertEquals(6, count(url), "the six large messages went through the table");
            assertNull(toA.poll(300, TimeUnit.MILLISECONDS), "a node never hears its own messages");

            // The listening connection drops: the listener connects again and later messages arrive.
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'homebase-listen-node-b'");
            }
            boolean heard = false;
            for (int i = 0; i < 60 && !heard; i++) {
                a.publish("after-" + i);
                String m = toB.poll(250, TimeUnit.MILLISECONDS);
                heard = m != null && m.startsWith("after-");
            }
            assertTrue(heard, "node B listens again; " + b.stats());
            assertTrue(b.stats().contains("reconnects=1"), b.stats());

            // A node that keeps rows for no time purges them.
            try (PostgresEventBus purger = new PostgresEventBus(db, url, "node-c", Duration.ZERO, Duration.ZERO)) {
                await(() -> count(url) == 0, "old by-reference rows purged");
            }
        }
    }

    @Test
    void messagesSentInsideAWriteTransactionArriveAtItsCommitAndNeverAfterARollback() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        try (Database db = Database.open(url);
             PostgresEventBus a = new PostgresEventBus(db, url, "node-a");
             PostgresEventBus b = new PostgresEventBus(db, url, "node-b")) {
            BlockingQueue<String> toB = new LinkedBlockingQueue<>();
            b.subscribe(toB::add);
            await(() -> a.listening() && b.listening(), "both listening");
            String large = "y".repeat(PostgresEventBus.MAX_INLINE_BYTES + 10);

            // Rolled back: neither the notification nor the row of a large message exists.
            try {
                db.useTx(c -> {
                    a.publish(c, "rolled back");
                    a.publish(c, large);
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // the write failed
            }
            assertNull(toB.poll(300, TimeUnit.MILLISECONDS), "nothing from a rolled-back transaction");
            assertEquals(0, count(url));

            // Committed: both arrive, in order, only once the transaction committed.
            db.useTx(c -> {
                a.publish(c, "first");
                a.publish(c, large);
                try {
                    assertNull(toB.poll(200, TimeUnit.MILLISECONDS), "not before the commit");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("first", toB.poll(10, TimeUnit.SECONDS));
            assertEquals(large, toB.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anAcknowledgedMessageIsWaitedForUntilEveryOtherNodeHandledIt() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        try (Database db = Database.open(url);
             PostgresEventBus a = new PostgresEventBus(db, url, "node-a");
             PostgresEventBus b = new PostgresEventBus(db, url, "node-b");
             PostgresEventBus c = new PostgresEventBus(db, url, "node-c")) {
            List<String> handledByB = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> handledByC = new java.util.concurrent.CopyOnWriteArrayList<>();
            b.subscribe(m -> {
                sleep(300); // a slow handler: the sender still waits for it
                handledByB.add(m);
            });
            c.subscribe(handledByC::add);
            await(() -> a.listening() && b.listening() && c.listening(), "all listening");

            EventBus.Acks acks = db.inTx(conn -> a.publishAcknowledged(conn, "user changed"));
            long start = System.nanoTime();
            acks.await(Duration.ofSeconds(10));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of("user changed"), handledByB, "B handled it before the sender stopped waiting");
            assertEquals(List.of("user changed"), handledByC);
            assertTrue(waitedMs < 5000, "acknowledged, not timed out: " + waitedMs + " ms");

            // Rolled back: never sent, and waiting for it (were it awaited) would just time out; nothing arrives.
            try {
                db.useTx(conn -> {
                    a.publishAcknowledged(conn, "rolled back");
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // the write failed
            }
            Thread.sleep(500);
            assertEquals(1, handledByC.size());
        }
    }

    @Test
    void aLoneNodeHasNobodyToSendToUntilAnotherNodeListens() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Duration heartbeat = Duration.ofMillis(200), ttl = Duration.ofMillis(800);
        try (Database db = Database.open(url);
             PostgresEventBus a = new PostgresEventBus(db, url, "node-a", PostgresEventBus.KEEP, PostgresEventBus.PURGE_EVERY, heartbeat, ttl)) {
            await(a::listening, "A listening");
            await(() -> !a.reachesOtherNodes(), "A alone: nobody to send realtime changes to");
            try (PostgresEventBus b = new PostgresEventBus(db, url, "node-b", PostgresEventBus.KEEP, PostgresEventBus.PURGE_EVERY, heartbeat, ttl)) {
                BlockingQueue<String> toB = new LinkedBlockingQueue<>();
                b.subscribe(toB::add);
                await(b::listening, "B listening");
                await(() -> a.reachesOtherNodes() && b.reachesOtherNodes(), "A heard B's hello, B heard A's answer");
                Thread.sleep(3 * ttl.toMillis()); // past the time to live: the heartbeats keep them present
                assertTrue(a.reachesOtherNodes() && b.reachesOtherNodes(), a.stats() + " / " + b.stats());
                a.publish("to B");
                assertEquals("to B", toB.poll(10, TimeUnit.SECONDS));
                assertNull(toB.poll(300, TimeUnit.MILLISECONDS), "hello, present and heartbeats are not messages");
            }
            await(() -> !a.reachesOtherNodes(), "B stopped: dropped after the time to live");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void sqliteHasAnInProcessBus() {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE));
             EventBus bus = EventBus.open(db, "n1")) {
            List<String> heard = new ArrayList<>();
            bus.subscribe(heard::add);
            bus.publish("x");
            assertEquals(List.of(), heard, "one node: nothing comes back");
            assertTrue(!(bus instanceof PostgresEventBus));
        }
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        try (Database db = Database.open(url); EventBus bus = EventBus.open(db, "n1")) {
            assertInstanceOf(PostgresEventBus.class, bus);
        }
    }

    private static int count(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM realtime_events")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }
}

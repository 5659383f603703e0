package dev.homebase.server.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.auth.TestClock;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sign-ins in flight on their real store, SQLite and PostgreSQL. */
class OAuthStatesTest {
    private final TestClock clock = new TestClock();

    private String start(OAuthStates states, String browser) {
        return states.put(new OAuthStates.Pending("app", "google", "http://x/cb", "/", null, "n", "v",
                OAuthStates.hash(browser), states.expiry()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void aStateIsTakenOnceAndOnlyByTheBrowserThatStartedIt(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            OAuthStates states = new OAuthStates(db, clock);
            String state = start(states, "browser-a");
            assertTrue(states.take(state, "browser-b").isEmpty(), "another browser");
            assertTrue(states.take(state, null).isEmpty(), "no cookie");
            OAuthStates.Pending p = states.take(state, "browser-a").orElseThrow();
            assertEquals(new OAuthStates.Pending("app", "google", "http://x/cb", "/", null, "n", "v", OAuthStates.hash("browser-a"),
                    p.expiresAt()), p, "the rightful browser still can, and gets everything back");
            assertTrue(states.take(state, "browser-a").isEmpty(), "single use");
            assertTrue(states.take(null, "browser-a").isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void aStateExpiresAfterTenMinutesAndIsPurged(TestDatabases.Kind kind) throws SQLException {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            OAuthStates states = new OAuthStates(db, clock);
            String late = start(states, "b");
            String inTime = start(states, "b");
            String never = start(states, "b");
            assertNotEquals(late, inTime);
            clock.advance(OAuthStates.TTL.minusSeconds(1));
            assertTrue(states.take(inTime, "b").isPresent());
            clock.advance(Duration.ofSeconds(1));
            assertTrue(states.take(late, "b").isEmpty(), "expired");
            assertEquals(1, rows(db));
            start(states, "c");
            assertEquals(1, rows(db), "a start deletes the expired sign-ins");
            assertTrue(states.take(never, "b").isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void aSignInStartedOnOneNodeIsTakenOnceAcrossNodes(TestDatabases.Kind kind) throws Exception {
        String url = TestDatabases.freshUrl(kind);
        try (Database a = Database.open(url); Database b = Database.open(url); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            OAuthStates nodeA = new OAuthStates(a, clock);
            OAuthStates nodeB = new OAuthStates(b, clock);
            for (int round = 0; round < 5; round++) {
                String state = start(nodeA, "browser");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<OAuthStates.Pending>>> callbacks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    OAuthStates node = i % 2 == 0 ? nodeA : nodeB;
                    callbacks.add(pool.submit(() -> {
                        go.await();
                        return node.take(state, "browser");
                    }));
                }
                go.countDown();
                int taken = 0;
                for (Future<Optional<OAuthStates.Pending>> f : callbacks) taken += f.get().isPresent() ? 1 : 0;
                assertEquals(1, taken, "eight concurrent callbacks on two nodes: one gets the sign-in");
            }
            assertEquals(0, rows(a));
        }
    }

    private static int rows(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM oauth_states")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package dev.homebase.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.server.config.RateLimits;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rate limiter on its real store, SQLite and PostgreSQL. */
class RateLimiterTest {
    private final TestClock clock = new TestClock();
    private final RateLimits.Rule twoPerMinute = new RateLimits.Rule(2, Duration.ofMinutes(1));

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void countsPerKeyAndResetsAfterTheWindow(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RateLimiter limiter = new RateLimiter(db, clock);
            limiter.check("a", twoPerMinute);
            limiter.check("a", twoPerMinute);
            AuthException e = assertThrows(AuthException.class, () -> limiter.check("a", twoPerMinute));
            assertEquals(AuthException.Kind.TOO_MANY, e.kind());
            assertEquals("Too many requests. Please try again in 60 seconds.", e.getMessage());
            assertEquals(60, e.retryAfterSeconds());
            clock.advance(Duration.ofMillis(59_001));
            assertEquals(1, assertThrows(AuthException.class, () -> limiter.check("a", twoPerMinute)).retryAfterSeconds(),
                    "rounded up to whole seconds");
            limiter.check("b", twoPerMinute);
            clock.advance(Duration.ofMillis(999));
            limiter.check("a", twoPerMinute);
            limiter.check("a", twoPerMinute);
            assertEquals(60, assertThrows(AuthException.class, () -> limiter.check("a", twoPerMinute)).retryAfterSeconds(),
                    "a new window started at the first hit after the old one ended");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void limitersOnOneDatabaseShareTheirCounts(TestDatabases.Kind kind) {
        String url = TestDatabases.freshUrl(kind);
        try (Database a = Database.open(url); Database b = Database.open(url)) {
            RateLimiter nodeA = new RateLimiter(a, clock);
            RateLimiter nodeB = new RateLimiter(b, clock);
            nodeA.check("login:ip:10.0.0.1", twoPerMinute);
            nodeB.check("login:ip:10.0.0.1", twoPerMinute);
            assertThrows(AuthException.class, () -> nodeA.check("login:ip:10.0.0.1", twoPerMinute));
            assertThrows(AuthException.class, () -> nodeB.check("login:ip:10.0.0.1", twoPerMinute));
            nodeB.check("login:ip:10.0.0.2", twoPerMinute);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void concurrentHitsAreEachCountedOnce(TestDatabases.Kind kind) throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl(kind)); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            RateLimiter limiter = new RateLimiter(db, clock);
            RateLimits.Rule hundred = new RateLimits.Rule(100, Duration.ofMinutes(1));
            List<Future<Integer>> refusals = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                refusals.add(pool.submit(() -> {
                    int refused = 0;
                    for (int i = 0; i < 25; i++) {
                        try {
                            limiter.check("k", hundred);
                        } catch (AuthException e) {
                            refused++;
                        }
                    }
                    return refused;
                }));
            }
            int refused = 0;
            for (Future<Integer> f : refusals) refused += f.get();
            assertEquals(100, refused, "200 hits on a limit of 100: exactly 100 refused");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void endedWindowsArePurgedAndKeysAreStoredHashed(TestDatabases.Kind kind) throws SQLException {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            RateLimiter limiter = new RateLimiter(db, clock);
            limiter.check("mail:email:app:ann@example.test", twoPerMinute);
            limiter.check("login:ip:10.0.0.9", new RateLimits.Rule(5, Duration.ofMinutes(5)));
            assertEquals(List.of(), keysContaining(db, "ann@example.test"));
            assertEquals(List.of(), keysContaining(db, "10.0.0.9"));
            assertEquals(0, limiter.purgeExpired());
            clock.advance(Duration.ofMinutes(1));
            assertEquals(1, limiter.purgeExpired(), "the one-minute window ended");
            assertEquals(1, rows(db));
            // A purged key starts afresh.
            limiter.check("mail:email:app:ann@example.test", twoPerMinute);
            limiter.check("mail:email:app:ann@example.test", twoPerMinute);
            clock.advance(Duration.ofMinutes(3));
            assertEquals(1, limiter.purgeExpired(), "the new one-minute window ended, the five-minute one not yet");
            assertEquals(1, rows(db));
        }
    }

    @Test
    void unlimitedNeverRefusesNorWrites() throws SQLException {
        try (Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE))) {
            RateLimiter limiter = new RateLimiter(db, clock);
            for (int i = 0; i < 1000; i++) limiter.check("a", RateLimits.Rule.unlimited());
            assertEquals(0, rows(db));
        }
    }

    @Test
    void limitsAreReadFromTheEnvironmentSetting() {
        assertEquals(RateLimits.DEFAULT, RateLimits.parse("on"));
        assertEquals(RateLimits.DEFAULT, RateLimits.parse(null));
        assertEquals(RateLimits.UNLIMITED, RateLimits.parse(" OFF "));
        RateLimits r = RateLimits.parse("login_ip=300/5m, mail_email=2/90s,verify_ip=0/1h");
        assertEquals(new RateLimits.Rule(300, Duration.ofMinutes(5)), r.loginPerIp());
        assertEquals(new RateLimits.Rule(2, Duration.ofSeconds(90)), r.mailPerEmail());
        assertEquals(new RateLimits.Rule(0, Duration.ofHours(1)), r.verifyPerIp());
        assertEquals(RateLimits.DEFAULT.loginPerEmail(), r.loginPerEmail(), "unnamed limits keep their defaults");
        assertEquals(RateLimits.DEFAULT.mailPerIp(), r.mailPerIp());
        for (String bad : new String[] {"sometimes", "login_ip=10", "login_ip=10/5d", "logins=1/1m", "login_ip=1/0s"}) {
            assertThrows(IllegalArgumentException.class, () -> RateLimits.parse(bad), bad);
        }
    }

    private static int rows(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rate_limits")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> keysContaining(Database db, String text) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_hash FROM rate_limits")) {
            while (rs.next()) if (rs.getString(1).contains(text)) out.add(rs.getString(1));
        }
        return out;
    }
}

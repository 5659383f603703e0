package dev.homebase.server.applogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.LogRetention;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention of page views and analytics events, and the never-failing writer, on SQLite and PostgreSQL. */
class AppLogsTest {
    private static final AppLogReads.Filter ALL = new AppLogReads.Filter(null, null, null, null);

    private static AppLogs.Event event(String name) {
        return new AppLogs.Event(name, null, null, null, "s", null);
    }

    private static long events(Database db, String appId) {
        return db.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM analytics_events WHERE app_id = ?")) {
                ps.setString(1, appId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void keepsTheNewestRowsPerAppAndNoneTooOld(TestDatabases.Kind kind) {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            // Ten days ago: two views and an event of app "a".
            try (AppLogs old = new AppLogs(db, Clock.fixed(now.minus(Duration.ofDays(10)), ZoneOffset.UTC),
                    new LogRetention.Policy(1000, Duration.ofDays(365), Duration.ofDays(1)))) {
                old.pageView("a", "old-1", null, null);
                old.pageView("a", "old-2", null, null);
                old.events("a", List.of(event("old")));
                old.flush();
            }
            LogRetention.Policy keep = new LogRetention.Policy(3, Duration.ofDays(7), Duration.ofDays(1));
            try (AppLogs logs = new AppLogs(db, Clock.fixed(now, ZoneOffset.UTC), keep)) {
                for (int i = 1; i <= 5; i++) logs.pageView("a", "p" + i, "u" + i, null);
                logs.pageView("b", "x".repeat(AppLogs.MAX_PAGE_NAME + 50), null, null);
                logs.events("a", List.of(event("e1"), event("e2"), event("e3"), event("e4")));
                logs.events("b", List.of(event("e1")));
                logs.flush();
                assertEquals(7, logs.reads().list("a", ALL, 100, 0).total());

                int deleted = logs.purge();
                assertEquals(2 + 1 + 2 + 1, deleted, "2 old views, 1 old event, then the 2 oldest new views and the oldest new event");
                AppLogReads.Page a = logs.reads().list("a", ALL, 100, 0);
                assertEquals(3, a.total());
                assertEquals(List.of("p5", "p4", "p3"), a.items().stream().map(AppLogReads.View::pageName).toList());
                assertEquals(3, events(db, "a"));
                AppLogReads.Page b = logs.reads().list("b", ALL, 100, 0);
                assertEquals(1, b.total(), "other apps keep their own rows");
                assertEquals(AppLogs.MAX_PAGE_NAME, b.items().get(0).pageName().length(), "long page names are cut");
                assertEquals(1, events(db, "b"));
                assertEquals(0, logs.purge(), "nothing more to delete");

                AppLogReads.Stats stats = logs.reads().stats("a", new AppLogReads.Filter(null, null, now.minus(Duration.ofDays(1)), null));
                assertEquals(3, stats.pageViews());
                assertEquals(3, stats.activeUsers());
                assertEquals(List.of(new AppLogReads.Group("2026-06-01", 3, 3)), stats.days());
                assertEquals(3, stats.events().size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = "SQLITE")
    void recordingNeverThrowsWhenTheDatabaseIsGone(TestDatabases.Kind kind) {
        Database db = Database.open(TestDatabases.freshUrl(kind));
        try (AppLogs logs = new AppLogs(db, Clock.systemUTC(), AppLogs.defaultRetention())) {
            db.close();
            logs.pageView("a", "home", null, null);
            logs.events("a", List.of(event("x")));
            logs.flush();
            assertTrue(true, "no exception reached the caller");
        }
    }
}

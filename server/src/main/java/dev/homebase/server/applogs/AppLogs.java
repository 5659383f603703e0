package dev.homebase.server.applogs;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.store.BatchWriter;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.LogRetention;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page views and analytics events of the hosted apps, kept in the {@code app_logs} and
 * {@code analytics_events} tables. Recording never blocks and never fails the caller: rows are
 * queued and written in batches by one background thread; when the queue is full or the database
 * refuses a batch, rows are dropped and counted in the server log (a page must load whatever
 * happens to its page view). Retention keeps the newest {@link LogRetention.Policy#maxRowsPerApp} rows of
 * each table per app, none older than {@link LogRetention.Policy#maxAge}. Reads are in {@link AppLogReads}.
 * Thread-safe.
 *
 * <pre>{@code
 * AppLogs logs = new AppLogs(db, Clock.systemUTC(), AppLogs.defaultRetention());
 * logs.pageView(appId, "/dashboard", userId, sessionId);
 * }</pre>
 */
public final class AppLogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppLogs.class);
    /** Longest page name kept; the rest is cut. */
    public static final int MAX_PAGE_NAME = 1000;

    /** 100,000 page views and 100,000 events per app, 90 days, purged every minute. */
    public static LogRetention.Policy defaultRetention() {
        return new LogRetention.Policy(100_000, Duration.ofDays(90), Duration.ofMinutes(1));
    }

    /**
     * One analytics event as the client sent it (api-contract §13).
     *
     * @param name {@code event_name}
     * @param properties {@code properties} as JSON text, or null
     * @param pageUrl {@code page_url}, or null
     * @param userId the user it belongs to, or null
     * @param sessionId {@code session_id}, or null
     * @param time the client's {@code timestamp}, or null
     */
    public record Event(String name, String properties, String pageUrl, String userId, String sessionId, String time) {}

    private sealed interface Row {}

    private record ViewRow(String appId, String page, String userId, String sessionId, String created) implements Row {}

    private record EventRow(String appId, Event event, String created) implements Row {}

    private final Database db;
    private final Clock clock;
    private final LogRetention.Policy retention;
    private final AppLogReads reads;
    private final BatchWriter<Row> writer;

    /** Starts the background writer. */
    public AppLogs(Database db, Clock clock, LogRetention.Policy retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
        this.reads = new AppLogReads(db);
        this.writer = new BatchWriter<>("app-logs", log, "page views or events", retention.purgeEvery(),
                retention.purgeEvery(), this::write, this::purge); // the first purge after one period
    }

    /** The reads (lists, statistics). */
    public AppLogReads reads() {
        return reads;
    }

    /**
     * Records a page view; never blocks, never throws.
     *
     * @param page the page name (cut at {@link #MAX_PAGE_NAME} characters)
     * @param userId the signed-in user, or null
     * @param sessionId the anonymous visitor id, or null
     */
    public void pageView(String appId, String page, String userId, String sessionId) {
        String p = page.length() > MAX_PAGE_NAME ? page.substring(0, MAX_PAGE_NAME) : page;
        add(new ViewRow(appId, p, userId, sessionId, now()));
    }

    /** Records analytics events; never blocks, never throws. */
    public void events(String appId, List<Event> events) {
        String now = now();
        for (Event e : events) add(new EventRow(appId, e, now));
    }

    private String now() {
        return Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private void add(Row row) {
        writer.add(row);
    }

    /** Waits (up to 10 s) until every row accepted so far is written (or dropped). */
    public void flush() {
        writer.flush();
    }

    /**
     * Deletes rows past the retention: older than the maximum age, and beyond the newest
     * {@code maxRowsPerApp} of each app in each table. Returns how many were deleted.
     */
    public int purge() {
        String cutoff = Timestamps.format(LocalDateTime.ofInstant(clock.instant().minus(retention.maxAge()), ZoneOffset.UTC));
        return db.inTx(c -> LogRetention.purge(c, "app_logs", cutoff, retention.maxRowsPerApp())
                + LogRetention.purge(c, "analytics_events", cutoff, retention.maxRowsPerApp()));
    }

    private void write(List<Row> batch) {
        db.useTx(c -> {
            try (PreparedStatement views = c.prepareStatement("INSERT INTO app_logs"
                    + " (app_id, page_name, user_id, session_id, created_date) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement events = c.prepareStatement("INSERT INTO analytics_events (app_id, event_name, properties,"
                         + " page_url, user_id, session_id, event_time, created_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int viewCount = 0;
                int eventCount = 0;
                for (Row row : batch) {
                    switch (row) {
                        case ViewRow v -> {
                            views.setString(1, v.appId());
                            views.setString(2, v.page());
                            views.setString(3, v.userId());
                            views.setString(4, v.sessionId());
                            views.setString(5, v.created());
                            views.addBatch();
                            viewCount++;
                        }
                        case EventRow r -> {
                            Event e = r.event();
                            events.setString(1, r.appId());
                            events.setString(2, e.name());
                            events.setString(3, e.properties());
                            events.setString(4, e.pageUrl());
                            events.setString(5, e.userId());
                            events.setString(6, e.sessionId());
                            events.setString(7, e.time());
                            events.setString(8, r.created());
                            events.addBatch();
                            eventCount++;
                        }
                    }
                }
                if (viewCount > 0) views.executeBatch();
                if (eventCount > 0) events.executeBatch();
            }
        });
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        writer.close();
    }
}

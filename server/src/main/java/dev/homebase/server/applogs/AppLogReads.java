package dev.homebase.server.applogs;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads page views and analytics events back, everything counted and grouped in SQL (the same SQL
 * on SQLite and PostgreSQL: times are naive-UTC text, so a day is its first ten characters).
 * Thread-safe.
 */
public final class AppLogReads {
    /** Most rows of each breakdown (pages, days, events) in {@link #stats}. */
    public static final int MAX_GROUPS = 1000;

    /**
     * Which page views to read; every field is optional (null).
     *
     * @param pageName only this page
     * @param userId only this user
     * @param since at or after this instant
     * @param until before this instant
     */
    public record Filter(String pageName, String userId, Instant since, Instant until) {}

    /** One page view: the page, the signed-in user (or null) and when. */
    public record View(String pageName, String userId, String createdDate) {}

    /** A page of views, newest first, and how many match in all. */
    public record Page(List<View> items, long total) {}

    /** Views and distinct signed-in users of one page, or of one day ({@code key} = {@code YYYY-MM-DD}). */
    public record Group(String key, long views, long users) {}

    /** How often one analytics event was sent. */
    public record EventCount(String eventName, long count) {}

    /**
     * Usage over a time range.
     *
     * @param pageViews page views in all
     * @param activeUsers distinct signed-in users with a page view
     * @param visitors distinct visitors with a page view: signed-in users plus anonymous sessions
     * @param pages views per page, most viewed first
     * @param days views per day (UTC), oldest first
     * @param events analytics events per name, most frequent first
     */
    public record Stats(long pageViews, long activeUsers, long visitors, List<Group> pages, List<Group> days,
                        List<EventCount> events) {}

    private final Database db;

    AppLogReads(Database db) {
        this.db = db;
    }

    /** The page views of {@code appId} matching {@code filter}, newest first. */
    public Page list(String appId, Filter filter, int limit, int skip) {
        Where where = where(appId, filter);
        return db.read(c -> {
            // Counted first: on PostgreSQL each statement sees the rows committed before it, and page views only
            // grow (retention aside), so the page read next holds at least the rows the total counts.
            long total = count(c, "SELECT COUNT(*) FROM app_logs" + where.sql, where);
            List<View> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT page_name, user_id, created_date FROM app_logs"
                    + where.sql + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
                int i = where.bind(ps);
                ps.setInt(i++, limit);
                ps.setInt(i, skip);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) items.add(new View(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return new Page(items, total);
        });
    }

    /** Usage of {@code appId} over the filter's range (and page or user, when given). */
    public Stats stats(String appId, Filter filter) {
        Where views = where(appId, filter);
        Where events = where(appId, new Filter(null, filter.userId(), filter.since(), filter.until()));
        return db.read(c -> {
            long total;
            long users;
            long visitors;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT user_id),"
                    + " COUNT(DISTINCT COALESCE(user_id, 'session:' || session_id)) FROM app_logs" + views.sql)) {
                views.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                    users = rs.getLong(2);
                    visitors = rs.getLong(3);
                }
            }
            List<Group> pages = groups(c, "SELECT page_name, COUNT(*), COUNT(DISTINCT user_id) FROM app_logs" + views.sql
                    + " GROUP BY page_name ORDER BY COUNT(*) DESC, page_name LIMIT " + MAX_GROUPS, views);
            List<Group> days = groups(c, "SELECT substr(created_date, 1, 10), COUNT(*), COUNT(DISTINCT user_id) FROM app_logs"
                    + views.sql + " GROUP BY substr(created_date, 1, 10) ORDER BY substr(created_date, 1, 10) LIMIT " + MAX_GROUPS, views);
            List<EventCount> counts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_name, COUNT(*) FROM analytics_events" + events.sql
                    + " GROUP BY event_name ORDER BY COUNT(*) DESC, event_name LIMIT " + MAX_GROUPS)) {
                events.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) counts.add(new EventCount(rs.getString(1), rs.getLong(2)));
                }
            }
            return new Stats(total, users, visitors, pages, days, counts);
        });
    }

    /** How often one analytics event was sent on one day ({@code date} = {@code YYYY-MM-DD}, UTC). */
    public record DayCount(String date, String eventName, long count) {}

    /**
     * Analytics events of {@code appId} per day and name over the filter's range (its user, when given; its page is
     * ignored), for the {@code top} most frequent names of the range only, oldest day first, names alphabetically
     * within a day. One grouped query: the top names are a subquery.
     *
     * @param top how many event names, 1 to 100
     */
    public List<DayCount> eventsByDay(String appId, Filter filter, int top) {
        if (top < 1 || top > 100) throw new IllegalArgumentException("top must be 1..100");
        Where events = where(appId, new Filter(null, filter.userId(), filter.since(), filter.until()));
        String day = "substr(created_date, 1, 10)";
        String sql = "SELECT " + day + ", event_name, COUNT(*) FROM analytics_events" + events.sql
                + " AND event_name IN (SELECT event_name FROM analytics_events" + events.sql
                + " GROUP BY event_name ORDER BY COUNT(*) DESC, event_name LIMIT " + top + ")"
                + " GROUP BY " + day + ", event_name ORDER BY " + day + ", event_name LIMIT " + (MAX_GROUPS * 10);
        return db.read(c -> {
            List<DayCount> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = events.bind(ps);
                for (String a : events.args()) ps.setString(i++, a);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new DayCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    private static List<Group> groups(Connection c, String sql, Where where) throws SQLException {
        List<Group> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Group(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql, Where where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A WHERE clause over the columns both tables share, with its string parameters. */
    private record Where(String sql, List<String> args) {
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (String a : args) ps.setString(i++, a);
            return i;
        }
    }

    private static Where where(String appId, Filter f) {
        StringBuilder sql = new StringBuilder(" WHERE app_id = ?");
        List<String> args = new ArrayList<>(List.of(appId));
        if (f.pageName() != null) {
            sql.append(" AND page_name = ?");
            args.add(f.pageName());
        }
        if (f.userId() != null) {
            sql.append(" AND user_id = ?");
            args.add(f.userId());
        }
        if (f.since() != null) {
            sql.append(" AND created_date >= ?");
            args.add(naive(f.since()));
        }
        if (f.until() != null) {
            sql.append(" AND created_date < ?");
            args.add(naive(f.until()));
        }
        return new Where(sql.toString(), List.copyOf(args));
    }

    private static String naive(Instant t) {
        return Timestamps.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }
}

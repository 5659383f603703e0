package dev.homebase.server.functions;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.store.BatchWriter;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.LogRetention;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What backend functions print, kept per app: each line of a function's stdout ({@code info}) and
 * stderr ({@code warn}) goes to the server log and to the {@code function_logs} table with the app,
 * the function, the time and the request id of the call that printed it when known. Lines are queued
 * and written in batches by one background thread, never on the request path; when the queue is
 * full, lines are dropped (and counted in the server log). Retention keeps the newest
 * {@link LogRetention.Policy#maxRowsPerApp} lines per app, none older than {@link LogRetention.Policy#maxAge}.
 *
 * <p>Request ids: the server sends each call's id in {@link #REQUEST_ID_HEADER}; the Deno bootstrap
 * tags every line printed while that call runs with {@link #MARK}{@code <id>\u0001}. The values of
 * the app's secrets are replaced by {@code ***} before a line is logged or stored. Thread-safe.
 */
public final class FunctionLogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionLogs.class);
    /** The header carrying the request id to the function. */
    public static final String REQUEST_ID_HEADER = "X-Homebase-Request-Id";
    /** Starts a line the bootstrap tagged with the request id (then the id, then {@code \u0001}). */
    static final String MARK = "\u0001hb:";
    private static final Pattern TAGGED = Pattern.compile("^\u0001hb:([A-Za-z0-9_-]{1,64})\u0001(.*)$", Pattern.DOTALL);
    /** Longest line kept; the rest is cut. */
    static final int MAX_LINE = 4000;
    /** Secret values shorter than this are not redacted (they would blank out ordinary words). */
    private static final int MIN_REDACTED = 4;

    /** 10,000 lines per app, 7 days, purged every minute. */
    public static LogRetention.Policy defaultRetention() {
        return new LogRetention.Policy(10_000, Duration.ofDays(7), Duration.ofMinutes(1));
    }

    /**
     * One stored line.
     *
     * @param level {@code info} (stdout) or {@code warn} (stderr)
     * @param requestId the id of the call that printed it ({@code X-Request-Id} of its response), or null
     * @param time when the server read it, naive UTC with microseconds
     */
    public record Entry(long id, String function, String level, String message, String requestId, String time) {}

    /** A page of lines, newest first, and how many match in all. */
    public record Page(List<Entry> items, long total) {}

    private record Line(String appId, String function, String level, String message, String requestId, String time) {}

    private final Database db;
    private final Clock clock;
    private final LogRetention.Policy retention;
    private final BatchWriter<Line> writer;

    /** Starts the background writer. */
    public FunctionLogs(Database db, Clock clock, LogRetention.Policy retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
        this.writer = new BatchWriter<>("function-logs", log, "function output lines", retention.purgeEvery(), Duration.ZERO,
                this::write, this::purge);
    }

    /**
     * The sink for one process of a function: lines go to the server log and the queue, with the
     * given secret values redacted.
     */
    FunctionProcess.Output output(String appId, String function, String label, Collection<String> secretValues) {
        List<String> redact = secretValues.stream().filter(v -> v != null && v.length() >= MIN_REDACTED)
                .sorted((a, b) -> b.length() - a.length()).toList();
        return (stderr, raw) -> {
            String line = raw;
            String requestId = null;
            Matcher m = TAGGED.matcher(line);
            if (m.matches()) {
                requestId = m.group(1);
                line = m.group(2);
            }
            if (line.indexOf('\0') >= 0) line = line.replace("\0", ""); // not storable in PostgreSQL text
            for (String secret : redact) {
                if (line.contains(secret)) line = line.replace(secret, "***");
            }
            if (line.length() > MAX_LINE) line = line.substring(0, MAX_LINE) + "…";
            // Deno reports each npm/remote module it fetches on stderr: progress, not the function's output.
            if (stderr && line.startsWith("Download http")) {
                log.debug("function {}: {}", label, line);
                return;
            }
            String tag = requestId == null ? "" : " [" + requestId + "]";
            if (stderr) log.warn("function {}{}: {}", label, tag, line);
            else log.info("function {}{}: {}", label, tag, line);
            add(new Line(appId, function, stderr ? "warn" : "info", line, requestId,
                    Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))));
        };
    }

    /**
     * Keeps one line of the platform's own about a function (an automation run, say) with its
     * output: queued like the function's lines, not written to the server log here.
     *
     * @param level {@code info} or {@code warn}
     * @param requestId the id of the call it is about, or null
     */
    public void note(String appId, String function, String level, String message, String requestId) {
        String line = message.length() > MAX_LINE ? message.substring(0, MAX_LINE) + "…" : message;
        add(new Line(appId, function, level, line, requestId, Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))));
    }

    private void add(Line line) {
        writer.add(line);
    }

    /**
     * What to list: every part is optional (null). All of it is one SQL {@code WHERE}, never filtered in Java.
     *
     * @param function lines of this function only
     * @param level lines of this level only ({@code info} or {@code warn})
     * @param text lines whose message contains this text, ignoring case (ASCII case on SQLite)
     * @param since lines at or after this instant
     * @param until lines before this instant
     * @param afterId lines with a greater id (a tail's cursor): then the <em>oldest</em> such lines come first
     */
    public record Filter(String function, String level, String text, Instant since, Instant until, Long afterId) {
        /** Every line. */
        public static Filter all() {
            return new Filter(null, null, null, null, null, null);
        }
    }

    /**
     * The newest lines of {@code appId}, optionally of one function and from a time on.
     *
     * @param function a function name, or null for all
     * @param since only lines at or after this instant, or null
     * @param limit most lines returned
     */
    public Page list(String appId, String function, Instant since, int limit) {
        return list(appId, new Filter(function, null, null, since, null, null), limit);
    }

    /**
     * The lines of {@code appId} that match {@code filter}: the newest first, or, with
     * {@link Filter#afterId}, the oldest after that id first (so a tail asking again with the last id it got
     * sees every line once, in order); {@link Page#total} counts all that match.
     *
     * @param limit most lines returned
     */
    public Page list(String appId, Filter filter, int limit) {
        StringBuilder where = new StringBuilder(" WHERE app_id = ?");
        List<Object> args = new ArrayList<>(List.of(appId));
        if (filter.function() != null) {
            where.append(" AND function_name = ?");
            args.add(filter.function());
        }
        if (filter.level() != null) {
            where.append(" AND level = ?");
            args.add(filter.level());
        }
        if (filter.text() != null) {
            where.append(" AND LOWER(message) LIKE ? ESCAPE '\\'");
            args.add("%" + likeEscaped(filter.text().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.since() != null) {
            where.append(" AND created_date >= ?");
            args.add(Timestamps.format(LocalDateTime.ofInstant(filter.since(), ZoneOffset.UTC)));
        }
        if (filter.until() != null) {
            where.append(" AND created_date < ?");
            args.add(Timestamps.format(LocalDateTime.ofInstant(filter.until(), ZoneOffset.UTC)));
        }
        if (filter.afterId() != null) {
            where.append(" AND id > ?");
            args.add(filter.afterId());
        }
        String order = filter.afterId() != null ? " ORDER BY id ASC" : " ORDER BY id DESC";
        return db.read(c -> {
            List<Entry> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, function_name, level, message, request_id, created_date"
                    + " FROM function_logs" + where + order + " LIMIT ?")) {
                int i = bind(ps, args);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6)));
                    }
                }
            }
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM function_logs" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            return new Page(items, total);
        });
    }

    /** {@code text} with LIKE's wildcards and the escape character taken literally. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long n) ps.setLong(i++, n);
            else ps.setString(i++, (String) a);
        }
        return i;
    }

    /** Waits (up to 10 s) until every line accepted so far is written. */
    public void flush() {
        writer.flush();
    }

    /**
     * Deletes lines past the retention: older than the maximum age, and beyond the newest
     * {@code maxLinesPerApp} of each app. Returns how many were deleted.
     */
    public int purge() {
        String cutoff = Timestamps.format(LocalDateTime.ofInstant(clock.instant().minus(retention.maxAge()), ZoneOffset.UTC));
        return db.inTx(c -> LogRetention.purge(c, "function_logs", cutoff, retention.maxRowsPerApp()));
    }

    private void write(List<Line> batch) {
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO function_logs"
                    + " (app_id, function_name, level, message, request_id, created_date) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Line l : batch) {
                    ps.setString(1, l.appId());
                    ps.setString(2, l.function());
                    ps.setString(3, l.level());
                    ps.setString(4, l.message());
                    ps.setString(5, l.requestId());
                    ps.setString(6, l.time());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        writer.close();
    }
}

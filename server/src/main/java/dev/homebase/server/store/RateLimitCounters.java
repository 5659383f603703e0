package dev.homebase.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Fixed-window hit counters in the {@code rate_limits} table, shared by every node on the database
 * (architecture §4). One hit is one atomic statement: an upsert that starts a new window when the
 * stored one has ended, else adds one, and returns the count and the window start. Concurrent hits
 * on the same key, from any node, each see a distinct count. Thread-safe.
 *
 * <p>Keys are stored as given; callers pass a hash when the key names a person or an address.
 */
public final class RateLimitCounters {
    /** The same statement on SQLite (3.35+) and PostgreSQL; the SET expressions all read the stored row. */
    private static final String HIT = """
            INSERT INTO rate_limits AS r (key_hash, window_start, hits, expires_at) VALUES (?, ?, 1, ?)
            ON CONFLICT (key_hash) DO UPDATE SET
              hits = CASE WHEN r.expires_at <= excluded.window_start THEN 1 ELSE r.hits + 1 END,
              window_start = CASE WHEN r.expires_at <= excluded.window_start THEN excluded.window_start ELSE r.window_start END,
              expires_at = CASE WHEN r.expires_at <= excluded.window_start THEN excluded.expires_at ELSE r.expires_at END
            RETURNING hits, window_start""";

    /**
     * The window a hit landed in.
     *
     * @param start when the window started (epoch millis)
     * @param count the hits in it so far, this one included
     */
    public record Window(long start, int count) {}

    private final Database db;

    public RateLimitCounters(Database db) {
        this.db = db;
    }

    /**
     * Counts one hit on {@code key} at {@code now} (epoch millis) in windows of {@code windowMillis}.
     *
     * @throws StoreException when the database fails
     */
    public Window hit(String key, long now, long windowMillis) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(HIT)) {
                ps.setString(1, key);
                ps.setLong(2, now);
                ps.setLong(3, now + windowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Window(rs.getLong(2), rs.getInt(1));
                }
            }
        });
    }

    /** Deletes the counters whose window ended at or before {@code now}; returns how many. */
    public int purgeExpired(long now) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rate_limits WHERE expires_at <= ?")) {
                ps.setLong(1, now);
                return ps.executeUpdate();
            }
        });
    }
}

package dev.homebase.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The retention purge of a log table (a table with {@code id}, {@code app_id} and
 * {@code created_date} columns, ids growing with time): rows older than a cutoff go, and so do all
 * but the newest rows of each app. Same SQL on both dialects.
 */
public final class LogRetention {
    private LogRetention() {}

    /**
     * How much of a log is kept, per app and per table.
     *
     * @param maxRowsPerApp newest rows kept per app
     * @param maxAge older rows are deleted
     * @param purgeEvery how often old rows are deleted
     */
    public record Policy(int maxRowsPerApp, Duration maxAge, Duration purgeEvery) {
        /** @throws IllegalArgumentException for a number that is not positive */
        public Policy {
            if (maxRowsPerApp < 1) throw new IllegalArgumentException("maxRowsPerApp must be positive");
            if (maxAge.isNegative() || maxAge.isZero()) throw new IllegalArgumentException("maxAge must be positive");
            if (purgeEvery.isNegative() || purgeEvery.isZero()) throw new IllegalArgumentException("purgeEvery must be positive");
        }
    }

    /**
     * Deletes the rows of {@code table} created before {@code cutoff} and those beyond the newest
     * {@code maxRowsPerApp} of each app, in the caller's transaction.
     *
     * @param table a table name of our own (never input)
     * @param cutoff a stored timestamp ({@code Timestamps.format})
     * @return how many rows were deleted
     */
    public static int purge(Connection c, String table, String cutoff, int maxRowsPerApp) throws SQLException {
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE created_date < ?")) {
            ps.setString(1, cutoff);
            deleted = ps.executeUpdate();
        }
        List<String> apps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT app_id FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) apps.add(rs.getString(1));
        }
        for (String appId : apps) {
            Long last = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM " + table + " WHERE app_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                ps.setString(1, appId);
                ps.setInt(2, maxRowsPerApp);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) last = rs.getLong(1);
                }
            }
            if (last == null) continue;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE app_id = ? AND id <= ?")) {
                ps.setString(1, appId);
                ps.setLong(2, last);
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }
}

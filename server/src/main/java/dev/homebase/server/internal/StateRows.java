package dev.homebase.server.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Single-use state rows (a sign-in or a connector connect in flight): the random state handed to the browser, the
 * hash stored in its place (so a database read reveals no usable state), and the sweep with a cap that keeps such a
 * table small. The table needs {@code expires_at} (epoch millis). Thread-safe.
 */
public final class StateRows {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StateRows() {}

    /** 32 random bytes, base64url. */
    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256, base64url. */
    public static String hash(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(value));
    }

    /**
     * In the caller's transaction: deletes the rows of {@code table} expired at {@code nowMillis} and tells whether
     * fewer than {@code max} remain (room for one more). Counts at most {@code max} rows.
     *
     * @param table a constant table name, never user input
     */
    public static boolean sweepAndHasRoom(Connection c, String table, long nowMillis, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
            ps.setLong(1, nowMillis);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM " + table + " LIMIT ?) AS pending")) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) < max;
            }
        }
    }
}

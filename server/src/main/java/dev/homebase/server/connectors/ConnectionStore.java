package dev.homebase.server.connectors;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.internal.StateRows;
import dev.homebase.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The SQL of connectors: connections ({@code connector_connections}, tokens sealed by
 * {@link TokenCipher} before they get here) and connects in flight ({@code connector_states}, by a
 * hash of the state, taken once with {@code DELETE ... RETURNING}). Portable SQL for SQLite and
 * PostgreSQL. Thread-safe.
 */
final class ConnectionStore {
    /** The user id of the app's own (workspace) connection. */
    static final String APP_LEVEL = "";
    static final String ACTIVE = "active";
    static final String NEEDS_RECONNECT = "needs_reconnect";

    /** A stored connection; the token fields are ciphertext. */
    record Row(String accessToken, String refreshToken, Long expiresAt, String scope, String status, String statusReason,
               long refreshClaim) {}

    /** A connect in flight. */
    record Pending(String appId, String connector, String userId, String codeVerifier, String redirectUri, long expiresAt) {}

    /** At most this many connects in flight (the start is reachable by any signed-in user). */
    static final int MAX_PENDING = 10_000;

    private final Database db;
    private final Clock clock;

    ConnectionStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Optional<Row> find(String appId, String connector, String userId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT access_token, refresh_token, expires_at, scope, status, status_reason,"
                    + " refresh_claim FROM connector_connections WHERE app_id = ? AND connector = ? AND user_id = ?")) {
                key(ps, appId, connector, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    long exp = rs.getLong(3);
                    Long expiresAt = rs.wasNull() ? null : exp;
                    return Optional.of(new Row(rs.getString(1), rs.getString(2), expiresAt, rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7)));
                }
            }
        });
    }

    /** Stores (or replaces) a connection as active. */
    void save(String appId, String connector, String userId, String access, String refresh, Long expiresAt, String scope) {
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connector_connections (app_id, connector, user_id, access_token,"
                    + " refresh_token, expires_at, scope, status, status_reason, refresh_claim, updated_date)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?) ON CONFLICT (app_id, connector, user_id) DO UPDATE SET"
                    + " access_token = excluded.access_token, refresh_token = excluded.refresh_token, expires_at = excluded.expires_at,"
                    + " scope = excluded.scope, status = excluded.status, status_reason = NULL, refresh_claim = 0,"
                    + " updated_date = excluded.updated_date")) {
                key(ps, appId, connector, userId);
                ps.setString(4, access);
                ps.setString(5, refresh);
                if (expiresAt == null) ps.setNull(6, Types.BIGINT); else ps.setLong(6, expiresAt);
                ps.setString(7, scope);
                ps.setString(8, ACTIVE);
                ps.setString(9, now());
                ps.executeUpdate();
            }
        });
    }

    /**
     * Claims the refresh of a connection whose token expires at {@code expiresAt}, for {@code holdMillis}:
     * true for exactly one caller across nodes while the claim holds and nobody refreshed it yet.
     */
    boolean claimRefresh(String appId, String connector, String userId, long expiresAt, long holdMillis) {
        long now = clock.millis();
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE connector_connections SET refresh_claim = ? WHERE app_id = ?"
                    + " AND connector = ? AND user_id = ? AND expires_at = ? AND refresh_claim < ? AND status = ?")) {
                ps.setLong(1, now + holdMillis);
                ps.setString(2, appId);
                ps.setString(3, connector);
                ps.setString(4, userId);
                ps.setLong(5, expiresAt);
                ps.setLong(6, now);
                ps.setString(7, ACTIVE);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Gives a claim back without a change (the token endpoint could not be reached). */
    void releaseClaim(String appId, String connector, String userId) {
        update("UPDATE connector_connections SET refresh_claim = 0 WHERE app_id = ? AND connector = ? AND user_id = ?",
                appId, connector, userId);
    }

    /** Marks a connection as needing a reconnect (its grant was refused), with the provider's error code. */
    void needsReconnect(String appId, String connector, String userId, String reason) {
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE connector_connections SET status = ?, status_reason = ?,"
                    + " refresh_claim = 0, updated_date = ? WHERE app_id = ? AND connector = ? AND user_id = ?")) {
                ps.setString(1, NEEDS_RECONNECT);
                ps.setString(2, reason);
                ps.setString(3, now());
                ps.setString(4, appId);
                ps.setString(5, connector);
                ps.setString(6, userId);
                ps.executeUpdate();
            }
        });
    }

    /** Deletes a connection; whether there was one. */
    boolean delete(String appId, String connector, String userId) {
        return update("DELETE FROM connector_connections WHERE app_id = ? AND connector = ? AND user_id = ?", appId, connector, userId) > 0;
    }

    /** Stores a connect in flight under a new state; returns the state. @throws ConnectorException 503 when too many are */
    String putState(Pending p, String state) {
        long now = clock.millis();
        boolean stored = db.inTx(c -> {
            if (!StateRows.sweepAndHasRoom(c, "connector_states", now, MAX_PENDING)) return false;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connector_states (state_hash, app_id, connector, user_id,"
                    + " code_verifier, redirect_uri, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, StateRows.hash(state));
                ps.setString(2, p.appId());
                ps.setString(3, p.connector());
                ps.setString(4, p.userId());
                ps.setString(5, p.codeVerifier());
                ps.setString(6, p.redirectUri());
                ps.setLong(7, p.expiresAt());
                ps.executeUpdate();
            }
            return true;
        });
        if (!stored) throw new ConnectorException(503, "TOO_MANY_CONNECTS", "Too many connects are in progress. Please try again in a minute.");
        return state;
    }

    /** Takes (removes) the connect of {@code state}, if it exists and has not expired; of concurrent takers one gets it. */
    Optional<Pending> takeState(String state) {
        if (state == null || state.isEmpty()) return Optional.empty();
        long now = clock.millis();
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM connector_states WHERE state_hash = ? RETURNING app_id, connector,"
                    + " user_id, code_verifier, redirect_uri, expires_at")) {
                ps.setString(1, StateRows.hash(state));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<Pending>empty();
                    return Optional.of(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6)));
                }
            }
        }).filter(p -> p.expiresAt() > now);
    }

    private int update(String sql, String appId, String connector, String userId) {
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                key(ps, appId, connector, userId);
                return ps.executeUpdate();
            }
        });
    }

    private static void key(PreparedStatement ps, String appId, String connector, String userId) throws SQLException {
        ps.setString(1, appId);
        ps.setString(2, connector);
        ps.setString(3, userId);
    }

    private String now() {
        return Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
}

package dev.homebase.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.SortKey;
import dev.homebase.server.store.Dialect;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.SqlFragment;
import dev.homebase.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for users, pending one-time codes and reset tokens, on SQLite and PostgreSQL. Every method
 * runs on the connection of the caller's transaction, so several calls compose into one change.
 */
public final class UserStore {
    private static final String COLUMNS = "app_id, id, email, full_name, role, password_hash, is_verified, disabled, "
            + "data, token_version, created_date, updated_date";

    /** A pending code: what {@code one_time_codes} holds for one email and purpose. */
    public record PendingCode(String email, String codeHash, String userId, String passwordHash, int attempts, long expiresAt) {}

    /** A stored reset or invitation token. */
    public record ResetToken(String userId, long expiresAt, Long usedAt) {}

    /** Told inside the transaction of every change to an existing user (cached principals). */
    @FunctionalInterface
    public interface Changes {
        /** Nobody listens. */
        Changes NONE = (c, appId, userId) -> { };

        /** The user {@code userId} of {@code appId} is being changed in the transaction {@code c} belongs to. */
        void changing(Connection c, String appId, String userId) throws SQLException;
    }

    private final Dialect dialect;
    private volatile Changes changes = Changes.NONE;

    public UserStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Sets who hears about changes to existing users (set once, at start). */
    public void tellChangesTo(Changes listener) {
        this.changes = listener;
    }

    // ---- users ----

    /** The user with {@code id} in {@code appId}. */
    public Optional<UserRecord> findById(Connection c, String appId, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM users WHERE app_id = ? AND id = ?", appId, id);
    }

    /** The user with the (normalised) {@code email} in {@code appId}. */
    public Optional<UserRecord> findByEmail(Connection c, String appId, String email) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM users WHERE app_id = ? AND lower(email) = ?", appId, email);
    }

    /** Inserts a new user. */
    public void insert(Connection c, UserRecord u) throws SQLException {
        String sql = "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParam() + ", ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, u.appId());
            ps.setString(2, u.id());
            ps.setString(3, u.email());
            ps.setString(4, u.fullName());
            ps.setString(5, u.role());
            ps.setString(6, u.passwordHash());
            ps.setBoolean(7, u.verified());
            if (u.disabled() == null) ps.setNull(8, Types.BOOLEAN);
            else ps.setBoolean(8, u.disabled());
            ps.setString(9, Json.write(u.data()));
            ps.setInt(10, u.tokenVersion());
            ps.setString(11, u.createdDate());
            ps.setString(12, u.updatedDate());
            ps.executeUpdate();
        }
    }

    /**
     * Sets a new password hash, marks the email verified, and bumps the token version so every
     * token issued before is refused.
     */
    public void setPassword(Connection c, String appId, String id, String passwordHash, String now) throws SQLException {
        String sql = "UPDATE users SET password_hash = ?, is_verified = " + dialect.bool(true)
                + ", token_version = token_version + 1, updated_date = ? WHERE app_id = ? AND id = ?";
        changes.changing(c, appId, id);
        update(c, sql, passwordHash, now, appId, id);
    }

    /** Marks the email verified (a provider proved it), leaving the password and tokens as they are. */
    public void markVerified(Connection c, String appId, String id, String now) throws SQLException {
        changes.changing(c, appId, id);
        update(c, "UPDATE users SET is_verified = " + dialect.bool(true) + ", updated_date = ? WHERE app_id = ? AND id = ?", now, appId, id);
    }

    /**
     * Sets the account's {@code disabled} flag (true: disabled; null: enabled, as a user who was never disabled reads).
     * Its tokens are refused from the next request on, on every node ({@link Changes}); the token version is kept, so
     * enabling the account again restores them.
     */
    public void setDisabled(Connection c, String appId, String id, boolean disabled, String now) throws SQLException {
        String sql = "UPDATE users SET disabled = " + (disabled ? dialect.bool(true) : "NULL") + ", updated_date = ? WHERE app_id = ? AND id = ?";
        changes.changing(c, appId, id);
        update(c, sql, now, appId, id);
    }

    /** Replaces the role and the custom fields. */
    public void updateProfile(Connection c, String appId, String id, String role, ObjectNode data, String now) throws SQLException {
        String sql = "UPDATE users SET role = ?, data = " + dialect.jsonParam() + ", updated_date = ? WHERE app_id = ? AND id = ?";
        changes.changing(c, appId, id);
        update(c, sql, role, Json.write(data), now, appId, id);
    }

    // ---- users as entity records (api-contract §3.2) ----

    /** The raw user columns of {@link Dialect#usersAsRecords()}, in the order {@link #read} takes. */
    private static final String VIEW_COLUMNS = "r.app_id, r.id, r.u_email, r.u_full_name, r.u_role, r.u_password_hash, "
            + "r.u_is_verified, r.u_disabled, r.u_data, r.u_token_version, r.created_date, r.updated_date";

    /**
     * The users of {@code appId} matching {@code filter} (compiled to SQL over the users presented as
     * records: built-in and custom fields alike are data fields), in {@code sort} order.
     *
     * @throws dev.homebase.server.query.QueryException for a filter that cannot be compiled
     */
    public List<UserRecord> page(Connection c, String appId, Filter filter, Sort sort, int limit, int skip) throws SQLException {
        SqlFragment query = SqlFragment.of("SELECT " + VIEW_COLUMNS + " FROM " + dialect.usersAsRecords() + " r WHERE r.app_id = ?", appId)
                .append(" AND (", dialect.queries().where(filter))
                .append(") ORDER BY ", dialect.queries().orderBy(sort))
                .append(" LIMIT ? OFFSET ?", SqlFragment.of("", limit, skip));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bindAll(ps, query.params());
            List<UserRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    /** One user of a keyset page and its sort key values (for the next cursor). */
    public record KeyedUser(UserRecord user, List<Object> keys) {}

    /**
     * Up to {@code limit} users of {@code appId} matching {@code filter} in {@code sort} order,
     * strictly after the user whose sort key values were {@code after} (null: from the start).
     *
     * @throws IllegalArgumentException when {@code after} does not have one value per sort key
     */
    public List<KeyedUser> pageAfter(Connection c, String appId, Filter filter, Sort sort, List<Object> after, int limit)
            throws SQLException {
        List<SortKey> keys = dialect.queries().sortKeys(sort);
        SqlFragment select = SqlFragment.of("SELECT " + VIEW_COLUMNS);
        for (SortKey key : keys) select = select.append(", ", key.expression());
        SqlFragment query = select.append(" FROM " + dialect.usersAsRecords() + " r WHERE r.app_id = ?", SqlFragment.of("", appId))
                .append(" AND (", dialect.queries().where(filter)).append(")", SqlFragment.of(""));
        if (after != null) query = query.append(" AND ", dialect.queries().after(keys, after));
        query = query.append(" ORDER BY ", dialect.queries().orderBy(sort)).append(" LIMIT ?", SqlFragment.of("", limit));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bindAll(ps, query.params());
            List<KeyedUser> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyedUser(read(rs), RecordStore.keyValues(rs, 13, keys.size())));
                }
            }
            return out;
        }
    }

    /** How many users of {@code appId} match {@code filter}. */
    public long count(Connection c, String appId, Filter filter) throws SQLException {
        SqlFragment query = SqlFragment.of("SELECT COUNT(*) FROM " + dialect.usersAsRecords() + " r WHERE r.app_id = ?", appId)
                .append(" AND (", dialect.queries().where(filter)).append(")", SqlFragment.of(""));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bindAll(ps, query.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The rows of an aggregate over the users of {@code appId} matching {@code filter}, compiled to
     * SQL over the users presented as records (only the public record is reachable: the password
     * hash and token version are not data fields), at most one more than {@code spec.limit()}. A
     * group key or metric of a field in {@code visibleWhen} reads as missing where its condition fails.
     *
     * @throws dev.homebase.server.query.QueryException for a spec that cannot be compiled
     */
    public List<ObjectNode> aggregate(Connection c, String appId, Filter filter, AggregateSpec spec,
                                      java.util.Map<String, Filter> visibleWhen) throws SQLException {
        SqlFragment records = SqlFragment.of("r.app_id = ?", appId)
                .append(" AND (", dialect.queries().where(filter)).append(")", SqlFragment.of(""));
        return RecordStore.aggregateRows(c, dialect.queries().aggregate(spec, visibleWhen, dialect.usersAsRecords(), records));
    }

    /** Deletes the user with its codes and reset tokens; false when there was none. */
    public boolean delete(Connection c, String appId, String id) throws SQLException {
        Optional<UserRecord> user = findById(c, appId, id);
        if (user.isEmpty()) return false;
        changes.changing(c, appId, id);
        update(c, "DELETE FROM reset_tokens WHERE app_id = ? AND user_id = ?", appId, id);
        update(c, "DELETE FROM one_time_codes WHERE app_id = ? AND email = ?", appId, user.get().email());
        return update(c, "DELETE FROM users WHERE app_id = ? AND id = ?", appId, id) == 1;
    }

    private static void bindAll(PreparedStatement ps, List<Object> params) throws SQLException {
        SqlFragment.bind(ps, 1, params);
    }

    // ---- one-time codes ----

    /** The pending code for {@code email} and {@code purpose}. */
    public Optional<PendingCode> findCode(Connection c, String appId, String email, String purpose) throws SQLException {
        String sql = "SELECT email, code_hash, user_id, password_hash, attempts, expires_at FROM one_time_codes "
                + "WHERE app_id = ? AND email = ? AND purpose = ?" + dialect.forUpdate();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, appId);
            ps.setString(2, email);
            ps.setString(3, purpose);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new PendingCode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getLong(6)));
            }
        }
    }

    /** Stores a code for {@code email} and {@code purpose}, replacing any earlier one (and its tries). */
    public void putCode(Connection c, String appId, String purpose, PendingCode code, long now) throws SQLException {
        deleteCode(c, appId, code.email(), purpose);
        String sql = "INSERT INTO one_time_codes (app_id, email, purpose, code_hash, user_id, password_hash, attempts, expires_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, appId);
            ps.setString(2, code.email());
            ps.setString(3, purpose);
            ps.setString(4, code.codeHash());
            ps.setString(5, code.userId());
            ps.setString(6, code.passwordHash());
            ps.setInt(7, code.attempts());
            ps.setLong(8, code.expiresAt());
            ps.setLong(9, now);
            ps.executeUpdate();
        }
    }

    /** Counts one wrong try; returns the tries so far. */
    public int addFailedAttempt(Connection c, String appId, String email, String purpose) throws SQLException {
        update(c, "UPDATE one_time_codes SET attempts = attempts + 1 WHERE app_id = ? AND email = ? AND purpose = ?", appId, email, purpose);
        return findCode(c, appId, email, purpose).map(PendingCode::attempts).orElse(0);
    }

    /** Removes the code for {@code email} and {@code purpose}. */
    public void deleteCode(Connection c, String appId, String email, String purpose) throws SQLException {
        update(c, "DELETE FROM one_time_codes WHERE app_id = ? AND email = ? AND purpose = ?", appId, email, purpose);
    }

    // ---- reset tokens ----

    /** Stores a reset (or invitation) token by its hash. */
    public void putResetToken(Connection c, String appId, String tokenHash, String userId, long expiresAt) throws SQLException {
        String sql = "INSERT INTO reset_tokens (token_hash, app_id, user_id, expires_at) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tokenHash);
            ps.setString(2, appId);
            ps.setString(3, userId);
            ps.setLong(4, expiresAt);
            ps.executeUpdate();
        }
    }

    /** The token stored under {@code tokenHash} for {@code appId}. */
    public Optional<ResetToken> findResetToken(Connection c, String appId, String tokenHash) throws SQLException {
        String sql = "SELECT user_id, expires_at, used_at FROM reset_tokens WHERE token_hash = ? AND app_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tokenHash);
            ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String userId = rs.getString(1);
                long expiresAt = rs.getLong(2);
                long used = rs.getLong(3);
                Long usedAt = rs.wasNull() ? null : used;
                return Optional.of(new ResetToken(userId, expiresAt, usedAt));
            }
        }
    }

    /**
     * Marks the token used; false when it was already used (so a token works once even when two
     * requests race).
     */
    public boolean useResetToken(Connection c, String tokenHash, long now) throws SQLException {
        return update(c, "UPDATE reset_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", now, tokenHash) == 1;
    }

    /** Invalidates every unused token of the user (after a reset or a password change). */
    public void revokeResetTokens(Connection c, String appId, String userId, long now) throws SQLException {
        update(c, "UPDATE reset_tokens SET used_at = ? WHERE app_id = ? AND user_id = ? AND used_at IS NULL", now, appId, userId);
    }

    /** Deletes codes and reset tokens that expired before {@code cutoff} (epoch millis). */
    public void purgeExpired(Connection c, long cutoff) throws SQLException {
        update(c, "DELETE FROM one_time_codes WHERE expires_at < ?", cutoff);
        update(c, "DELETE FROM reset_tokens WHERE expires_at < ?", cutoff);
    }

    // ---- helpers ----

    private Optional<UserRecord> one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            switch (p) {
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case null -> ps.setNull(i + 1, Types.VARCHAR);
                default -> throw new IllegalArgumentException("unsupported parameter " + p.getClass());
            }
        }
    }

    private static UserRecord read(ResultSet rs) throws SQLException {
        boolean disabled = rs.getBoolean(8);
        Boolean disabledOrNull = rs.wasNull() ? null : disabled;
        ObjectNode data;
        try {
            data = (ObjectNode) Json.parse(rs.getString(9));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("Corrupt user data for " + rs.getString(2), e);
        }
        return new UserRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), disabledOrNull, data, rs.getInt(10), rs.getString(11), rs.getString(12));
    }
}

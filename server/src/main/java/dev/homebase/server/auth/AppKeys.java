package dev.homebase.server.auth;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.store.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-app secret keys kept in the store, so every process on the same store ({@code serve} nodes,
 * {@code service-token}) and every restart agree. Each key is random (256 bits), created on first use
 * by insert-if-absent and then read back (two nodes starting at once end up with the one row that
 * won), and cached after the first read. Thread-safe. NB: keys are never logged or sent anywhere.
 *
 * <ul>
 *   <li>{@link #signingKey}: the app's JWT (HS256) key, for good.</li>
 *   <li>{@link #mediaKey}: the key that signs the URLs of the app's private files, for good.</li>
 *   <li>{@link #cursorKey(String)}: the key that seals {@code v2/list} cursors, rotated every
 *       {@code cursorRotation}; the key of a period still opens cursors for {@code cursorGrace} after
 *       the period ended, so a walk in progress survives a rotation. Keys past that are deleted.</li>
 * </ul>
 */
public final class AppKeys {
    /** How long one cursor key seals new cursors. */
    public static final Duration CURSOR_ROTATION = Duration.ofHours(24);
    /** How long after its period a cursor key still opens the cursors it sealed. */
    public static final Duration CURSOR_GRACE = Duration.ofHours(1);

    private static final String JWT_KEY = "jwt_hs256";
    private static final String MEDIA_KEY = "media_hmac";
    /** How far ahead of this node's clock another node's may be: its next period's key opens cursors here that early. */
    private static final long MAX_CLOCK_SKEW_MILLIS = Duration.ofMinutes(5).toMillis();

    /** One key of a rotating set: its id (in the cursor) and its secret. */
    public record RotatingKey(long id, byte[] secret) {
        /** A copy of the secret. */
        @Override
        public byte[] secret() {
            return secret.clone();
        }
    }

    private final Database db;
    private final Clock clock;
    private final long rotationMillis;
    private final long graceMillis;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final Map<String, byte[]> mediaKeys = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cursorKeys = new ConcurrentHashMap<>(); // "appId/keyId" -> secret

    public AppKeys(Database db, Clock clock) {
        this(db, clock, CURSOR_ROTATION, CURSOR_GRACE);
    }

    /**
     * @param cursorRotation how long one cursor key seals new cursors (at least a minute)
     * @param cursorGrace how long after its period a cursor key still opens cursors (zero or more)
     */
    public AppKeys(Database db, Clock clock, Duration cursorRotation, Duration cursorGrace) {
        if (cursorRotation.compareTo(Duration.ofMinutes(1)) < 0) throw new IllegalArgumentException("cursor key rotation under a minute");
        if (cursorGrace.isNegative()) throw new IllegalArgumentException("negative cursor key grace");
        this.db = db;
        this.clock = clock;
        this.rotationMillis = cursorRotation.toMillis();
        this.graceMillis = cursorGrace.toMillis();
    }

    /** The JWT signing key of {@code appId}, created (and stored) if the app has none yet. */
    public byte[] signingKey(String appId) {
        return cache.computeIfAbsent(appId, this::loadOrCreate).clone();
    }

    /** The key that signs the URLs of {@code appId}'s private files, created (and stored) if absent. */
    public byte[] mediaKey(String appId) {
        return mediaKeys.computeIfAbsent(appId, id -> loadOrCreate(id, MEDIA_KEY)).clone();
    }

    private byte[] loadOrCreate(String appId) {
        return loadOrCreate(appId, JWT_KEY);
    }

    private byte[] loadOrCreate(String appId, String name) {
        return db.inTx(c -> insertIfAbsentThenRead(c,
                "INSERT INTO app_keys (app_id, name, secret, created_date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                "SELECT secret FROM app_keys WHERE app_id = ? AND name = ?", appId, name));
    }

    /** The key new cursors of {@code appId} are sealed with now: the current period's, created (and stored) if absent. */
    public RotatingKey cursorKey(String appId) {
        long now = clock.millis();
        long id = Math.floorDiv(now, rotationMillis);
        String cacheKey = appId + "/" + id;
        byte[] secret = cursorKeys.get(cacheKey);
        if (secret == null) {
            // A new period: retired keys leave the cache (and, by whichever node makes the new key, the store).
            cursorKeys.keySet().removeIf(k -> k.startsWith(appId + "/") && !opens(Long.parseLong(k.substring(appId.length() + 1)), now));
            secret = cursorKeys.computeIfAbsent(cacheKey, k -> loadOrCreateCursorKey(appId, id));
        }
        return new RotatingKey(id, secret);
    }

    /**
     * The cursor key {@code id} of {@code appId}, while cursors it sealed may still be opened: from its
     * period (or a few minutes before, for a node whose clock is ahead) until {@code cursorGrace} after
     * the period ended. Never creates a key.
     *
     * @return empty for an unknown, future, or retired key
     */
    public Optional<byte[]> cursorKey(String appId, long id) {
        long now = clock.millis();
        if (id < 0 || id > Math.floorDiv(now + MAX_CLOCK_SKEW_MILLIS, rotationMillis) || !opens(id, now)) return Optional.empty();
        byte[] cached = cursorKeys.get(appId + "/" + id);
        if (cached != null) return Optional.of(cached.clone());
        Optional<byte[]> stored = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM cursor_keys WHERE app_id = ? AND key_id = ?")) {
                ps.setString(1, appId);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Base64.getDecoder().decode(rs.getString(1))) : Optional.<byte[]>empty();
                }
            }
        });
        stored.ifPresent(s -> cursorKeys.putIfAbsent(appId + "/" + id, s));
        return stored.map(byte[]::clone);
    }

    /** Whether key {@code id} still opens cursors at {@code now}: its period ended less than the grace ago. */
    private boolean opens(long id, long now) {
        return (id + 1) * rotationMillis + graceMillis > now;
    }

    private byte[] loadOrCreateCursorKey(String appId, long id) {
        long oldestUsable = id - 1 - Math.ceilDiv(graceMillis, rotationMillis);
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cursor_keys WHERE app_id = ? AND key_id < ?")) {
                ps.setString(1, appId);
                ps.setLong(2, oldestUsable);
                ps.executeUpdate();
            }
            return insertIfAbsentThenRead(c,
                    "INSERT INTO cursor_keys (app_id, key_id, secret, created_date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    "SELECT secret FROM cursor_keys WHERE app_id = ? AND key_id = ?", appId, id);
        });
    }

    /**
     * Two processes may start at once: insert a fresh key if absent, then read whichever row won.
     * Both statements take the app id and the key's name or id as their first two parameters.
     */
    private byte[] insertIfAbsentThenRead(Connection c, String insert, String select, String appId, Object name) throws SQLException {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, appId);
            ps.setObject(2, name);
            ps.setString(3, Base64.getEncoder().encodeToString(fresh));
            ps.setString(4, Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, appId);
            ps.setObject(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Base64.getDecoder().decode(rs.getString(1));
            }
        }
    }
}

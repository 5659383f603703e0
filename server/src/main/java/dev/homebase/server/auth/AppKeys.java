package dev.homebase.server.auth;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.store.Database;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-app signing keys: one random 256-bit HMAC key per app, created on first use and kept in the
 * store, so {@code serve} and {@code service-token} on the same store agree. Cached after the
 * first read. Thread-safe. NB: the key is never logged or sent anywhere.
 */
public final class AppKeys {
    private static final String JWT_KEY = "jwt_hs256";

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public AppKeys(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The JWT signing key of {@code appId}, created (and stored) if the app has none yet. */
    public byte[] signingKey(String appId) {
        return cache.computeIfAbsent(appId, this::loadOrCreate).clone();
    }

    private byte[] loadOrCreate(String appId) {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        String encoded = db.inTx(c -> {
            // Two processes may start at once: insert-if-absent, then read whichever row won.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO app_keys (app_id, name, secret, created_date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, appId);
                ps.setString(2, JWT_KEY);
                ps.setString(3, Base64.getEncoder().encodeToString(fresh));
                ps.setString(4, Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM app_keys WHERE app_id = ? AND name = ?")) {
                ps.setString(1, appId);
                ps.setString(2, JWT_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        return Base64.getDecoder().decode(encoded);
    }
}

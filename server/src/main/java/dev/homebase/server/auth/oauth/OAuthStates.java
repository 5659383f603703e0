package dev.homebase.server.auth.oauth;

import dev.homebase.server.internal.StateRows;
import dev.homebase.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The sign-ins in flight: what the callback needs (app, provider, where to return, the PKCE
 * verifier and the nonce), keyed by the random {@code state} sent to the provider. Each entry is
 * taken once (single use, one atomic {@code DELETE ... RETURNING}), lives {@link #TTL}, and is bound
 * to the browser that started it: the callback must present the random value set as a cookie at the
 * start (so a sign-in link cannot be finished in someone else's browser). Kept in the database, so
 * the provider's callback may land on any node (architecture §4); only hashes of the state and the
 * cookie are stored. Expired entries are deleted at each start. Thread-safe.
 */
final class OAuthStates {
    /** How long a started sign-in may take. */
    static final Duration TTL = Duration.ofMinutes(10);
    /** At most this many sign-ins in flight (an unauthenticated route fills this table). */
    static final int MAX_PENDING = 10_000;

    private static final String COLUMNS = "app_id, provider, redirect_uri, from_url, popup_origin, nonce, code_verifier, browser_hash, expires_at";

    /** A started sign-in. {@code browserHash}: SHA-256 of the cookie value the starting browser got. */
    record Pending(String appId, String provider, String redirectUri, String fromUrl, String popupOrigin, String nonce,
                   String codeVerifier, String browserHash, long expiresAt) {}

    private final Database db;
    private final Clock clock;

    OAuthStates(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** When a sign-in started now expires (epoch millis). */
    long expiry() {
        return clock.millis() + TTL.toMillis();
    }

    /**
     * Stores {@code p} under a new random state and returns the state.
     *
     * @throws OAuthFailure 503 when too many sign-ins are in flight
     */
    String put(Pending p) {
        long now = clock.millis();
        String state = random();
        boolean stored = db.inTx(c -> {
            if (!StateRows.sweepAndHasRoom(c, "oauth_states", now, MAX_PENDING)) return false;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth_states (state_hash, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String[] values = {hash(state), p.appId(), p.provider(), p.redirectUri(), p.fromUrl(), p.popupOrigin(), p.nonce(),
                        p.codeVerifier(), p.browserHash()};
                for (int i = 0; i < values.length; i++) ps.setString(i + 1, values[i]);
                ps.setLong(values.length + 1, p.expiresAt());
                ps.executeUpdate();
            }
            return true;
        });
        if (!stored) throw new OAuthFailure(503, "Too many sign-ins are in progress. Please try again in a minute.");
        return state;
    }

    /**
     * Takes (removes) the sign-in of {@code state} if it exists, has not expired, and was started
     * by the browser holding {@code browserValue}. A state presented by another browser is not
     * consumed, so the rightful browser can still finish. Of concurrent callbacks on any nodes, one
     * gets the sign-in.
     */
    Optional<Pending> take(String state, String browserValue) {
        if (state == null || browserValue == null) return Optional.empty();
        long now = clock.millis();
        Optional<Pending> taken = db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth_states WHERE state_hash = ? AND browser_hash = ? RETURNING "
                    + COLUMNS)) {
                ps.setString(1, hash(state));
                ps.setString(2, hash(browserValue));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)));
                }
            }
        });
        return taken.filter(p -> p.expiresAt() > now);
    }

    /** 32 random bytes, base64url. */
    static String random() {
        return StateRows.random();
    }

    /** SHA-256, base64url. */
    static String hash(String value) {
        return StateRows.hash(value);
    }
}

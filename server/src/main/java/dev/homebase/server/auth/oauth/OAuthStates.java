package dev.homebase.server.auth.oauth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sign-ins in flight: what the callback needs (app, provider, where to return, the PKCE
 * verifier and the nonce), keyed by the random {@code state} sent to the provider. Each entry is
 * taken once (single use), lives {@link #TTL}, and is bound to the browser that started it: the
 * callback must present the random value set as a cookie at the start (so a sign-in link cannot be
 * finished in someone else's browser). In memory, per process; thread-safe.
 */
final class OAuthStates {
    /** How long a started sign-in may take. */
    static final Duration TTL = Duration.ofMinutes(10);
    /** At most this many sign-ins in flight (an unauthenticated route fills this table). */
    static final int MAX_PENDING = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A started sign-in. {@code browserHash}: SHA-256 of the cookie value the starting browser got. */
    record Pending(String appId, String provider, String redirectUri, String fromUrl, String popupOrigin, String nonce,
                   String codeVerifier, String browserHash, long expiresAt) {}

    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    OAuthStates(Clock clock) {
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
        if (pending.size() >= MAX_PENDING) pending.values().removeIf(e -> e.expiresAt() <= now);
        if (pending.size() >= MAX_PENDING) throw new OAuthFailure(503, "Too many sign-ins are in progress. Please try again in a minute.");
        String state = random();
        pending.put(state, p);
        return state;
    }

    /**
     * Takes (removes) the sign-in of {@code state} if it exists, has not expired, and was started
     * by the browser holding {@code browserValue}. A state presented by another browser is not
     * consumed, so the rightful browser can still finish.
     */
    Optional<Pending> take(String state, String browserValue) {
        if (state == null || browserValue == null) return Optional.empty();
        Pending p = pending.get(state);
        if (p == null || !MessageDigest.isEqual(p.browserHash().getBytes(), hash(browserValue).getBytes())) return Optional.empty();
        if (!pending.remove(state, p)) return Optional.empty(); // taken by a concurrent callback
        return p.expiresAt() > clock.millis() ? Optional.of(p) : Optional.empty();
    }

    /** 32 random bytes, base64url. */
    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256, base64url. */
    static String hash(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

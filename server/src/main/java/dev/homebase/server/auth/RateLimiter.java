package dev.homebase.server.auth;

import dev.homebase.server.config.RateLimits;
import dev.homebase.server.internal.Sha256;
import dev.homebase.server.ops.ServerMetrics;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.RateLimitCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window request limits keyed by a string such as {@code "login:ip:1.2.3.4"}, counted in the
 * database so every node behind a load balancer shares them (architecture §4): one atomic upsert
 * per check. Only a SHA-256 of each key is stored. Counters whose window has ended are purged about
 * once every {@link #PURGE_EVERY} per node. Thread-safe.
 */
public final class RateLimiter {
    /** How often ended windows are deleted. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimitCounters counters;
    private final Clock clock;
    private final AtomicLong nextPurge;

    public RateLimiter(Database db, Clock clock) {
        this.counters = new RateLimitCounters(db);
        this.clock = clock;
        this.nextPurge = new AtomicLong(clock.millis() + PURGE_EVERY.toMillis());
    }

    /**
     * Counts one request under {@code key}.
     *
     * @throws AuthException 429 when {@code rule} allows no more requests in the current window, with
     *     the seconds until that window ends as {@link AuthException#retryAfterSeconds()}
     * @throws dev.homebase.server.store.StoreException when the database fails
     */
    public void check(String key, RateLimits.Rule rule) {
        if (rule.max() <= 0) return;
        long now = clock.millis();
        long windowMillis = rule.window().toMillis();
        RateLimitCounters.Window w = counters.hit(hash(key), now, windowMillis);
        purgeNowAndThen(now);
        if (w.count() > rule.max()) {
            ServerMetrics.rateLimited(key);
            long retry = Math.max(1, (w.start() + windowMillis - now + 999) / 1000);
            throw new AuthException(AuthException.Kind.TOO_MANY, "rate_limited",
                    "Too many requests. Please try again in " + retry + " seconds.", retry);
        }
    }

    /** Deletes the counters whose window has ended; returns how many. */
    int purgeExpired() {
        return counters.purgeExpired(clock.millis());
    }

    /** One indexed DELETE, on the request that finds the last purge a minute old (one request a minute per node). */
    private void purgeNowAndThen(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + PURGE_EVERY.toMillis())) return;
        try {
            int n = counters.purgeExpired(now);
            if (n > 0) log.debug("Purged {} ended rate-limit windows", n);
        } catch (RuntimeException e) {
            log.warn("Could not purge ended rate-limit windows: {}", e.getMessage());
        }
    }

    /** SHA-256 of {@code key}, base64url: IPs and email addresses are not written to the database. */
    private static String hash(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(key));
    }
}

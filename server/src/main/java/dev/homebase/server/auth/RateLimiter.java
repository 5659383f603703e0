package dev.homebase.server.auth;

import dev.homebase.server.config.RateLimits;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window request counters, in memory, keyed by a string such as {@code "login:ip:1.2.3.4"}.
 * Per process: several nodes each count separately. Thread-safe.
 */
public final class RateLimiter {
    /** Above this many keys, expired windows are swept on the next call. */
    private static final int SWEEP_AT = 10_000;

    private record Window(long start, int count) {}

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts one request under {@code key}.
     *
     * @throws AuthException 429 when {@code rule} allows no more requests in the current window, with
     *     the seconds until that window ends as {@link AuthException#retryAfterSeconds()}
     */
    public void check(String key, RateLimits.Rule rule) {
        if (rule.max() <= 0) return;
        long now = clock.millis();
        long windowMillis = rule.window().toMillis();
        if (windows.size() > SWEEP_AT) windows.entrySet().removeIf(e -> now - e.getValue().start() >= windowMillis);
        Window w = windows.compute(key, (k, old) ->
                old == null || now - old.start() >= windowMillis ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        if (w.count() > rule.max()) {
            long retry = Math.max(1, (w.start() + windowMillis - now + 999) / 1000);
            throw new AuthException(AuthException.Kind.TOO_MANY, "rate_limited",
                    "Too many requests. Please try again in " + retry + " seconds.", retry);
        }
    }
}

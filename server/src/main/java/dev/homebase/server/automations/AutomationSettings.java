package dev.homebase.server.automations;

import java.time.Clock;
import java.time.Duration;

/**
 * How automations run: the clock their schedules follow, how often a node looks for due ticks and
 * runs, how often a failed run is tried, and how long a claimed run is its node's.
 *
 * @param clock the time ticks are due by (tests use a clock they move)
 * @param poll how often each node looks for due ticks and runs
 * @param maxAttempts how often a failing run is tried in all before it is given up (1 = no retry)
 * @param backoff the wait before the second attempt; each further one waits twice as long as the last
 * @param lease how long a claimed run belongs to its node; a run whose node died is taken over after it
 *     (so it should exceed the functions' call timeout)
 * @param retention how long finished runs are kept in {@code automation_runs}
 */
public record AutomationSettings(Clock clock, Duration poll, int maxAttempts, Duration backoff, Duration lease, Duration retention) {
    public AutomationSettings {
        if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll must be positive");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (backoff.isNegative()) throw new IllegalArgumentException("backoff must not be negative");
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive");
    }

    /** The system clock, a look every second, 5 attempts from 10 s apart on (10, 20, 40, 80 s), a 5-minute lease, 7 days kept. */
    public static AutomationSettings defaults() {
        return new AutomationSettings(Clock.systemUTC(), Duration.ofSeconds(1), 5, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofDays(7));
    }

    /** These settings on another clock. */
    public AutomationSettings withClock(Clock c) {
        return new AutomationSettings(c, poll, maxAttempts, backoff, lease, retention);
    }

    /** These settings with another look interval. */
    public AutomationSettings withPoll(Duration p) {
        return new AutomationSettings(clock, p, maxAttempts, backoff, lease, retention);
    }

    /** These settings with another retry policy. */
    public AutomationSettings withRetries(int attempts, Duration firstBackoff) {
        return new AutomationSettings(clock, poll, attempts, firstBackoff, lease, retention);
    }

    /** The wait after failed attempt number {@code attempt} (from 1). */
    Duration backoffAfter(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}

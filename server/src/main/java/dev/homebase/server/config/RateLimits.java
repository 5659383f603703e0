package dev.homebase.server.config;

import java.time.Duration;

/**
 * Limits on the sign-in endpoints, counted in memory per client IP and per email address.
 *
 * @param loginPerIp login attempts per client IP
 * @param loginPerEmail login attempts per email (also change-password per user)
 * @param mailPerIp requests that send mail (register, resend, reset request, invite) per client IP
 * @param mailPerEmail requests that send mail per email address
 * @param verifyPerIp code and reset-token checks (verify-otp, reset-password) per client IP
 */
public record RateLimits(Rule loginPerIp, Rule loginPerEmail, Rule mailPerIp, Rule mailPerEmail, Rule verifyPerIp) {

    /**
     * At most {@code max} requests per {@code window}.
     *
     * @param max requests allowed in one window (0 or less: unlimited)
     * @param window the window length
     */
    public record Rule(int max, Duration window) {
        public Rule {
            if (window == null || window.isNegative() || window.isZero()) throw new IllegalArgumentException("Rate-limit window must be positive");
        }

        /** No limit. */
        public static Rule unlimited() {
            return new Rule(0, Duration.ofMinutes(1));
        }
    }

    /** The defaults: generous for people, tight for scripts guessing passwords or codes. */
    public static final RateLimits DEFAULT = new RateLimits(
            new Rule(30, Duration.ofMinutes(5)),
            new Rule(10, Duration.ofMinutes(5)),
            new Rule(30, Duration.ofMinutes(15)),
            new Rule(5, Duration.ofMinutes(15)),
            new Rule(30, Duration.ofMinutes(5)));

    /** No limits at all (load tests, trusted networks): {@code HOMEBASE_AUTH_RATE_LIMITS=off}. */
    public static final RateLimits UNLIMITED = new RateLimits(Rule.unlimited(), Rule.unlimited(), Rule.unlimited(),
            Rule.unlimited(), Rule.unlimited());
}

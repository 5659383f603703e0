package dev.homebase.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Limits on the sign-in endpoints, counted per client IP and per email address (in the database, shared by the nodes).
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

    private static final Pattern ENTRY = Pattern.compile("([a-z_]+)=(\\d{1,9})/(\\d{1,6})([smh])");

    /**
     * Reads {@code HOMEBASE_AUTH_RATE_LIMITS}: {@code on} (the defaults), {@code off} (no limits), or
     * a comma-separated list of {@code name=MAX/WINDOW} that changes some defaults, where name is
     * {@code login_ip}, {@code login_email}, {@code mail_ip}, {@code mail_email} or {@code verify_ip},
     * and WINDOW is a number with {@code s}, {@code m} or {@code h}, e.g.
     * {@code login_ip=300/5m,mail_ip=300/15m}. A MAX of 0 means unlimited.
     *
     * @throws IllegalArgumentException naming the part that cannot be read
     */
    public static RateLimits parse(String spec) {
        String s = spec == null ? "on" : spec.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("on")) return DEFAULT;
        if (s.equals("off")) return UNLIMITED;
        RateLimits r = DEFAULT;
        for (String part : s.split(",")) {
            Matcher m = ENTRY.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("HOMEBASE_AUTH_RATE_LIMITS: expected on, off or name=MAX/WINDOW (e.g. login_ip=30/5m), got \""
                        + part.strip() + "\"");
            }
            long amount = Long.parseLong(m.group(3));
            Duration window = switch (m.group(4)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            Rule rule = new Rule(Integer.parseInt(m.group(2)), window);
            r = switch (m.group(1)) {
                case "login_ip" -> new RateLimits(rule, r.loginPerEmail, r.mailPerIp, r.mailPerEmail, r.verifyPerIp);
                case "login_email" -> new RateLimits(r.loginPerIp, rule, r.mailPerIp, r.mailPerEmail, r.verifyPerIp);
                case "mail_ip" -> new RateLimits(r.loginPerIp, r.loginPerEmail, rule, r.mailPerEmail, r.verifyPerIp);
                case "mail_email" -> new RateLimits(r.loginPerIp, r.loginPerEmail, r.mailPerIp, rule, r.verifyPerIp);
                case "verify_ip" -> new RateLimits(r.loginPerIp, r.loginPerEmail, r.mailPerIp, r.mailPerEmail, rule);
                default -> throw new IllegalArgumentException("HOMEBASE_AUTH_RATE_LIMITS: unknown limit \"" + m.group(1)
                        + "\" (login_ip, login_email, mail_ip, mail_email, verify_ip)");
            };
        }
        return r;
    }
}

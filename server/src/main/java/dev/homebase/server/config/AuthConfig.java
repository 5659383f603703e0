package dev.homebase.server.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings for users and sign-in. Immutable; {@code with*} methods return changed copies.
 *
 * @param argonMemoryKiB Argon2id memory (default 7 MiB)
 * @param argonIterations Argon2id passes (default 5)
 * @param argonParallelism Argon2id lanes (default 1)
 * @param userTokenTtl how long a user access token is valid (default 30 days)
 * @param rateLimits limits on the sign-in endpoints
 * @param smtp how to send mail; empty writes mail to the server log
 * @param adminEmail with {@code adminPassword}: the admin user created at start if absent
 * @param adminPassword see {@code adminEmail}. NB: never logged.
 * @param publicUrl the URL users reach the app at, for links in mail; empty uses the server's own address
 * @param clock the time source of expiry checks (tests inject one)
 */
public record AuthConfig(int argonMemoryKiB, int argonIterations, int argonParallelism, Duration userTokenTtl,
                         RateLimits rateLimits, Optional<MailSettings> smtp, Optional<String> adminEmail,
                         Optional<String> adminPassword, Optional<String> publicUrl, Clock clock) {

    /**
     * Defaults: OWASP Argon2id parameters ({@link dev.homebase.server.auth.Passwords.Params#DEFAULT}: m=7 MiB, t=5,
     * p=1, the same protection as m=19 MiB, t=2 with less CPU and little more than a third of the memory per sign-in),
     * 30-day tokens, default rate limits, mail to the log.
     */
    public static AuthConfig defaults() {
        return new AuthConfig(7 * 1024, 5, 1, Duration.ofDays(30), RateLimits.DEFAULT, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Clock.systemUTC());
    }

    public AuthConfig {
        if (userTokenTtl.isNegative() || userTokenTtl.isZero()) throw new IllegalArgumentException("Token lifetime must be positive");
        if (adminEmail.isPresent() != adminPassword.isPresent()) {
            throw new IllegalArgumentException("Set both HOMEBASE_ADMIN_EMAIL and HOMEBASE_ADMIN_PASSWORD, or neither");
        }
    }

    /** A copy with other Argon2id parameters (tests use cheap ones). */
    public AuthConfig withArgon(int memoryKiB, int iterations, int parallelism) {
        return new AuthConfig(memoryKiB, iterations, parallelism, userTokenTtl, rateLimits, smtp, adminEmail, adminPassword, publicUrl, clock);
    }

    /** A copy with other rate limits. */
    public AuthConfig withRateLimits(RateLimits limits) {
        return new AuthConfig(argonMemoryKiB, argonIterations, argonParallelism, userTokenTtl, limits, smtp, adminEmail, adminPassword, publicUrl, clock);
    }

    /** A copy that sends mail over SMTP. */
    public AuthConfig withSmtp(MailSettings settings) {
        return new AuthConfig(argonMemoryKiB, argonIterations, argonParallelism, userTokenTtl, rateLimits, Optional.of(settings), adminEmail, adminPassword, publicUrl, clock);
    }

    /** A copy that creates this admin at start. */
    public AuthConfig withAdmin(String email, String password) {
        return new AuthConfig(argonMemoryKiB, argonIterations, argonParallelism, userTokenTtl, rateLimits, smtp, Optional.of(email), Optional.of(password), publicUrl, clock);
    }

    /** A copy with a public URL for links in mail. */
    public AuthConfig withPublicUrl(String url) {
        return new AuthConfig(argonMemoryKiB, argonIterations, argonParallelism, userTokenTtl, rateLimits, smtp, adminEmail, adminPassword, Optional.ofNullable(url), clock);
    }

    /** A copy with another clock. */
    public AuthConfig withClock(Clock c) {
        return new AuthConfig(argonMemoryKiB, argonIterations, argonParallelism, userTokenTtl, rateLimits, smtp, adminEmail, adminPassword, publicUrl, c);
    }

    /** Never shows the admin password. */
    @Override
    public String toString() {
        return "AuthConfig[argon=m=" + argonMemoryKiB + ",t=" + argonIterations + ",p=" + argonParallelism
                + ", userTokenTtl=" + userTokenTtl + ", rateLimits=" + rateLimits + ", smtp=" + smtp
                + ", adminEmail=" + adminEmail + ", publicUrl=" + publicUrl + "]";
    }
}

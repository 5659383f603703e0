package dev.homebase.server.http;

import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.config.RateLimits;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * The rate limits of the sign-in and invite routes ({@code HOMEBASE_AUTH_RATE_LIMITS}), one method per kind of
 * request, so every route that sends mail or checks a password counts against the same keys: per address and per
 * app and email (the email trimmed and lower-cased, so case variants share a count). Thread-safe.
 */
final class SignInLimits {
    private final RateLimiter limiter;
    private final RateLimits limits;

    SignInLimits(AuthServices auth) {
        this.limiter = auth.limiter();
        this.limits = auth.limits();
    }

    /** A password check for {@code email} of {@code appId} (login): per address and per email. */
    void login(Context ctx, String appId, String email) {
        limiter.check("login:ip:" + ctx.ip(), limits.loginPerIp());
        loginOf(appId, key(email));
    }

    /** A password check for a signed-in user's own, stored {@code email} (change-password): per email only. */
    void loginOf(String appId, String email) {
        limiter.check("login:email:" + appId + ":" + email, limits.loginPerEmail());
    }

    /** A request that sends mail to {@code email} of {@code appId} (register, resend, reset, invite). */
    void mail(Context ctx, String appId, String email) {
        limiter.check("mail:ip:" + ctx.ip(), limits.mailPerIp());
        limiter.check("mail:email:" + appId + ":" + key(email), limits.mailPerEmail());
    }

    /** A one-time code or reset token tried (verify-otp, reset-password): per address. */
    void verify(Context ctx) {
        limiter.check("verify:ip:" + ctx.ip(), limits.verifyPerIp());
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}

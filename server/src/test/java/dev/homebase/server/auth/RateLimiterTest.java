package dev.homebase.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.server.config.RateLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final TestClock clock = new TestClock();
    private final RateLimiter limiter = new RateLimiter(clock);
    private final RateLimits.Rule twoPerMinute = new RateLimits.Rule(2, Duration.ofMinutes(1));

    @Test
    void countsPerKeyAndResetsAfterTheWindow() {
        limiter.check("a", twoPerMinute);
        limiter.check("a", twoPerMinute);
        AuthException e = assertThrows(AuthException.class, () -> limiter.check("a", twoPerMinute));
        assertEquals(AuthException.Kind.TOO_MANY, e.kind());
        assertEquals("Too many requests. Please try again in 60 seconds.", e.getMessage());
        assertEquals(60, e.retryAfterSeconds());
        clock.advance(Duration.ofMillis(59_001));
        assertEquals(1, assertThrows(AuthException.class, () -> limiter.check("a", twoPerMinute)).retryAfterSeconds(),
                "rounded up to whole seconds");
        limiter.check("b", twoPerMinute);
        clock.advance(Duration.ofMillis(999));
        limiter.check("a", twoPerMinute);
    }

    @Test
    void unlimitedNeverRefuses() {
        for (int i = 0; i < 1000; i++) limiter.check("a", RateLimits.Rule.unlimited());
    }

    @Test
    void limitsAreReadFromTheEnvironmentSetting() {
        assertEquals(RateLimits.DEFAULT, RateLimits.parse("on"));
        assertEquals(RateLimits.DEFAULT, RateLimits.parse(null));
        assertEquals(RateLimits.UNLIMITED, RateLimits.parse(" OFF "));
        RateLimits r = RateLimits.parse("login_ip=300/5m, mail_email=2/90s,verify_ip=0/1h");
        assertEquals(new RateLimits.Rule(300, Duration.ofMinutes(5)), r.loginPerIp());
        assertEquals(new RateLimits.Rule(2, Duration.ofSeconds(90)), r.mailPerEmail());
        assertEquals(new RateLimits.Rule(0, Duration.ofHours(1)), r.verifyPerIp());
        assertEquals(RateLimits.DEFAULT.loginPerEmail(), r.loginPerEmail(), "unnamed limits keep their defaults");
        assertEquals(RateLimits.DEFAULT.mailPerIp(), r.mailPerIp());
        for (String bad : new String[] {"sometimes", "login_ip=10", "login_ip=10/5d", "logins=1/1m", "login_ip=1/0s"}) {
            assertThrows(IllegalArgumentException.class, () -> RateLimits.parse(bad), bad);
        }
    }
}

package dev.homebase.server.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.auth.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OAuthStatesTest {
    private final TestClock clock = new TestClock();
    private final OAuthStates states = new OAuthStates(clock);

    private String start(String browser) {
        return states.put(new OAuthStates.Pending("app", "google", "http://x/cb", "/", null, "n", "v",
                OAuthStates.hash(browser), states.expiry()));
    }

    @Test
    void aStateIsTakenOnceAndOnlyByTheBrowserThatStartedIt() {
        String state = start("browser-a");
        assertTrue(states.take(state, "browser-b").isEmpty(), "another browser");
        assertTrue(states.take(state, null).isEmpty(), "no cookie");
        assertEquals("google", states.take(state, "browser-a").orElseThrow().provider(), "the rightful browser still can");
        assertTrue(states.take(state, "browser-a").isEmpty(), "single use");
        assertTrue(states.take(null, "browser-a").isEmpty());
    }

    @Test
    void aStateExpiresAfterTenMinutes() {
        String late = start("b");
        String inTime = start("b");
        assertNotEquals(late, inTime);
        clock.advance(OAuthStates.TTL.minusSeconds(1));
        assertTrue(states.take(inTime, "b").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(states.take(late, "b").isEmpty(), "expired");
    }
}

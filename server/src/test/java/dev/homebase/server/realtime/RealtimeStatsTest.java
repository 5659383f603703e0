package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The periodic stats line is written only when something happened since the last one. */
class RealtimeStatsTest {
    private static RealtimeStats stats(int connections, long accepted, long published, long delivered) {
        return new RealtimeStats(connections, accepted, 0, 0, 0, connections, 0, published, 0, 0, delivered, 0, 0);
    }

    @Test
    void aQuietServerIsNotActive() {
        assertFalse(stats(0, 0, 0, 0).activeSince(null), "nothing since start");
        assertFalse(stats(3, 5, 10, 30).activeSince(stats(3, 5, 10, 30)), "nothing since the last line");
    }

    @Test
    void connectionsAndEventsAreActivity() {
        assertTrue(stats(1, 1, 0, 0).activeSince(null));
        assertTrue(stats(0, 0, 1, 0).activeSince(null), "writes published with nobody listening");
        assertTrue(stats(2, 5, 10, 30).activeSince(stats(3, 5, 10, 30)), "a connection closed");
        assertTrue(stats(3, 5, 11, 33).activeSince(stats(3, 5, 10, 30)), "an event went out");
        assertTrue(stats(3, 6, 10, 30).activeSince(stats(3, 5, 10, 30)), "a reconnect, same count");
    }
}

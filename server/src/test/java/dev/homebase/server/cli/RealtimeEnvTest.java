package dev.homebase.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.server.realtime.RealtimeSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code HOMEBASE_REALTIME_*}: read into the realtime settings; a bad value names its variable. */
class RealtimeEnvTest {

    @Test
    void unsetVariablesKeepTheDefaults() {
        assertEquals(RealtimeSettings.defaults(), ServeCommand.realtimeSettings(Map.<String, String>of()::get));
    }

    @Test
    void everyVariableIsRead() {
        RealtimeSettings s = ServeCommand.realtimeSettings(Map.of(
                "HOMEBASE_REALTIME_MAX_CONNECTIONS", "500",
                "HOMEBASE_REALTIME_MAX_CONNECTIONS_PER_APP", " 200 ",
                "HOMEBASE_REALTIME_MAX_ROOMS_PER_CONNECTION", "20",
                "HOMEBASE_REALTIME_PING_INTERVAL_MS", "10000",
                "HOMEBASE_REALTIME_PING_TIMEOUT_MS", "60000",
                "HOMEBASE_REALTIME_DISPATCH_THREADS", "3")::get);
        assertEquals(500, s.maxConnections());
        assertEquals(200, s.maxConnectionsPerApp());
        assertEquals(20, s.maxRoomsPerConnection());
        assertEquals(Duration.ofSeconds(10), s.pingInterval());
        assertEquals(Duration.ofMinutes(1), s.pingTimeout());
        assertEquals(3, s.dispatchThreads());
    }

    @Test
    void aLowerTotalLowersTheDefaultPerAppLimit() {
        RealtimeSettings s = ServeCommand.realtimeSettings(Map.of("HOMEBASE_REALTIME_MAX_CONNECTIONS", "50")::get);
        assertEquals(50, s.maxConnections());
        assertEquals(50, s.maxConnectionsPerApp());
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheVariable() {
        for (String bad : new String[] {"0", "-3", "lots", "1.5", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServeCommand.realtimeSettings(Map.of("HOMEBASE_REALTIME_MAX_CONNECTIONS_PER_APP", bad)::get));
            assertEquals("HOMEBASE_REALTIME_MAX_CONNECTIONS_PER_APP must be a whole number from 1 up, got \"" + bad + "\"", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.realtimeSettings(Map.of("HOMEBASE_REALTIME_PING_TIMEOUT_MS", "0")::get));
    }
}

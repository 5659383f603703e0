package dev.homebase.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.QueryLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code HOMEBASE_QUERY_TIMEOUT_MS}, {@code HOMEBASE_DB_POOL_WAIT_MS} and {@code HOMEBASE_DB_POOL_SIZE}: read into the query limits; a bad value names its variable. */
class QueryLimitsEnvTest {

    @Test
    void unsetVariablesKeepTheDefaults() {
        QueryLimits limits = ServeCommand.queryLimits(Map.<String, String>of()::get);
        assertEquals(QueryLimits.defaults(), limits);
        assertEquals(Duration.ofSeconds(5), limits.statementTimeout());
        assertEquals(Duration.ofSeconds(10), limits.connectionWait());
    }

    @Test
    void bothVariablesAreRead() {
        QueryLimits limits = ServeCommand.queryLimits(Map.of("HOMEBASE_QUERY_TIMEOUT_MS", "1500", "HOMEBASE_DB_POOL_WAIT_MS", " 3000 ")::get);
        assertEquals(new QueryLimits(Duration.ofMillis(1500), Duration.ofSeconds(3)), limits);
    }

    @Test
    void thePostgresPoolSizeIsRead() {
        assertEquals(32, ServeCommand.queryLimits(Map.<String, String>of()::get).postgresPoolSize());
        assertEquals(new QueryLimits(Duration.ofSeconds(5), Duration.ofSeconds(10), 12),
                ServeCommand.queryLimits(Map.of("HOMEBASE_DB_POOL_SIZE", "12")::get));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.queryLimits(Map.of("HOMEBASE_DB_POOL_SIZE", "0")::get));
        assertTrue(e.getMessage().contains("HOMEBASE_DB_POOL_SIZE"), e.getMessage());
    }

    @Test
    void aValueBelowOneOrNotANumberNamesItsVariable() {
        for (String bad : new String[] {"0", "-5", "5s", "1e3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServeCommand.queryLimits(Map.of("HOMEBASE_QUERY_TIMEOUT_MS", bad)::get));
            assertTrue(e.getMessage().contains("HOMEBASE_QUERY_TIMEOUT_MS"), e.getMessage());
        }
    }
}

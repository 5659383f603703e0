package dev.homebase.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.server.integrations.extract.ExtractLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code HOMEBASE_EXTRACT_MAX_ROWS} and {@code HOMEBASE_EXTRACT_MAX_BYTES}: read with the other settings when
 * {@code serve} starts (into its {@code ServerConfig}); a bad value is one line naming its variable and range. (That
 * {@code serve} stops with that line and exit code 2 is StartErrorsTest's.)
 */
class ExtractLimitsEnvTest {

    @Test
    void unsetVariablesKeepTheDefaults() {
        assertEquals(ExtractLimits.DEFAULT, ServeCommand.extractLimits(Map.<String, String>of()::get));
        assertEquals(ExtractLimits.DEFAULT, ServeCommand.extractLimits(Map.of("HOMEBASE_EXTRACT_MAX_ROWS", " ")::get));
    }

    @Test
    void bothVariablesAreRead() {
        assertEquals(new ExtractLimits(250, 4096), ServeCommand.extractLimits(
                Map.of("HOMEBASE_EXTRACT_MAX_ROWS", "250", "HOMEBASE_EXTRACT_MAX_BYTES", " 4096 ")::get));
        assertEquals(new ExtractLimits(10_000, ExtractLimits.MAX_BYTES_LIMIT), ServeCommand.extractLimits(
                Map.of("HOMEBASE_EXTRACT_MAX_BYTES", String.valueOf(ExtractLimits.MAX_BYTES_LIMIT))::get));
    }

    @Test
    void aBadValueNamesItsVariableAndTheRange() {
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.extractLimits(Map.of("HOMEBASE_EXTRACT_MAX_BYTES", "2147483640")::get));
        assertEquals("HOMEBASE_EXTRACT_MAX_BYTES must be a whole number from 1 to 2147483639, got \"2147483640\"", tooLarge.getMessage());
        for (String bad : new String[] {"0", "-5", "20MB", "1e3", "99999999999"}) {
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> ServeCommand.extractLimits(Map.of("HOMEBASE_EXTRACT_MAX_ROWS", bad)::get));
            assertEquals("HOMEBASE_EXTRACT_MAX_ROWS must be a whole number from 1 up, got \"" + bad + "\"", rows.getMessage());
            IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
                    () -> ServeCommand.extractLimits(Map.of("HOMEBASE_EXTRACT_MAX_BYTES", bad)::get));
            assertEquals("HOMEBASE_EXTRACT_MAX_BYTES must be a whole number from 1 to 2147483639, got \"" + bad + "\"", bytes.getMessage());
        }
    }
}

package dev.homebase.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {
    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void codesAreSixDigitsAndVary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String c = codes.newCode();
            assertTrue(c.matches("\\d{6}"), c);
            seen.add(c);
        }
        assertTrue(seen.size() > 190);
    }

    @Test
    void onlyHashesAreComparedAndTheyMatchExactly() {
        String code = codes.newCode();
        String stored = OneTimeCodes.hash(code);
        assertEquals(64, stored.length());
        assertFalse(stored.contains(code));
        assertTrue(OneTimeCodes.matches(code, stored));
        assertTrue(OneTimeCodes.matches(" " + code + " ", stored));
        assertFalse(OneTimeCodes.matches(code + "0", stored));
        assertFalse(OneTimeCodes.matches(null, stored));
        assertTrue(codes.newToken().matches("[A-Za-z0-9_-]{43}"));
    }
}

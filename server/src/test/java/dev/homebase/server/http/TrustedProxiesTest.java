package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code HOMEBASE_TRUSTED_PROXIES}: which peer addresses are believed (the HTTP behaviour: cli/TrustedProxiesEnvTest). */
class TrustedProxiesTest {

    @Test
    void addressesAndCidrBlocksOfBothFamilies() {
        TrustedProxies p = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.5 ,fd00::/8, 172.16.0.0/12");
        assertTrue(p.trusts("10.200.3.4"));
        assertTrue(p.trusts("192.168.1.5"));
        assertFalse(p.trusts("192.168.1.6"));
        assertTrue(p.trusts("172.31.255.255"));
        assertFalse(p.trusts("172.32.0.1"), "outside the /12");
        assertTrue(p.trusts("fd12:3456::1"));
        assertTrue(p.trusts("[fd00::2]"));
        assertFalse(p.trusts("::1"));
        assertFalse(p.trusts("127.0.0.1"));
        assertFalse(p.trusts("localhost"), "never a name (no DNS lookups)");
        assertFalse(p.trusts(null));
    }

    @Test
    void noneByDefault() {
        assertTrue(TrustedProxies.parse(null).isEmpty());
        assertTrue(TrustedProxies.parse(" , ").isEmpty());
        assertFalse(TrustedProxies.parse("").trusts("127.0.0.1"));
    }

    @Test
    void malformedEntriesNameTheVariableAndTheEntry() {
        for (String bad : new String[] {"proxy.example.com", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/x", "::1/129", "1.2.3.4/-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.1, " + bad));
            assertTrue(e.getMessage().startsWith("HOMEBASE_TRUSTED_PROXIES: \"" + bad + "\""), e.getMessage());
        }
    }
}

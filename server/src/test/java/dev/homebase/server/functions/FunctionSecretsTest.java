package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.auth.AppKeys;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FunctionSecrets} on SQLite and PostgreSQL: set, replace, list per app, delete, bad names and values. */
class FunctionSecretsTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void secretsAreKeptPerAppNextToTheSigningKeys(TestDatabases.Kind kind) {
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            TestClock clock = new TestClock();
            FunctionSecrets secrets = new FunctionSecrets(db, clock);
            AppKeys keys = new AppKeys(db, clock);
            byte[] signingKey = keys.signingKey("app1");

            secrets.set("app1", "STRIPE_KEY", "sk_test_123");
            secrets.set("app1", "GREETING", "hello = world ✓");
            secrets.set("app2", "STRIPE_KEY", "other app");
            assertEquals(Map.of("GREETING", "hello = world ✓", "STRIPE_KEY", "sk_test_123"), secrets.all("app1"),
                    "only env: entries of the app, not its signing key");
            secrets.set("app1", "STRIPE_KEY", "sk_live_456");
            assertEquals("sk_live_456", secrets.all("app1").get("STRIPE_KEY"));
            assertEquals(Map.of("STRIPE_KEY", "other app"), secrets.all("app2"));

            assertTrue(secrets.delete("app1", "STRIPE_KEY"));
            assertFalse(secrets.delete("app1", "STRIPE_KEY"));
            assertEquals(Map.of("GREETING", "hello = world ✓"), secrets.all("app1"));
            assertArrayEquals(signingKey, keys.signingKey("app1"), "secrets never touch the signing key");

            assertThrows(IllegalArgumentException.class, () -> secrets.set("app1", "DENO_DIR", "x"));
            assertThrows(IllegalArgumentException.class, () -> secrets.set("app1", "HOMEBASE_DB", "x"));
            assertThrows(IllegalArgumentException.class, () -> secrets.set("app1", "1BAD", "x"));
            assertThrows(IllegalArgumentException.class, () -> secrets.set("app1", "NUL", "a\0b"));
            assertThrows(IllegalArgumentException.class, () -> secrets.set("app1", "BIG", "x".repeat(FunctionSecrets.MAX_VALUE_CHARS + 1)));
            assertEquals(Map.of("GREETING", "hello = world ✓"), secrets.all("app1"), "refused writes change nothing");
        }
    }
}

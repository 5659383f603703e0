package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A secret set, replaced and deleted through the dashboard's API ({@code PUT|DELETE /api/apps/{appId}/dashboard/secrets/{name}})
 * reaches the app's functions at their next call, without a server restart and although a warm process was running
 * ({@code Deno.env.get("GREETING")} in {@code functionstest/base44/functions/secret}), on SQLite and PostgreSQL; the
 * value never appears in the server's log. With two nodes on one PostgreSQL database, a change made on one restarts
 * the warm processes of the other. Skipped only when no Deno can be found or installed.
 */
class DashboardSecretsFunctionTest {
    private static final String APP = "functionstest";
    private static final String SECRETS = "/api/apps/" + APP + "/dashboard/secrets/GREETING";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "admin-password";

    @BeforeAll
    static void deno() throws Exception {
        FunctionsApiTest.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found: set HOMEBASE_DENO, put deno on PATH, or make `npm ci` work in functions-runtime/");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theNextCallSeesASecretSetReplacedOrDeletedWithoutARestart(TestDatabases.Kind kind) {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.homebase");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(logged);
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD),
                FunctionSettings.defaults().withIdleTimeout(Duration.ofMinutes(5)))) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            FunctionHost host = server.app().functions();
            assertTrue(greeting(server).isNull(), "not set yet");
            assertEquals(1, host.processCount(APP, "secret"), "a warm process, started without the secret");

            assertEquals(200, server.sendAs(admin, "PUT", SECRETS, "{\"value\":\"hello from the dashboard\"}").status());
            assertEquals("hello from the dashboard", greeting(server).asText(), "seen by the next call");
            assertEquals("hello from the dashboard", greeting(server).asText());
            assertEquals(1, host.processCount(APP, "secret"), "one warm process again");

            assertEquals(200, server.sendAs(admin, "PUT", SECRETS, "{\"value\":\"replaced value\"}").status());
            assertEquals("replaced value", greeting(server).asText());

            assertEquals(200, server.sendAs(admin, "DELETE", SECRETS, null).status());
            assertTrue(greeting(server).isNull(), "deleted: gone at the next call");
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
        for (ILoggingEvent e : logged.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertFalse(line.contains("hello from the dashboard") || line.contains("replaced value"), "a secret value in the log: " + line);
        }
        assertFalse(logged.list.isEmpty(), "the log was captured");
    }

    @Test
    void aSecretSetOnOneNodeReachesTheWarmProcessesOfAnother() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = TestServer.copyFixture(APP);
        var auth = TestServer.fastAuth().withAdmin(ADMIN, PASSWORD);
        // The default idle timeout (5 minutes) keeps node B's process warm for the whole test.
        try (TestServer a = new TestServer(project, url, auth); TestServer b = new TestServer(project, url, auth)) {
            assertTrue(greeting(b).isNull());
            assertEquals(1, b.app().functions().processCount(APP, "secret"), "warm on node B");
            assertEquals(200, a.sendAs(a.login(APP, ADMIN, PASSWORD), "PUT", SECRETS, "{\"value\":\"set on node A\"}").status());
            // Node B hears of the change over the database's event bus; its next call after that starts a new process.
            long deadline = System.currentTimeMillis() + 10_000;
            JsonNode seen = greeting(b);
            while (!seen.asText("").equals("set on node A") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                seen = greeting(b);
            }
            assertEquals("set on node A", seen.asText(), "node B's warm process was restarted");
        }
    }

    private static JsonNode greeting(TestServer server) {
        TestServer.Response r = server.sendAs(null, "GET", "/api/apps/" + APP + "/functions/secret", null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("greeting");
    }
}

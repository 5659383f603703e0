package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code homebase secrets set|delete} while a server runs on the same database: on PostgreSQL the command tells the
 * running server through the event bus (topic {@code secrets}, as the dashboard does), which restarts the app's warm
 * function processes, so the function sees the new value without a server restart; on SQLite it cannot, and says so
 * (the warm process keeps the old value, the documented limit).
 */
class SecretsCliTest {
    private static final String APP = "functionstest";

    @BeforeAll
    static void deno() throws Exception {
        FunctionsApiTest.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(),
                "Deno not found: set HOMEBASE_DENO, put deno on PATH, or make `npm ci` work in functions-runtime/");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRunningServerSeesTheCommandsChange(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth())) {
            String dir = server.dir().toString();
            assertTrue(cli("secrets", "set", "GREETING=first", "-p", dir, "--db", server.databaseUrl()).startsWith("Set GREETING"));
            assertEquals("first", greeting(server), "a new process reads the secret");

            String said = cli("secrets", "set", "GREETING=second", "-p", dir, "--db", server.databaseUrl());
            if (kind == TestDatabases.Kind.POSTGRES) {
                assertTrue(said.contains("servers running on this database restart"), said);
                assertEquals("second", awaitGreeting(server, "second"), "the warm process was restarted with the new value");

                said = cli("secrets", "delete", "GREETING", "-p", dir, "--db", server.databaseUrl());
                assertTrue(said.startsWith("Deleted GREETING (servers running"), said);
                assertEquals("null", awaitGreeting(server, "null"), "a deleted secret is gone on the next calls");
            } else {
                assertTrue(said.contains("restart the server"), said);
                assertEquals("first", greeting(server), "SQLite: the warm process keeps the value it started with");
            }
        }
    }

    /** What the {@code secret} function reads from {@code GREETING} ({@code "null"} when unset). */
    private static String greeting(TestServer server) {
        TestServer.Response r = server.send("POST", "/api/apps/" + APP + "/functions/secret", "{}");
        assertEquals(200, r.status(), r.body());
        JsonNode g = r.json().get("greeting");
        return g.isNull() ? "null" : g.asText();
    }

    /** The greeting once it is {@code expected}, or the last one seen after 15 s (the bus delivers asynchronously). */
    private static String awaitGreeting(TestServer server, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String seen = greeting(server);
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = greeting(server);
        }
        return seen;
    }

    /** Runs {@code homebase args...} in this JVM; fails unless it exits 0; returns what it printed. */
    private static String cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        synchronized (System.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                code = HomebaseCommand.run(args);
            } finally {
                System.setOut(original);
            }
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, String.join(" ", args) + " printed " + out);
        return out.strip();
    }
}

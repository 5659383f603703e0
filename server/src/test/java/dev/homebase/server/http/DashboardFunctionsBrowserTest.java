package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.functions.DenoBinary;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.store.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's Functions page in a real browser (Debian's headless {@code chromium} driven by
 * {@code playwright-core}, {@code src/test/browser/functions.mjs}) against a server running the
 * {@code dashfunctionstest} project: a Deno function that greets, a Deno function that fails with a 500 and a Java
 * function. The script signs an admin in, checks the list and runtimes, invokes with a JSON body, waits for the
 * log line in the live tail, provokes the bad-JSON and failing-function alerts, filters the logs and checks that
 * polling stops with Live off and when the page is left; a console error fails it. It writes the screenshot
 * {@code docs/dashboard/functions.png}. The calls are then checked through the API (the logs hold them).
 *
 * <p>Skipped (not failed) when {@code /usr/bin/chromium}, {@code node}/{@code npm} or Deno is missing.
 */
class DashboardFunctionsBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("../docs/dashboard/functions.png").toAbsolutePath().normalize();
    private static final String APP = "dashfunctionstest";
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "dashboard-admin-pass";

    @BeforeAll
    static void needsABrowserAndDeno() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium)");
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "Skipped: node and npm are needed to drive Chromium");
        dev.homebase.server.functions.FunctionsApiTestAccess.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Skipped: no Deno (npm ci in functions-runtime/)");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            Process ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPTS.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, ci.waitFor(), "npm ci in " + SCRIPTS);
        }
    }

    @Test
    void listsInvokesTailsAndFiltersTheFunctions() throws Exception {
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth().withAdmin(EMAIL, PASSWORD),
                FunctionSettings.defaults())) {
            Files.createDirectories(SCREENSHOT.getParent());
            Path err = Files.createTempFile("dashboard-functions-browser", ".log");
            Process p = new ProcessBuilder("node", "functions.mjs", "http://127.0.0.1:" + server.port(), APP, EMAIL, PASSWORD,
                    SCREENSHOT.toString()).directory(SCRIPTS.toFile()).redirectError(err.toFile()).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) out.append(line).append('\n');
            }
            boolean ended = p.waitFor(240, TimeUnit.SECONDS);
            if (!ended) p.destroyForcibly();
            String log = Files.readString(err);
            assertTrue(ended, "the browser script did not end:\n" + out + log);
            assertEquals(0, p.exitValue(), "functions.mjs failed:\n" + out + "\n" + log);
            assertTrue(out.toString().contains("DONE ok"), out + log);
            assertTrue(Files.size(SCREENSHOT) > 10_000, "the screenshot was written");

            // What the page did went through the apps' function route: the functions printed it.
            TestServer.Response logs = server.sendAs(server.serviceToken(), "GET", "/api/apps/" + APP + "/functions-logs", null);
            assertEquals(200, logs.status(), logs.body());
            StringBuilder messages = new StringBuilder();
            for (JsonNode item : logs.json().get("items")) messages.append(item.get("function").asText()).append(": ")
                    .append(item.get("message").asText()).append('\n');
            assertTrue(messages.toString().contains("greet: greeting Ada"), messages.toString());
            assertTrue(messages.toString().contains("orders/fail: payment service unreachable for POST"), messages.toString());
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

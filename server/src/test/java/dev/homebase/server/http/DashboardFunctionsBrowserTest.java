package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.functions.DenoBinary;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final Path SCREENSHOT = Path.of("../docs/dashboard/functions.png").toAbsolutePath().normalize();
    private static final String APP = "dashfunctionstest";
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "dashboard-admin-pass";

    @BeforeAll
    static void needsABrowserAndDeno() throws Exception {
        BrowserScripts.assumeBrowser();
        dev.homebase.server.functions.FunctionsApiTestAccess.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Skipped: no Deno (npm ci in functions-runtime/)");
    }

    @Test
    void listsInvokesTailsAndFiltersTheFunctions() throws Exception {
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth().withAdmin(EMAIL, PASSWORD),
                FunctionSettings.defaults())) {
            Files.createDirectories(SCREENSHOT.getParent());
            BrowserScripts.run(Duration.ofSeconds(240), "functions.mjs", "http://127.0.0.1:" + server.port(), APP, EMAIL, PASSWORD,
                    SCREENSHOT.toString());
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

}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * The admin dashboard at {@code /_/} in a real browser: Debian's headless {@code chromium}, driven by
 * {@code playwright-core} ({@code src/test/browser/dashboard.mjs}), signs an app admin in, filters the
 * records of an entity, creates one through the form (seeing the server's 422 on the field first),
 * edits it and deletes it, bulk-deletes two others, then invites a user and makes them an admin; a console error fails the run. The records are then checked through the API.
 * Screenshots land in {@code target/dashboard-screenshots/}.
 *
 * <p>Skipped (not failed) when {@code /usr/bin/chromium} or {@code node}/{@code npm} is missing, as
 * {@link LoginBrowserTest} is.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final String APP = "apitest";
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "dashboard-admin-pass";

    @BeforeAll
    static void needsABrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium)");
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "Skipped: node and npm are needed to drive Chromium");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            Process ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPTS.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, ci.waitFor(), "npm ci in " + SCRIPTS);
        }
    }

    @Test
    void signsInFiltersCreatesWithA422ThenEditsAndDeletes() throws Exception {
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth().withAdmin(EMAIL, PASSWORD))) {
            String service = server.serviceToken();
            for (String title : new String[] {"alpha", "beta", "gamma"}) {
                assertEquals(201, server.sendAs(service, "POST", "/api/apps/" + APP + "/entities/Item",
                        "{\"title\":\"" + title + "\",\"count\":1}").status());
            }
            Path shots = Path.of("target/dashboard-screenshots").toAbsolutePath();
            Files.createDirectories(shots);
            Path err = Files.createTempFile("dashboard-browser", ".log");
            Process p = new ProcessBuilder("node", "dashboard.mjs", "http://127.0.0.1:" + server.port(), APP, EMAIL, PASSWORD,
                    shots.toString()).directory(SCRIPTS.toFile()).redirectError(err.toFile()).start();
            StringBuilder out = new StringBuilder();
            String created = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out.append(line).append('\n');
                    if (line.startsWith("CREATED ")) created = line.substring("CREATED ".length());
                }
            }
            boolean ended = p.waitFor(150, TimeUnit.SECONDS);
            if (!ended) p.destroyForcibly();
            String log = Files.readString(err);
            assertTrue(ended, "the browser script did not end:\n" + out + log);
            assertEquals(0, p.exitValue(), "dashboard.mjs failed:\n" + out + "\n" + log);
            assertTrue(out.toString().contains("DONE ok"), out + log);

            // What the browser did went through the API: the created record is gone, the seeded ones stay.
            assertNotNull(created, out.toString());
            assertEquals(404, server.sendAs(service, "GET", "/api/apps/" + APP + "/entities/Item/" + created, null).status());
            assertEquals(1, server.sendAs(service, "GET", "/api/apps/" + APP + "/entities/Item/count", null).json().get("count").asInt(),
                    "beta is left after the bulk delete of alpha and gamma");
            assertTrue(Files.size(shots.resolve("dashboard-data.png")) > 0);
            TestServer.Response invited = server.sendAs(service, "GET", "/api/apps/" + APP + "/entities/User?q="
                    + java.net.URLEncoder.encode("{\"email\":\"invited@example.test\"}", StandardCharsets.UTF_8), null);
            assertEquals(200, invited.status(), invited.body());
            assertEquals(1, invited.json().size(), invited.body());
            assertEquals("admin", invited.json().get(0).get("role").asText(), "the role changed in the browser");
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

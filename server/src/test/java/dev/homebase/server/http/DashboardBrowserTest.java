package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final String APP = "apitest";
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "dashboard-admin-pass";

    @BeforeAll
    static void needsABrowser() throws Exception {
        BrowserScripts.assumeBrowser();
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
            BrowserScripts.Run run = BrowserScripts.run(Duration.ofSeconds(150), "dashboard.mjs", "http://127.0.0.1:" + server.port(),
                    APP, EMAIL, PASSWORD, shots.toString());
            String created = run.after("CREATED ");

            // What the browser did went through the API: the created record is gone, the seeded ones stay.
            assertNotNull(created, run.out());
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

}

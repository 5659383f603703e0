package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's Activity and Settings pages in a real browser: Debian's headless {@code chromium}, driven by
 * {@code playwright-core} ({@code src/test/browser/ops.mjs}). Page views and analytics events are seeded through the
 * public endpoints (today) and, for the older days of the charts, straight into the tables (recent dates, kept by the
 * retention); the script checks the charts, switches the range, sets, replaces and deletes a secret without its value
 * ever reaching the DOM, and reads the settings summary; a console error fails it. The secret's fate is then checked
 * through the API. Screenshots: {@code docs/dashboard/activity.png} and {@code settings.png}.
 *
 * <p>Skipped (not failed) when {@code /usr/bin/chromium} or {@code node}/{@code npm} is missing, as
 * {@link DashboardBrowserTest} is.
 */
class DashboardOpsBrowserTest {
    private static final Path SHOTS = Path.of("../docs/dashboard").toAbsolutePath().normalize();
    private static final String APP = "apitest";
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "dashboard-admin-pass";
    private static final String SECRET = "sk_test_never-in-the-dom-0815";

    @BeforeAll
    static void needsABrowser() throws Exception {
        BrowserScripts.assumeBrowser();
    }

    @Test
    void activityChartsRangeSecretsAndTheSettingsSummary() throws Exception {
        Path dir = TestServer.copyFixture(APP);
        Files.writeString(dir.resolve("base44/config.jsonc"), """
                { "name": "API test app", "auth": { "providers": { "google": { "clientId": "1234.apps.googleusercontent.com" } } } }
                """);
        try (TestServer server = new TestServer(dir, TestDatabases.freshUrl(TestDatabases.Kind.SQLITE),
                TestServer.fastAuth().withAdmin(EMAIL, PASSWORD))) {
            String admin = server.login(APP, EMAIL, PASSWORD);
            seed(server, admin);
            assertEquals(200, server.sendAs(admin, "PUT", "/api/apps/" + APP + "/dashboard/secrets/GOOGLE_CLIENT_SECRET",
                    "{\"value\":\"google-secret-value\"}").status());
            Files.createDirectories(SHOTS);
            BrowserScripts.Run run = BrowserScripts.run(Duration.ofSeconds(150), "ops.mjs", "http://127.0.0.1:" + server.port(), APP,
                    EMAIL, PASSWORD, SHOTS.toString(), SECRET);
            assertFalse(run.log().contains(SECRET), "the secret's value reached the browser's console");

            // The secret the browser set and deleted is gone; the provider's stays.
            TestServer.Response secrets = server.sendAs(admin, "GET", "/api/apps/" + APP + "/dashboard/secrets", null);
            assertEquals(1, secrets.json().get("secrets").size(), secrets.body());
            assertEquals("GOOGLE_CLIENT_SECRET", secrets.json().get("secrets").get(0).get("name").asText());
            assertTrue(Files.size(SHOTS.resolve("activity.png")) > 0);
            assertTrue(Files.size(SHOTS.resolve("settings.png")) > 0);
        }
    }

    /**
     * Today, through the public endpoints: 7 page views by the admin (/pricing 4, /home 3) and signup_click 3 times.
     * Older days, anonymous, straight into the tables: 10 views more than a week ago (/home 4, /about 6), signup_click
     * 5 times (5 and 12 days ago) and a heartbeat on each of the last 6 days.
     */
    private static void seed(TestServer server, String admin) {
        for (String page : new String[] {"pricing", "pricing", "pricing", "pricing", "home", "home", "home"}) {
            assertEquals(200, server.sendAs(admin, "POST", "/api/app-logs/" + APP + "/log-user-in-app//" + page, null).status());
        }
        String click = "{\"event_name\":\"signup_click\",\"properties\":{\"plan\":\"pro\"},\"page_url\":\"/pricing\",\"session_id\":\"s1\"}";
        assertEquals(200, server.sendAs(null, "POST", "/api/apps/" + APP + "/analytics/track/batch",
                "{\"events\":[" + click + "," + click + "," + click + "]}").status());
        server.app().appLogs().flush();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Object[][] views = {{8, "/about", 3}, {10, "/about", 2}, {15, "/home", 4}, {22, "/about", 1}};
        Object[][] events = {{5, "signup_click", 2}, {12, "signup_click", 3}, {1, "__user_heartbeat_event__", 1},
                {2, "__user_heartbeat_event__", 1}, {3, "__user_heartbeat_event__", 1}, {4, "__user_heartbeat_event__", 1},
                {5, "__user_heartbeat_event__", 1}, {6, "__user_heartbeat_event__", 1}};
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> {
                try (var ps = c.prepareStatement("INSERT INTO app_logs (app_id, page_name, user_id, session_id, created_date)"
                        + " VALUES (?, ?, NULL, 'anon-1', ?)")) {
                    for (Object[] v : views) {
                        for (int i = 0; i < (int) v[2]; i++) {
                            ps.setString(1, APP);
                            ps.setString(2, (String) v[1]);
                            ps.setString(3, today.minusDays((int) v[0]) + "T09:30:00.000000");
                            ps.executeUpdate();
                        }
                    }
                }
                try (var ps = c.prepareStatement("INSERT INTO analytics_events (app_id, event_name, properties, page_url, user_id,"
                        + " session_id, event_time, created_date) VALUES (?, ?, '{}', '/pricing', NULL, 'anon-1', ?, ?)")) {
                    for (Object[] e : events) {
                        String at = today.minusDays((int) e[0]) + "T15:00:00.000000";
                        for (int i = 0; i < (int) e[2]; i++) {
                            ps.setString(1, APP);
                            ps.setString(2, (String) e[1]);
                            ps.setString(3, at);
                            ps.setString(4, at);
                            ps.executeUpdate();
                        }
                    }
                }
            });
        }
    }

}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's Users and Apps pages in a real browser: Debian's headless {@code chromium}, driven by
 * {@code playwright-core} ({@code src/test/browser/dashboard-users.mjs}) on a server of two apps. The server admin
 * disables and enables users, sends a reset mail (GreenMail receives it), deletes a user after a confirm dialog,
 * sees the server's message for a failed delete, and switches to the other app without signing in again; an admin
 * of one app sees only that app. A console error fails the run. What the browser did is then checked through the
 * API. Screenshots of both pages are written to {@code docs/dashboard/users.png} and {@code apps.png}.
 *
 * <p>Skipped (not failed) when {@code /usr/bin/chromium} or {@code node}/{@code npm} is missing, as
 * {@link DashboardBrowserTest} is.
 */
class DashboardUsersBrowserTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final Path DOCS = Path.of("../docs/dashboard").toAbsolutePath().normalize();
    private static final String APP = "apitest";
    private static final String OTHER = "rlstest";
    private static final String EMAIL = "root@example.com";
    private static final String PASSWORD = "dashboard-admin-pass";

    @BeforeAll
    static void needsABrowser() throws Exception {
        BrowserScripts.assumeBrowser();
    }

    @Test
    void disablesEnablesMailsDeletesAndSwitchesApps() throws Exception {
        List<Path> dirs = List.of(TestServer.copyFixture(APP), TestServer.copyFixture(OTHER));
        String url = TestDatabases.freshUrl(TestDatabases.Kind.SQLITE);
        try (TestServer server = new TestServer(dirs, url, TestServer.fastAuth().withAdmin(EMAIL, PASSWORD).withSmtp(MAIL.settings()))) {
            String[] people = {"ann", "bob", "cat", "dan", "eve"};
            for (int i = 0; i < people.length; i++) insert(server, "b0000000000000000000000" + i, people[i] + "@example.test", "user");
            insert(server, "b00000000000000000000009", "local@example.test", "admin");
            Files.createDirectories(DOCS);
            BrowserScripts.Run run = BrowserScripts.run(Duration.ofSeconds(150), "dashboard-users.mjs", "http://127.0.0.1:" + server.port(),
                    APP, OTHER, EMAIL, PASSWORD, "local@example.test", DOCS.toString());
            assertTrue(run.out().contains("SWITCHED " + OTHER), run.out() + run.log());

            // What the browser did, through the API: ann enabled again, cat disabled, dan and eve deleted, bob mailed.
            String admin = server.login(APP, EMAIL, PASSWORD);
            assertEquals(200, login(server, "ann@example.test").status());
            TestServer.Response cat = login(server, "cat@example.test");
            assertEquals(403, cat.status(), cat.body());
            assertEquals("This account is disabled", cat.json().get("message").asText());
            for (String gone : new String[] {"dan@example.test", "eve@example.test"}) {
                TestServer.Response found = server.sendAs(admin, "GET", "/api/apps/" + APP + "/entities/User?q="
                        + URLEncoder.encode("{\"email\":\"" + gone + "\"}", StandardCharsets.UTF_8), null);
                assertEquals(0, found.json().size(), found.body());
            }
            String mail = MAIL.latest("bob@example.test").getContent().toString();
            assertTrue(mail.contains("/reset-password?token="), mail);
            assertTrue(Files.size(DOCS.resolve("users.png")) > 0);
            assertTrue(Files.size(DOCS.resolve("apps.png")) > 0);
        }
    }

    private static TestServer.Response login(TestServer server, String email) {
        return server.send("POST", "/api/apps/" + APP + "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    private static void insert(TestServer server, String id, String email, String role) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        String at = "2025-01-01T00:00:00.000000";
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(APP, id, email, email.substring(0, 3), role, hash, true,
                    null, null, 0, at, at)));
        }
    }

}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.config.MailSettings;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.QueryLimits;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dashboard's Activity and Settings endpoints over real HTTP, on SQLite and PostgreSQL: every one refuses
 * anonymous callers (401) and users who are not admins (403); analytics events are counted per day and name in SQL
 * within the range asked for; secrets are listed by name, set, replaced and deleted without a value ever coming back;
 * the settings summary shows what is in force, with its source, and no secret.
 */
class DashboardOpsApiTest {
    private static final String APP = "apitest";
    private static final String BASE = "/api/apps/" + APP + "/dashboard/";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String SECRET_VALUE = "sk_live_never-shown-4711";
    private static final String SMTP_PASSWORD = "smtp-password-never-shown";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void everyEndpointRefusesAnonymousCallersAndUsersWhoAreNotAdmins(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String user = DashboardApiTest.user(server, "u-plain", "plain@example.test");
            String admin = server.login(APP, ADMIN, PASSWORD);
            String[][] routes = {{"GET", "activity"}, {"GET", "settings"}, {"GET", "secrets"},
                    {"PUT", "secrets/STRIPE_KEY"}, {"DELETE", "secrets/STRIPE_KEY"}};
            for (String[] r : routes) {
                String body = r[0].equals("PUT") ? "{\"value\":\"x\"}" : null;
                TestServer.Response anonymous = server.sendAs(null, r[0], BASE + r[1], body);
                assertEquals(401, anonymous.status(), r[1] + " " + anonymous.body());
                assertTrue(anonymous.json().hasNonNull("message"), anonymous.body());
                assertEquals(401, server.sendAs("not-a-token", r[0], BASE + r[1], body).status(), r[1]);
                TestServer.Response refused = server.sendAs(user, r[0], BASE + r[1], body);
                assertEquals(403, refused.status(), r[1] + " " + refused.body());
                assertEquals("Only app admins can use the dashboard", refused.json().get("message").asText());
            }
            // Nothing was written by the refused calls.
            assertEquals(0, server.sendAs(admin, "GET", BASE + "secrets", null).json().get("secrets").size());
            assertEquals(200, server.sendAs(admin, "GET", BASE + "activity", null).status());
            assertEquals(200, server.sendAs(server.serviceToken(), "GET", BASE + "settings", null).status());
            assertEquals(404, server.sendAs(admin, "GET", "/api/apps/nope/dashboard/settings", null).status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void activityCountsEventsPerDayAndNameWithinTheRange(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            // Today's events through the public track endpoint, anonymous, as browsers send them.
            TestServer.Response tracked = server.sendAs(null, "POST", "/api/apps/" + APP + "/analytics/track/batch",
                    "{\"events\":[" + event("signup") + "," + event("signup") + "," + event("signup") + "," + event("click") + "]}");
            assertEquals(200, tracked.status(), tracked.body());
            server.app().appLogs().flush();
            // Older ones straight into the table: 3 days ago, 40 days ago; and another app's, which never counts.
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            insertEvent(server, APP, "signup", today.minusDays(3));
            insertEvent(server, APP, "signup", today.minusDays(40));
            insertEvent(server, "other-app", "signup", today);
            // Twelve more names, once each, 2 days ago: only the 10 most frequent names of the range come back.
            for (int i = 0; i < 12; i++) insertEvent(server, APP, "rare_" + (char) ('a' + i), today.minusDays(2));

            JsonNode week = server.sendAs(admin, "GET", BASE + "activity?days=7", null).json();
            assertEquals(today.minusDays(6).toString(), week.get("since").asText());
            assertEquals(7, week.get("days").asInt());
            assertEquals(10, week.get("event_names").size(), week.toString());
            assertEquals("signup", week.get("event_names").get(0).asText(), "most frequent first");
            assertEquals("click", week.get("event_names").get(1).asText());
            Map<String, Long> counts = counts(week);
            assertEquals(3, counts.get(today + " signup"));
            assertEquals(1, counts.get(today + " click"));
            assertEquals(1, counts.get(today.minusDays(3) + " signup"));
            // signup (4) first, then the names seen once by name: click, rare_a .. rare_h; rare_i .. rare_l are left out.
            assertEquals(1, counts.get(today.minusDays(2) + " rare_h"));
            assertFalse(counts.containsKey(today.minusDays(2) + " rare_i"), "beyond the 10 most frequent names");
            assertEquals(11, counts.size(), week.toString());
            String first = null;
            for (JsonNode e : week.get("events")) {
                assertTrue(first == null || first.compareTo(e.get("date").asText()) <= 0, "oldest day first");
                first = e.get("date").asText();
            }

            JsonNode quarter = server.sendAs(admin, "GET", BASE + "activity?days=90", null).json();
            assertEquals(1, counts(quarter).get(today.minusDays(40) + " signup"));
            JsonNode month = server.sendAs(admin, "GET", BASE + "activity", null).json();
            assertEquals(30, month.get("days").asInt(), "30 days unless told");
            assertFalse(counts(month).containsKey(today.minusDays(40) + " signup"));

            for (String bad : new String[] {"0", "367", "abc", "-1", "7.5"}) {
                TestServer.Response r = server.sendAs(admin, "GET", BASE + "activity?days=" + bad, null);
                assertEquals(400, r.status(), bad + " " + r.body());
                assertTrue(r.json().get("message").asText().contains("days must be a whole number from 1 to 366"), r.body());
            }

            // Realtime connections open to this app now.
            assertEquals(0, week.get("realtime").get("connections").asInt());
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws-user-apps/socket.io/?EIO=4&transport=websocket&app_id=" + APP),
                            new WebSocket.Listener() { })
                    .get(5, TimeUnit.SECONDS);
            try {
                long deadline = System.currentTimeMillis() + 5000;
                int seen = 0;
                while (seen != 1 && System.currentTimeMillis() < deadline) {
                    seen = server.sendAs(admin, "GET", BASE + "activity?days=1", null).json().get("realtime").get("connections").asInt();
                    if (seen != 1) Thread.sleep(50);
                }
                assertEquals(1, seen, "one socket open");
            } finally {
                socket.abort();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void secretsAreListedByNameSetReplacedAndDeletedNeverShowingAValue(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            List<String> bodies = new ArrayList<>();
            TestServer.Response set = server.sendAs(admin, "PUT", BASE + "secrets/STRIPE_KEY", "{\"value\":\"" + SECRET_VALUE + "\"}");
            bodies.add(set.body());
            assertEquals(200, set.status(), set.body());
            assertEquals("STRIPE_KEY", set.json().get("name").asText());
            String firstTime = set.json().get("updated_date").asText();
            assertFalse(firstTime.isBlank());
            TestServer.Response other = server.sendAs(server.serviceToken(), "PUT", BASE + "secrets/A_FIRST", "{\"value\":\"v\"}");
            assertEquals(200, other.status(), other.body());

            TestServer.Response list = server.sendAs(admin, "GET", BASE + "secrets", null);
            bodies.add(list.body());
            assertEquals(200, list.status());
            assertEquals(2, list.json().get("secrets").size(), list.body());
            assertEquals("A_FIRST", list.json().get("secrets").get(0).get("name").asText(), "sorted by name");
            assertEquals("STRIPE_KEY", list.json().get("secrets").get(1).get("name").asText());
            assertEquals(firstTime, list.json().get("secrets").get(1).get("updated_date").asText());
            assertEquals(List.of("name", "updated_date"), fieldNames(list.json().get("secrets").get(1)));

            TestServer.Response replaced = server.sendAs(admin, "PUT", BASE + "secrets/STRIPE_KEY", "{\"value\":\"" + SECRET_VALUE + "-2\"}");
            bodies.add(replaced.body());
            assertEquals(200, replaced.status());
            assertEquals(2, server.sendAs(admin, "GET", BASE + "secrets", null).json().get("secrets").size(), "replaced, not added");

            // Bad names as the CLI refuses them, bad bodies: 400 with the rule, nothing written.
            Object[][] bad = {
                    {"secrets/1BAD", "{\"value\":\"x\"}", "Secret names are letters, digits and _"},
                    {"secrets/DENO_DIR", "{\"value\":\"x\"}", "reserved by the function runtime"},
                    {"secrets/HOMEBASE_X", "{\"value\":\"x\"}", "reserved by the function runtime"},
                    {"secrets/PATH", "{\"value\":\"x\"}", "reserved by the function runtime"},
                    {"secrets/BAD-NAME", "{\"value\":\"x\"}", "Secret names are letters, digits and _"},
                    {"secrets/OK_NAME", "{\"value\":12}", "\"value\" must be a non-empty string"},
                    {"secrets/OK_NAME", "{\"value\":\"\"}", "\"value\" must be a non-empty string"},
                    {"secrets/OK_NAME", "{}", "\"value\" must be a non-empty string"},
                    {"secrets/OK_NAME", "[1]", "must be a JSON object"},

                    {"secrets/OK_NAME", "{\"value\":\"" + "x".repeat(64 * 1024 + 1) + "\"}", "at most 65536 characters"}};
            for (Object[] b : bad) {
                TestServer.Response r = server.sendAs(admin, "PUT", BASE + b[0], (String) b[1]);
                assertEquals(400, r.status(), b[0] + " " + r.body());
                assertTrue(r.json().get("message").asText().contains((String) b[2]), r.body());
            }
            // NUL is refused for every JSON body (422 on the field), before the secret store sees it.
            TestServer.Response nul = server.sendAs(admin, "PUT", BASE + "secrets/OK_NAME", "{\"value\":\"a\\u0000b\"}");
            assertEquals(422, nul.status(), nul.body());
            assertTrue(nul.json().get("message").asText().contains("NUL"), nul.body());
            assertEquals(400, server.sendAs(admin, "DELETE", BASE + "secrets/1BAD", null).status());
            assertEquals(2, server.sendAs(admin, "GET", BASE + "secrets", null).json().get("secrets").size(), "nothing written");

            TestServer.Response deleted = server.sendAs(admin, "DELETE", BASE + "secrets/STRIPE_KEY", null);
            assertEquals(200, deleted.status(), deleted.body());
            assertTrue(deleted.json().get("deleted").asBoolean());
            TestServer.Response again = server.sendAs(admin, "DELETE", BASE + "secrets/STRIPE_KEY", null);
            assertEquals(404, again.status());
            assertEquals("No secret named STRIPE_KEY", again.json().get("message").asText());
            JsonNode left = server.sendAs(admin, "GET", BASE + "secrets", null).json().get("secrets");
            assertEquals(1, left.size());
            assertEquals("A_FIRST", left.get(0).get("name").asText());
            for (String body : bodies) assertFalse(body.contains("sk_live"), "a value came back: " + body);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void settingsShowWhatIsInForceWithItsSourceAndNoSecret(TestDatabases.Kind kind) throws Exception {
        Path dir = TestServer.copyFixture(APP);
        Files.writeString(dir.resolve("base44/config.jsonc"), """
                { "name": "API test app",
                  "auth": { "providers": {
                    "google": { "clientId": "1234.apps.googleusercontent.com" },
                    "okta": { "issuer": "https://acme.okta.com", "clientId": "0oa-okta", "displayName": "Acme SSO" } } } }
                """);
        var auth = TestServer.fastAuth().withAdmin(ADMIN, PASSWORD)
                .withRateLimits(RateLimits.parse("login_ip=99/2m,mail_email=0/1m"))
                .withSmtp(new MailSettings("smtp.example.test", 2525, "mailer", SMTP_PASSWORD, "starttls", null));
        try (TestServer server = new TestServer(dir, TestDatabases.freshUrl(kind), auth)) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            TestServer.Response before = server.sendAs(admin, "GET", BASE + "settings", null);
            assertEquals(200, before.status(), before.body());
            Map<String, JsonNode> items = items(before.json());
            assertTrue(items.get("sign_in.email_password").get("enabled").asBoolean());
            JsonNode google = items.get("sign_in.google");
            assertFalse(google.get("enabled").asBoolean(), "no client secret yet");
            assertEquals("1234.apps.googleusercontent.com", google.get("client_id").asText());
            assertEquals("GOOGLE_CLIENT_SECRET", google.get("secret_name").asText());
            assertTrue(google.get("value").asText().contains("GOOGLE_CLIENT_SECRET is not set"), google.toString());
            assertEquals("not configured", items.get("sign_in.facebook").get("value").asText());
            assertFalse(items.get("sign_in.github").get("enabled").asBoolean());
            assertFalse(items.get("sign_in.apple").get("enabled").asBoolean());
            assertFalse(items.get("sign_in.sso").get("enabled").asBoolean());
            assertEquals("0oa-okta", items.get("sign_in.okta").get("client_id").asText(), "any listed provider");

            assertEquals("99 per 2 min", items.get("rate_limits.login_ip").get("value").asText());
            assertEquals("HOMEBASE_AUTH_RATE_LIMITS (login_ip)", items.get("rate_limits.login_ip").get("source").asText());
            assertEquals("10 per 5 min", items.get("rate_limits.login_email").get("value").asText(), "a default");
            assertEquals("unlimited", items.get("rate_limits.mail_email").get("value").asText());
            assertEquals("HOMEBASE_LLM_LIMIT_APP", items.get("rate_limits.llm_app").get("source").asText());
            assertEquals("2000 per 1 h", items.get("rate_limits.llm_app").get("value").asText());
            assertEquals("200 per 1 h", items.get("rate_limits.image_app").get("value").asText());
            assertNotNull(items.get("rate_limits.realtime_connections_app"));

            assertEquals("local disk", items.get("storage.kind").get("value").asText());
            assertEquals("HOMEBASE_STORAGE", items.get("storage.kind").get("source").asText());
            assertTrue(items.get("storage.max_upload").get("value").asText().startsWith("50 MB"));
            assertEquals(kind == TestDatabases.Kind.SQLITE ? "SQLite" : "PostgreSQL", items.get("database.dialect").get("value").asText());
            assertEquals(kind == TestDatabases.Kind.SQLITE ? "fixed for SQLite" : "HOMEBASE_DB_POOL_SIZE",
                    items.get("database.pool").get("source").asText());
            assertEquals(String.valueOf(kind == TestDatabases.Kind.SQLITE ? Database.SQLITE_POOL_SIZE : QueryLimits.DEFAULT_POSTGRES_POOL_SIZE),
                    items.get("database.pool").get("value").asText());
            assertEquals(String.valueOf(RealtimeSettings.defaults().dispatchThreads()),
                    items.get("rate_limits.realtime_dispatch").get("value").asText());
            assertEquals("smtp.example.test:2525 (TLS: starttls)", items.get("mail.smtp").get("value").asText());
            assertEquals("HOMEBASE_SMTP_HOST, HOMEBASE_SMTP_PORT, HOMEBASE_SMTP_TLS", items.get("mail.smtp").get("source").asText());
            for (JsonNode item : items.values()) {
                for (String field : new String[] {"label", "value", "source"}) assertTrue(item.hasNonNull(field), item.toString());
            }

            // The provider's secret set through the dashboard: enabled now; its value is nowhere in the summary.
            assertEquals(200, server.sendAs(admin, "PUT", BASE + "secrets/GOOGLE_CLIENT_SECRET", "{\"value\":\"" + SECRET_VALUE + "\"}").status());
            TestServer.Response after = server.sendAs(admin, "GET", BASE + "settings", null);
            assertTrue(items(after.json()).get("sign_in.google").get("enabled").asBoolean(), after.body());
            assertEquals("enabled", items(after.json()).get("sign_in.google").get("value").asText());
            for (String body : new String[] {before.body(), after.body()}) {
                assertFalse(body.contains(SECRET_VALUE), "a secret value in the summary");
                assertFalse(body.contains(SMTP_PASSWORD), "the SMTP password in the summary");
                if (kind == TestDatabases.Kind.POSTGRES) assertFalse(body.contains("password="), body);
            }
        }
    }

    private static String event(String name) {
        return "{\"event_name\":\"" + name + "\",\"properties\":{},\"timestamp\":\"2025-01-01T00:00:00.000Z\",\"session_id\":\"s1\"}";
    }

    private static void insertEvent(TestServer server, String appId, String name, LocalDate day) {
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> {
                try (var ps = c.prepareStatement("INSERT INTO analytics_events (app_id, event_name, properties, page_url, user_id,"
                        + " session_id, event_time, created_date) VALUES (?, ?, '{}', '/', NULL, 's', ?, ?)")) {
                    String at = day + "T12:00:00.000000";
                    ps.setString(1, appId);
                    ps.setString(2, name);
                    ps.setString(3, at);
                    ps.setString(4, at);
                    ps.executeUpdate();
                }
            });
        }
    }

    private static Map<String, Long> counts(JsonNode activity) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode e : activity.get("events")) out.put(e.get("date").asText() + " " + e.get("event_name").asText(), e.get("count").asLong());
        return out;
    }

    /** The summary's items by "section.item". */
    private static Map<String, JsonNode> items(JsonNode settings) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode s : settings.get("sections")) {
            for (JsonNode i : s.get("items")) out.put(s.get("id").asText() + "." + i.get("id").asText(), i);
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

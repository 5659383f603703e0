package dev.homebase.server.http;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.config.RateLimits.Rule;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code SendEmail} (api-contract §7.1) over real HTTP and a real SMTP server (GreenMail), on SQLite and
 * PostgreSQL: the answer, the From display name, HTML with a plain-text alternative, who may write to
 * whom, bad input, and the per-user limit with {@code Retry-After}.
 */
class SendEmailApiTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final String APP = "apitest";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String PATH = "/api/apps/" + APP + "/integration-endpoints/Core/SendEmail";

    private static TestServer server(TestDatabases.Kind kind) throws Exception {
        Path dir = TestServer.copyFixture("apitest");
        Path data = TempDirs.create("homebase-data");
        return new TestServer(dir, TestDatabases.freshUrl(kind), TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withSmtp(MAIL.settings()),
                FileSettings.defaults(data), new IntegrationLimits(new Rule(100, Duration.ofHours(1)), new Rule(4, Duration.ofHours(1))));
    }

    private static String user(TestServer server, String email) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(APP, "u-" + Math.abs(email.hashCode()), email, "U", "user", hash,
                    true, null, null, 0, "2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.000000")));
        }
        return server.login(APP, email, PASSWORD);
    }

    private static String mail(String to, String subject, String body, String fromName) {
        Map<String, String> m = new java.util.LinkedHashMap<>(Map.of("to", to, "subject", subject, "body", body));
        if (fromName != null) m.put("from_name", fromName);
        return Json.write(m);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void usersWriteToRegisteredUsersAndTheServiceRoleToAnyone(TestDatabases.Kind kind) throws Exception {
        String tag = kind.name().toLowerCase();
        try (TestServer server = server(kind)) {
            String user = user(server, "carol-" + tag + "@example.test");

            TestServer.Response sent = server.sendAs(user, "POST", PATH, mail(ADMIN, "Hello " + tag, "Plain words", null));
            assertEquals(200, sent.status(), sent.body());
            JsonNode answer = sent.json();
            assertTrue(answer.get("success").asBoolean());
            String id = answer.get("message_id").asText();
            assertTrue(id.startsWith("<") && id.endsWith(">"), id);
            MimeMessage got = MAIL.latest(ADMIN);
            assertEquals("Hello " + tag, got.getSubject());
            assertEquals(id, got.getMessageID());
            InternetAddress from = (InternetAddress) got.getFrom()[0];
            assertEquals("API test app", from.getPersonal()); // the app's name by default
            assertEquals("noreply@example.test", from.getAddress());
            assertTrue(got.getContentType().startsWith("text/plain"), got.getContentType());

            String html = "<h1>Welcome</h1><p>Your order &amp; receipt</p><script>x()</script>";
            String stranger = "dave-" + tag + "@elsewhere.test";
            TestServer.Response service = server.sendAs(server.serviceToken(), "POST", PATH, mail(stranger, "Receipt", html, "Shop Team"));
            assertEquals(200, service.status(), service.body());
            MimeMessage rich = MAIL.latest(stranger);
            assertEquals("Shop Team", ((InternetAddress) rich.getFrom()[0]).getPersonal());
            assertTrue(rich.getContentType().startsWith("multipart/alternative"), rich.getContentType());
            MimeMultipart parts = (MimeMultipart) rich.getContent();
            assertEquals(2, parts.getCount());
            assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
            String text = (String) parts.getBodyPart(0).getContent();
            assertTrue(text.contains("Welcome") && text.contains("Your order & receipt"), text);
            assertFalse(text.contains("<") || text.contains("x()"), text);
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
            assertEquals(html, parts.getBodyPart(1).getContent());

            // A user may not write to someone who is not a user of the app.
            TestServer.Response refused = server.sendAs(user, "POST", PATH, mail("eve-" + tag + "@elsewhere.test", "Hi", "x", null));
            assertEquals(403, refused.status(), refused.body());
            assertTrue(refused.json().get("message").asText().contains("registered users"));

            TestServer.Response anonymous = server.sendAs(null, "POST", PATH, mail(ADMIN, "Hi", "x", null));
            assertEquals(401, anonymous.status());
            assertTrue(anonymous.json().get("message").asText().contains("allowAnonymous"), anonymous.body());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void badInputAndTheRateLimit(TestDatabases.Kind kind) throws Exception {
        String tag = kind.name().toLowerCase();
        try (TestServer server = server(kind)) {
            String user = user(server, "frank-" + tag + "@example.test");
            String[] bad = {
                "{\"subject\":\"s\",\"body\":\"b\"}",
                "{\"to\":\"" + ADMIN + ", x@example.test\",\"subject\":\"s\",\"body\":\"b\"}",
                "{\"to\":\"not an address\",\"subject\":\"s\",\"body\":\"b\"}",
                "{\"to\":\"" + ADMIN + "\",\"subject\":\"a\\r\\nBcc: x@example.test\",\"body\":\"b\"}",
                "{\"to\":\"" + ADMIN + "\",\"body\":\"b\"}",
                "{\"to\":\"" + ADMIN + "\",\"subject\":\"s\"}",
                "{\"to\":\"" + ADMIN + "\",\"subject\":\"s\",\"body\":42}",
                "{\"to\":\"" + ADMIN + "\",\"subject\":\"s\",\"body\":\"b\",\"from_name\":\"a\\nb\"}",
                "[1]",
            };
            for (String body : bad) {
                TestServer.Response r = server.sendAs(user, "POST", PATH, body);
                assertEquals(400, r.status(), body + " -> " + r.body());
                assertFalse(r.json().get("message").asText().isBlank());
            }
            // The per-user limit (4 an hour here) counts every call; the 5th is a 429 with Retry-After.
            for (int i = 0; i < 4; i++) assertEquals(200, server.sendAs(user, "POST", PATH, mail(ADMIN, "n" + i, "b", null)).status());
            java.net.http.HttpResponse<String> limited = new MediaClient(server.port()).call(APP, "SendEmail", user, mail(ADMIN, "n", "b", null));
            assertEquals(429, limited.statusCode(), limited.body());
            String retry = limited.headers().firstValue("Retry-After").orElse(null);
            assertNotNull(retry);
            assertTrue(Long.parseLong(retry) > 0, retry);
            // The service role is counted per app only.
            assertEquals(200, server.sendAs(server.serviceToken(), "POST", PATH, mail(ADMIN, "svc", "b", null)).status());
        }
    }
}

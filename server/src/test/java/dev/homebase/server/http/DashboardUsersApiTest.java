package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.store.TestDatabases;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dashboard's Users page on the server, over real HTTP on SQLite and PostgreSQL: disabling a user refuses every
 * sign-in route (password, OTP verify, reset completion, social login) with "This account is disabled" only after
 * the user proved who they are, and refuses the tokens they hold at once, also on a second node; enabling restores
 * access; only admins and the service role may disable, enable or delete, never their own account; nobody sets the
 * flag through the apps' API; the reset mail arrives over SMTP (GreenMail); a deleted user's records stay.
 */
class DashboardUsersApiTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final String APP = "apitest";
    private static final String API = "/api/apps/" + APP;
    private static final String USERS = API + "/dashboard/users/";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String DISABLED = "This account is disabled";
    private static final Pattern RESET_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{20,})");

    private static AuthConfig auth() {
        return TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withSmtp(MAIL.settings());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void disablingRefusesEverySignInRouteUntilEnabled(TestDatabases.Kind kind) throws Exception {
        String k = kind.name().toLowerCase(Locale.ROOT);
        try (TestServer server = new TestServer(APP, kind, auth())) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            String annEmail = "ann-" + k + "@example.test";
            String ann = DashboardApiTest.user(server, "a0000000000000000000000" + kind.ordinal(), annEmail);
            String annId = me(server, ann).get("id").asText();
            assertEquals(200, server.sendAs(ann, "GET", API + "/entities/User/me", null).status());

            // A reset link mailed before the account is disabled (the Users page's "Send reset mail" uses this route).
            assertEquals(200, server.send("POST", API + "/auth/reset-password-request", "{\"email\":\"" + annEmail + "\"}").status());
            String resetToken = resetToken(annEmail);

            // Disabled: the old token is refused on the very next request.
            TestServer.Response disabled = server.sendAs(admin, "POST", USERS + annId + "/disable", null);
            assertEquals(200, disabled.status(), disabled.body());
            assertTrue(disabled.json().get("disabled").asBoolean(), disabled.body());
            assertEquals(401, server.sendAs(ann, "GET", API + "/entities/User/me", null).status());
            assertEquals(401, server.sendAs(ann, "GET", API + "/entities/Item", null).status());
            // Admins see the flag through the entity API.
            TestServer.Response seen = server.sendAs(admin, "GET", API + "/entities/User/" + annId, null);
            assertTrue(seen.json().get("disabled").asBoolean(), seen.body());

            // Password login: the right password is told the account is disabled, a wrong one gets the usual answer.
            TestServer.Response right = login(server, annEmail, PASSWORD);
            assertEquals(403, right.status(), right.body());
            assertEquals(DISABLED, right.json().get("message").asText());
            TestServer.Response wrong = login(server, annEmail, "not-the-password");
            assertEquals(400, wrong.status(), wrong.body());
            assertEquals("Invalid email or password", wrong.json().get("message").asText());

            // Reset completion with a genuine token: refused, the password and the token are left as they were.
            TestServer.Response reset = server.send("POST", API + "/auth/reset-password",
                    "{\"reset_token\":\"" + resetToken + "\",\"new_password\":\"brand-new-pass\"}");
            assertEquals(403, reset.status(), reset.body());
            assertEquals(DISABLED, reset.json().get("message").asText());
            assertFalse(reset.body().contains("access_token"), reset.body());

            // OTP verify: an invited (unverified) user who is disabled registers; the right code is refused, a wrong
            // one gets the usual answer.
            String invitedEmail = "invited-" + k + "@example.test";
            assertEquals(200, server.sendAs(admin, "POST", API + "/users/invite-user",
                    "{\"user_email\":\"" + invitedEmail + "\",\"role\":\"user\"}").status());
            String invitedId = userByEmail(server, admin, invitedEmail).get("id").asText();
            assertEquals(200, server.sendAs(admin, "POST", USERS + invitedId + "/disable", null).status());
            assertEquals(200, server.send("POST", API + "/auth/register",
                    "{\"email\":\"" + invitedEmail + "\",\"password\":\"" + PASSWORD + "\"}").status());
            String code = MAIL.code(invitedEmail);
            TestServer.Response badCode = verify(server, invitedEmail, code.equals("000000") ? "111111" : "000000");
            assertEquals(400, badCode.status(), badCode.body());
            assertEquals("Invalid verification code", badCode.json().get("message").asText());
            TestServer.Response goodCode = verify(server, invitedEmail, code);
            assertEquals(403, goodCode.status(), goodCode.body());
            assertEquals(DISABLED, goodCode.json().get("message").asText());
            assertFalse(goodCode.body().contains("access_token"), goodCode.body());
            assertFalse(userByEmail(server, admin, invitedEmail).get("is_verified").asBoolean(), "nothing changed");

            // Enabled again: the old token works again, and so does the password (unchanged by the refused reset).
            TestServer.Response enabled = server.sendAs(admin, "POST", USERS + annId + "/enable", null);
            assertEquals(200, enabled.status(), enabled.body());
            assertTrue(enabled.json().get("disabled").isNull(), enabled.body());
            assertEquals(200, server.sendAs(ann, "GET", API + "/entities/User/me", null).status());
            assertEquals(200, login(server, annEmail, PASSWORD).status());
            TestServer.Response afterReset = server.send("POST", API + "/auth/reset-password",
                    "{\"reset_token\":\"" + resetToken + "\",\"new_password\":\"brand-new-pass\"}");
            assertEquals(200, afterReset.status(), "the refused reset did not use the token up: " + afterReset.body());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlyAdminsDisableEnableOrDeleteAndNeverTheirOwnAccount(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, auth())) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            String adminId = me(server, admin).get("id").asText();
            String bob = DashboardApiTest.user(server, "b00000000000000000000001", "bob@example.test");
            String cat = DashboardApiTest.user(server, "c00000000000000000000002", "cat@example.test");
            String bobId = "b00000000000000000000001";
            String catId = "c00000000000000000000002";

            for (String[] route : new String[][] {{"POST", "/disable"}, {"POST", "/enable"}, {"DELETE", ""}}) {
                String path = USERS + catId + route[1];
                TestServer.Response anonymous = server.sendAs(null, route[0], path, null);
                assertEquals(401, anonymous.status(), path + ": " + anonymous.body());
                assertTrue(anonymous.json().hasNonNull("message"), anonymous.body());
                assertEquals(401, server.sendAs("not-a-token", route[0], path, null).status(), path);
                TestServer.Response user = server.sendAs(bob, route[0], path, null);
                assertEquals(403, user.status(), path + ": " + user.body());
                assertTrue(user.json().get("message").asText().startsWith("Only app admins can"), user.body());
                TestServer.Response self = server.sendAs(bob, route[0], USERS + bobId + route[1], null);
                assertEquals(403, self.status(), "a user on their own account: " + self.body());
                TestServer.Response own = server.sendAs(admin, route[0], USERS + adminId + route[1], null);
                assertEquals(403, own.status(), own.body());
                assertTrue(own.json().get("message").asText().startsWith("You cannot"), own.body());
                TestServer.Response unknown = server.sendAs(admin, route[0], USERS + "ffffffffffffffffffffffff" + route[1], null);
                assertEquals(404, unknown.status(), unknown.body());
                assertTrue(unknown.json().hasNonNull("message"), unknown.body());
            }
            assertEquals(200, server.sendAs(cat, "GET", API + "/entities/User/me", null).status(), "cat was never disabled");

            // Nobody sets the flag through the apps' API: the user themselves, nor an admin through the entity update.
            TestServer.Response mine = server.sendAs(bob, "PUT", API + "/entities/User/me", "{\"disabled\":true}");
            assertEquals(200, mine.status(), mine.body());
            assertTrue(mine.json().get("disabled").isNull(), mine.body());
            assertTrue(server.sendAs(bob, "PUT", API + "/entities/User/" + bobId, "{\"disabled\":true}").json().get("disabled").isNull());
            assertTrue(server.sendAs(admin, "PUT", API + "/entities/User/" + bobId, "{\"disabled\":true}").json().get("disabled").isNull());
            assertEquals(200, server.sendAs(bob, "GET", API + "/entities/User/me", null).status());

            // The service role may disable and delete too.
            String service = server.serviceToken();
            assertEquals(200, server.sendAs(service, "POST", USERS + catId + "/disable", null).status());
            assertEquals(401, server.sendAs(cat, "GET", API + "/entities/User/me", null).status());

            // Delete: the user and their token are gone; the records they created stay, still naming them.
            assertEquals(201, server.sendAs(bob, "POST", API + "/entities/Item", "{\"title\":\"bob's\"}").status());
            TestServer.Response deleted = server.sendAs(admin, "DELETE", USERS + bobId, null);
            assertEquals(200, deleted.status(), deleted.body());
            assertEquals(401, server.sendAs(bob, "GET", API + "/entities/User/me", null).status());
            assertEquals(404, server.sendAs(admin, "GET", API + "/entities/User/" + bobId, null).status());
            assertEquals(404, server.sendAs(admin, "DELETE", USERS + bobId, null).status(), "deleted once");
            TestServer.Response items = server.sendAs(admin, "GET", API + "/entities/Item?q="
                    + URLEncoder.encode("{\"title\":\"bob's\"}", StandardCharsets.UTF_8), null);
            assertEquals(1, items.json().size(), items.body());
            assertEquals("bob@example.test", items.json().get(0).get("created_by").asText());
            assertEquals(200, server.sendAs(service, "DELETE", USERS + catId, null).status());
        }
    }

    /** Disabled on node A: the token the user holds is refused by node B at once; enabled on A, B accepts it again. */
    @Test
    void twoNodesOnOnePostgres() {
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path project = TestServer.copyFixture(APP);
        try (TestServer a = new TestServer(project, url, auth()); TestServer b = new TestServer(project, url, auth())) {
            String admin = a.login(APP, ADMIN, PASSWORD);
            String ann = DashboardApiTest.user(a, "a00000000000000000000009", "ann@example.test");
            for (TestServer s : new TestServer[] {a, b}) assertEquals(200, s.sendAs(ann, "GET", API + "/entities/Item", null).status());
            assertEquals(200, a.sendAs(admin, "POST", USERS + "a00000000000000000000009/disable", null).status());
            TestServer.Response refused = b.sendAs(ann, "GET", API + "/entities/Item", null);
            assertEquals(401, refused.status(), refused.body());
            assertEquals(403, login(b, "ann@example.test", PASSWORD).status());
            assertEquals(200, a.sendAs(admin, "POST", USERS + "a00000000000000000000009/enable", null).status());
            assertEquals(200, b.sendAs(ann, "GET", API + "/entities/Item", null).status());
            assertEquals(200, a.sendAs(admin, "DELETE", USERS + "a00000000000000000000009", null).status());
            assertEquals(401, b.sendAs(ann, "GET", API + "/entities/Item", null).status());
        }
    }

    /** Social login: the provider proves the address, then a disabled account is told so on a page (403), no token. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void socialLoginOfADisabledUserIsRefused(TestDatabases.Kind kind) throws Exception {
        try (SocialStub stub = new SocialStub(); TestServer s = SocialLoginTest.serverWith(kind, stub, "")) {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
            String back = location(get(browser, callback(browser, s)));
            String token = SocialStub.form(URI.create(back).getRawQuery()).get("access_token");
            String id = me(s, "authtest", token).get("id").asText();
            String service = s.serviceToken();
            assertEquals(200, s.sendAs(service, "POST", "/api/apps/authtest/dashboard/users/" + id + "/disable", null).status());
            HttpResponse<String> refused = get(browser, callback(browser, s));
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains(DISABLED), refused.body());
            assertFalse(refused.body().contains("access_token"), refused.body());
            assertEquals(200, s.sendAs(service, "POST", "/api/apps/authtest/dashboard/users/" + id + "/enable", null).status());
            assertTrue(location(get(browser, callback(browser, s))).contains("access_token="));
        }
    }

    private static String callback(HttpClient browser, TestServer s) throws Exception {
        String base = "http://127.0.0.1:" + s.port();
        String authorize = location(get(browser, base + "/api/apps/auth/facebook/login?app_id=authtest&from_url=%2Fhome"));
        return location(get(browser, authorize));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> res) {
        assertEquals(302, res.statusCode(), () -> "expected a redirect, got " + res.statusCode() + ": " + res.body());
        return res.headers().firstValue("Location").orElseThrow();
    }

    private static TestServer.Response login(TestServer server, String email, String password) {
        return server.send("POST", API + "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static TestServer.Response verify(TestServer server, String email, String code) {
        return server.send("POST", API + "/auth/verify-otp", "{\"email\":\"" + email + "\",\"otp_code\":\"" + code + "\"}");
    }

    private static JsonNode me(TestServer server, String token) {
        return me(server, APP, token);
    }

    private static JsonNode me(TestServer server, String appId, String token) {
        TestServer.Response me = server.sendAs(token, "GET", "/api/apps/" + appId + "/entities/User/me", null);
        assertEquals(200, me.status(), me.body());
        return me.json();
    }

    private static JsonNode userByEmail(TestServer server, String admin, String email) {
        TestServer.Response found = server.sendAs(admin, "GET", API + "/entities/User?q="
                + URLEncoder.encode("{\"email\":\"" + email + "\"}", StandardCharsets.UTF_8), null);
        assertEquals(1, found.json().size(), found.body());
        return found.json().get(0);
    }

    /** The reset token in the latest mail to {@code email} (the mail went out over SMTP). */
    private static String resetToken(String email) throws Exception {
        String text = MAIL.latest(email).getContent().toString();
        Matcher m = RESET_TOKEN.matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }
}

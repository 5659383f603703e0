package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.MailSettings;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Users and sign-in over real HTTP and real SMTP (GreenMail), on SQLite and PostgreSQL: register,
 * verify, login, the current user, codes, resets, token checks, revocation, rate limits, invite,
 * the admin bootstrap and the service-token command.
 */
class AuthApiTest {
    private static final String APP = "/api/apps/authtest";
    private static final String AUTH = APP + "/auth";
    private static final String ME = APP + "/entities/User/me";
    private static final String PASSWORD = "s3cret-pass";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern RESET_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static GreenMail greenMail;
    private static int smtpPort;

    @BeforeAll
    static void startMail() {
        smtpPort = freePort();
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterAll
    static void stopMail() {
        greenMail.stop();
    }

    /** One test body, run on a fresh server per database kind. */
    private interface Case {
        void run(Ctx t) throws Exception;
    }

    /** What a test needs: the server, its clock and helpers. */
    private record Ctx(TestServer server, TestClock clock) {
        TestServer.Response post(String path, String body) {
            return server.send("POST", path, body);
        }

        TestServer.Response as(String token, String method, String path, String body) {
            return server.sendAs(token, method, path, body);
        }
    }

    private static AuthConfig config(TestClock clock) {
        RateLimits.Rule many = new RateLimits.Rule(1000, Duration.ofMinutes(1));
        return TestServer.fastAuth().withClock(clock)
                .withSmtp(new MailSettings("127.0.0.1", smtpPort, null, null, "none", "Homebase Test <noreply@example.test>"))
                .withRateLimits(new RateLimits(many, many, many, many, many))
                .withPublicUrl("https://app.example.test");
    }

    @TestFactory
    Stream<DynamicNode> onBothDatabases() {
        return Stream.of(TestDatabases.Kind.values()).map(kind -> DynamicContainer.dynamicContainer(kind.name(), tests(kind)));
    }

    private List<DynamicNode> tests(TestDatabases.Kind kind) {
        List<DynamicNode> out = new ArrayList<>();
        out.add(test(kind, "register, code by mail, verify, login, me", AuthApiTest::happyPath));
        out.add(test(kind, "wrong, expired and replayed codes", AuthApiTest::badCodes));
        out.add(test(kind, "five wrong tries invalidate the code", AuthApiTest::fiveWrongTries));
        out.add(test(kind, "register rules", AuthApiTest::registerRules));
        out.add(test(kind, "login failures look alike", AuthApiTest::loginFailures));
        out.add(test(kind, "resend and reset answer alike for unknown emails", AuthApiTest::noEnumeration));
        out.add(test(kind, "password reset", AuthApiTest::passwordReset));
        out.add(test(kind, "bad tokens are refused with 401", AuthApiTest::badTokens));
        out.add(test(kind, "password change revokes older tokens", AuthApiTest::changePassword));
        out.add(test(kind, "update me drops protected fields", AuthApiTest::updateMe));
        out.add(test(kind, "invite", AuthApiTest::invite));
        out.add(testWith(kind, "rate limit answers 429", AuthApiTest::rateLimit,
                c -> config(c).withRateLimits(new RateLimits(new RateLimits.Rule(3, Duration.ofMinutes(5)),
                        new RateLimits.Rule(100, Duration.ofMinutes(5)), RateLimits.DEFAULT.mailPerIp(),
                        RateLimits.DEFAULT.mailPerEmail(), RateLimits.DEFAULT.verifyPerIp()))));
        out.add(testWith(kind, "admin bootstrap", AuthApiTest::adminBootstrap,
                c -> config(c).withAdmin("Boss@Example.test", "admin-password")));
        out.add(dynamicTest("service-token command", () -> serviceToken(kind)));
        out.add(dynamicTest("without SMTP, mail goes to the log and no secret does", () -> mailToLog(kind)));
        return out;
    }

    private static DynamicNode test(TestDatabases.Kind kind, String name, Case body) {
        return testWith(kind, name, body, AuthApiTest::config);
    }

    private static DynamicNode testWith(TestDatabases.Kind kind, String name, Case body,
                                        java.util.function.Function<TestClock, AuthConfig> config) {
        Executable run = () -> {
            TestClock clock = new TestClock();
            try (TestServer server = new TestServer("authtest", kind, config.apply(clock))) {
                body.run(new Ctx(server, clock));
            }
        };
        return dynamicTest(name, run);
    }

    // ---- scenarios ----

    private static void happyPath(Ctx t) throws Exception {
        String email = newEmail();
        TestServer.Response reg = t.post(AUTH + "/register", creds(email, PASSWORD));
        assertEquals(200, reg.status(), reg.body());
        assertEquals(10, reg.json().get("otp_expires_in_minutes").asInt());
        String futureId = reg.json().get("id").asText();
        String code = code(awaitMail(email, 1));

        // Not a user before verification: login fails like any wrong credential.
        assertEquals(400, t.post(AUTH + "/login", creds(email, PASSWORD)).status());

        TestServer.Response verified = t.post(AUTH + "/verify-otp", "{\"email\":\"" + email + "\",\"otp_code\":\"" + code + "\"}");
        assertEquals(200, verified.status(), verified.body());
        assertEquals(futureId, verified.json().get("id").asText());
        assertTrue(verified.json().get("success").asBoolean());
        assertEquals(200, t.as(verified.json().get("access_token").asText(), "GET", ME, null).status());

        TestServer.Response login = t.post(AUTH + "/login", creds(email.toUpperCase(), PASSWORD));
        assertEquals(200, login.status(), login.body());
        JsonNode user = login.json().get("user");
        assertEquals(email, user.get("email").asText());
        assertEquals("user", user.get("role").asText());
        assertTrue(user.get("is_verified").asBoolean());
        assertEquals(email.substring(0, email.indexOf('@')), user.get("full_name").asText());
        String token = login.json().get("access_token").asText();
        JsonNode claims = claims(token);
        assertEquals(email, claims.get("sub").asText());
        assertEquals(futureId, claims.get("user_id").asText());
        assertEquals("authtest", claims.get("app_id").asText());

        TestServer.Response me = t.as(token, "GET", ME, null);
        assertEquals(200, me.status(), me.body());
        assertEquals(futureId, me.json().get("id").asText());
        assertFalse(me.body().contains("password"), me.body());
        assertFalse(me.body().contains("argon2"), me.body());

        TestServer.Response anonymous = t.as(null, "GET", ME, null);
        assertEquals(401, anonymous.status());
        assertEquals("Unauthorized", anonymous.json().get("message").asText());

        // Records a user creates carry the user's identity.
        TestServer.Response item = t.as(token, "POST", APP + "/entities/Item", "{\"title\":\"mine\"}");
        assertEquals(201, item.status(), item.body());
        assertEquals(email, item.json().get("created_by").asText());
        assertEquals(futureId, item.json().get("created_by_id").asText());
    }

    private static void badCodes(Ctx t) throws Exception {
        String email = newEmail();
        assertEquals(200, t.post(AUTH + "/register", creds(email, PASSWORD)).status());
        String code = code(awaitMail(email, 1));
        String wrong = code.equals("000000") ? "000001" : "000000";
        TestServer.Response bad = t.post(AUTH + "/verify-otp", verifyBody(email, wrong));
        assertEquals(400, bad.status());
        assertEquals("Invalid verification code", bad.json().get("message").asText());
        assertEquals("HTTPException", bad.json().get("error_type").asText());
        assertEquals(400, t.post(AUTH + "/verify-otp", verifyBody(newEmail(), code)).status());

        // Expired after 10 minutes.
        t.clock().advance(Duration.ofMinutes(10).plusSeconds(1));
        TestServer.Response expired = t.post(AUTH + "/verify-otp", verifyBody(email, code));
        assertEquals(400, expired.status());
        assertEquals("Verification code has expired", expired.json().get("message").asText());

        // Registering again issues a new code and resets the clock; the old code is dead.
        assertEquals(200, t.post(AUTH + "/register", creds(email, PASSWORD)).status());
        String second = code(awaitMail(email, 2));
        if (!second.equals(code)) assertEquals(400, t.post(AUTH + "/verify-otp", verifyBody(email, code)).status());
        assertEquals(200, t.post(AUTH + "/verify-otp", verifyBody(email, second)).status());

        // Replayed: single use.
        TestServer.Response replay = t.post(AUTH + "/verify-otp", verifyBody(email, second));
        assertEquals(400, replay.status());
    }

    private static void fiveWrongTries(Ctx t) throws Exception {
        String email = newEmail();
        assertEquals(200, t.post(AUTH + "/register", creds(email, PASSWORD)).status());
        String code = code(awaitMail(email, 1));
        String wrong = code.equals("999999") ? "999998" : "999999";
        for (int i = 1; i <= 4; i++) assertEquals(400, t.post(AUTH + "/verify-otp", verifyBody(email, wrong)).status(), "try " + i);
        java.net.http.HttpResponse<String> fifth = postWithHeaders(t, AUTH + "/verify-otp", verifyBody(email, wrong));
        assertEquals(429, fifth.statusCode(), fifth.body());
        // The code is spent; a new one may be asked for at once.
        assertEquals("0", fifth.headers().firstValue("Retry-After").orElse(null));
        TestServer.Response right = t.post(AUTH + "/verify-otp", verifyBody(email, code));
        assertEquals(429, right.status(), "the right code no longer works: " + right.body());

        // A new code (resend) works again.
        assertEquals(200, t.post(AUTH + "/resend-otp", "{\"email\":\"" + email + "\"}").status());
        String fresh = code(awaitMail(email, 2));
        assertEquals(200, t.post(AUTH + "/verify-otp", verifyBody(email, fresh)).status());
    }

    private static void registerRules(Ctx t) throws Exception {
        TestServer.Response weak = t.post(AUTH + "/register", creds(newEmail(), "short"));
        assertEquals(400, weak.status());
        assertEquals("Password must be at least 8 characters long", weak.json().get("message").asText());
        assertEquals(400, t.post(AUTH + "/register", creds("not-an-email", PASSWORD)).status());
        assertEquals(400, t.post(AUTH + "/register", "{}").status());
        String email = signUp(t, newEmail());
        TestServer.Response again = t.post(AUTH + "/register", creds(email, PASSWORD));
        assertEquals(400, again.status());
        assertEquals("A user with this email already exists", again.json().get("message").asText());
        assertEquals(404, t.post("/api/apps/nope/auth/register", creds(newEmail(), PASSWORD)).status());
    }

    private static void loginFailures(Ctx t) throws Exception {
        String email = signUp(t, newEmail());
        TestServer.Response wrongPassword = t.post(AUTH + "/login", creds(email, "wrong-password"));
        TestServer.Response unknown = t.post(AUTH + "/login", creds(newEmail(), PASSWORD));
        TestServer.Response empty = t.post(AUTH + "/login", "{}");
        for (TestServer.Response r : List.of(wrongPassword, unknown, empty)) {
            assertEquals(400, r.status(), r.body());
            assertEquals("Invalid email or password", r.json().get("message").asText());
            assertEquals("Invalid email or password", r.json().get("detail").asText());
            assertEquals("HTTPException", r.json().get("error_type").asText());
            assertEquals("", r.json().get("traceback").asText());
        }
        assertEquals(withoutRequestId(wrongPassword), withoutRequestId(unknown));
        // A stale token in the header does not block logging in (the client always sends it).
        TestServer.Response withStale = t.as("stale.token.value", "POST", AUTH + "/login", creds(email, PASSWORD));
        assertEquals(200, withStale.status(), withStale.body());
    }

    private static void noEnumeration(Ctx t) throws Exception {
        String known = signUp(t, newEmail());
        String pending = newEmail();
        assertEquals(200, t.post(AUTH + "/register", creds(pending, PASSWORD)).status());
        awaitMail(pending, 1);
        String unknown = newEmail();

        TestServer.Response resendPending = t.post(AUTH + "/resend-otp", "{\"email\":\"" + pending + "\"}");
        TestServer.Response resendUnknown = t.post(AUTH + "/resend-otp", "{\"email\":\"" + unknown + "\"}");
        assertEquals(200, resendPending.status());
        assertEquals(resendPending.status(), resendUnknown.status());
        assertEquals(withoutRequestId(resendPending), withoutRequestId(resendUnknown));

        TestServer.Response resetKnown = t.post(AUTH + "/reset-password-request", "{\"email\":\"" + known + "\"}");
        TestServer.Response resetUnknown = t.post(AUTH + "/reset-password-request", "{\"email\":\"" + unknown + "\"}");
        assertEquals(200, resetKnown.status());
        assertEquals(resetKnown.status(), resetUnknown.status());
        assertEquals(withoutRequestId(resetKnown), withoutRequestId(resetUnknown));

        awaitMail(pending, 2);
        awaitMail(known, 2); // the verification code, then the reset link
        Thread.sleep(300);
        assertEquals(0, greenMail.getReceivedMessagesForDomain(unknown).length, "nothing is sent to unknown addresses");
    }

    private static void passwordReset(Ctx t) throws Exception {
        String email = signUp(t, newEmail());
        String oldToken = login(t, email, PASSWORD);
        assertEquals(200, t.post(AUTH + "/reset-password-request", "{\"email\":\"" + email + "\"}").status());
        MimeMessage mail = awaitMail(email, 2);
        Matcher m = RESET_TOKEN.matcher(text(mail));
        assertTrue(m.find(), text(mail));
        assertTrue(text(mail).contains("https://app.example.test/reset-password?token="));
        String resetToken = m.group(1);

        assertEquals(400, t.post(AUTH + "/reset-password", resetBody(resetToken, "short")).status());
        TestServer.Response bogus = t.post(AUTH + "/reset-password", resetBody("x".repeat(43), "new-password-1"));
        assertEquals(400, bogus.status());
        assertEquals("Reset token invalid", bogus.json().get("message").asText());

        TestServer.Response done = t.post(AUTH + "/reset-password", resetBody(resetToken, "new-password-1"));
        assertEquals(200, done.status(), done.body());
        assertEquals("Password reset successfully", done.json().get("message").asText());
        assertEquals(email, done.json().get("email").asText());

        assertEquals(400, t.post(AUTH + "/reset-password", resetBody(resetToken, "new-password-2")).status(), "single use");
        assertEquals(400, t.post(AUTH + "/login", creds(email, PASSWORD)).status());
        assertEquals(200, t.post(AUTH + "/login", creds(email, "new-password-1")).status());
        assertEquals(401, t.as(oldToken, "GET", ME, null).status(), "a reset revokes older tokens");

        // Expired after an hour.
        assertEquals(200, t.post(AUTH + "/reset-password-request", "{\"email\":\"" + email + "\"}").status());
        Matcher m2 = RESET_TOKEN.matcher(text(awaitMail(email, 3)));
        assertTrue(m2.find());
        t.clock().advance(Duration.ofMinutes(61));
        TestServer.Response expired = t.post(AUTH + "/reset-password", resetBody(m2.group(1), "new-password-3"));
        assertEquals(400, expired.status());
        assertEquals("Reset token expired", expired.json().get("message").asText());
    }

    private static void badTokens(Ctx t) throws Exception {
        String email = signUp(t, newEmail());
        String token = login(t, email, PASSWORD);
        assertEquals(200, t.as(token, "GET", ME, null).status());
        JsonNode claims = claims(token);

        String[] parts = token.split("\\.");
        String tamperedPayload = b64(claims.toString().replace("\"role\":\"user\"", "\"role\":\"admin\""));
        String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];
        JWTClaimsSet forged = JWTClaimsSet.parse(claims.toString());
        String none = new PlainJWT(forged).serialize();
        String noneWithSignature = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
        String otherKey = sign(JWSAlgorithm.HS256, forged, 32);
        String hs512 = sign(JWSAlgorithm.HS512, forged, 64);
        String otherApp = sign(JWSAlgorithm.HS256, new JWTClaimsSet.Builder(forged).claim("app_id", "apitest").build(), 32);

        List<String> badHeaders = List.of("Bearer " + tampered, "Bearer " + none, "Bearer " + noneWithSignature,
                "Bearer " + otherKey, "Bearer " + hs512, "Bearer " + otherApp, "Bearer garbage", "Bearer ",
                "Basic dXNlcjpwYXNz", "bearer " + token, "Bearer  " + token, "Bearer " + token + " extra");
        for (String header : badHeaders) {
            for (String path : List.of(ME, APP + "/entities/Item")) {
                TestServer.Response r = t.server().send("GET", path, null, java.util.Map.of("Authorization", header));
                assertEquals(401, r.status(), header + " on " + path + ": " + r.body());
                assertEquals("Unauthorized", r.json().get("message").asText());
            }
        }
        // No token at all is anonymous, not an error.
        assertEquals(200, t.as(null, "GET", APP + "/entities/Item", null).status());

        // Expired: user tokens last 30 days.
        t.clock().advance(Duration.ofDays(30).plusSeconds(1));
        assertEquals(401, t.as(token, "GET", ME, null).status());
        assertEquals(401, t.as(token, "GET", APP + "/entities/Item", null).status());
    }

    private static void changePassword(Ctx t) throws Exception {
        String email = signUp(t, newEmail());
        String first = login(t, email, PASSWORD);
        String second = login(t, email, PASSWORD);
        String id = t.as(first, "GET", ME, null).json().get("id").asText();

        assertEquals(401, t.as(null, "POST", AUTH + "/change-password", changeBody(id, PASSWORD, "another-pass")).status());
        assertEquals(403, t.as(first, "POST", AUTH + "/change-password", changeBody("someone-else", PASSWORD, "another-pass")).status());
        TestServer.Response wrong = t.as(first, "POST", AUTH + "/change-password", changeBody(id, "not-my-password", "another-pass"));
        assertEquals(400, wrong.status());
        assertEquals("Current password is incorrect", wrong.json().get("message").asText());
        assertEquals(400, t.as(first, "POST", AUTH + "/change-password", changeBody(id, PASSWORD, "short")).status());

        TestServer.Response ok = t.as(first, "POST", AUTH + "/change-password", changeBody(id, PASSWORD, "another-pass"));
        assertEquals(200, ok.status(), ok.body());
        assertEquals("Password changed successfully", ok.json().get("message").asText());
        String fresh = ok.json().get("access_token").asText();

        assertEquals(401, t.as(first, "GET", ME, null).status(), "the token used for the change is revoked");
        assertEquals(401, t.as(second, "GET", ME, null).status(), "other older tokens are revoked");
        assertEquals(200, t.as(fresh, "GET", ME, null).status());
        assertEquals(400, t.post(AUTH + "/login", creds(email, PASSWORD)).status());
        assertEquals(200, t.post(AUTH + "/login", creds(email, "another-pass")).status());
    }

    private static void updateMe(Ctx t) throws Exception {
        String email = signUp(t, newEmail());
        String token = login(t, email, PASSWORD);
        JsonNode before = t.as(token, "GET", ME, null).json();
        TestServer.Response put = t.as(token, "PUT", ME, "{\"nickname\":\"Ace\",\"level\":3,\"role\":\"admin\","
                + "\"email\":\"evil@example.test\",\"full_name\":\"Changed\",\"id\":\"x\",\"is_verified\":false,\"unknown\":1}");
        assertEquals(200, put.status(), put.body());
        JsonNode after = put.json();
        assertEquals("Ace", after.get("nickname").asText());
        assertEquals(3, after.get("level").asInt());
        assertEquals("user", after.get("role").asText(), "role is admin-only");
        assertEquals(email, after.get("email").asText());
        assertEquals(before.get("full_name"), after.get("full_name"));
        assertEquals(before.get("id"), after.get("id"));
        assertTrue(after.get("is_verified").asBoolean());
        assertFalse(after.has("unknown"));
        assertEquals("Ace", t.as(token, "GET", ME, null).json().get("nickname").asText());
        assertEquals(401, t.as(null, "PUT", ME, "{\"nickname\":\"x\"}").status());
    }

    private static void invite(Ctx t) throws Exception {
        String userEmail = signUp(t, newEmail());
        String userToken = login(t, userEmail, PASSWORD);
        String invitee = newEmail();
        String body = "{\"user_email\":\"" + invitee + "\",\"role\":\"user\"}";
        assertEquals(403, t.as(userToken, "POST", APP + "/users/invite-user", body).status());
        assertEquals(403, t.as(null, "POST", APP + "/users/invite-user", body).status());

        String service = serviceToken(t);
        TestServer.Response invited = t.as(service, "POST", APP + "/runtime/users/invite-user", body);
        assertEquals(200, invited.status(), invited.body());
        assertTrue(invited.json().get("success").asBoolean());
        assertEquals(400, t.as(service, "POST", APP + "/runtime/users/invite-user",
                "{\"user_email\":\"" + newEmail() + "\",\"role\":\"owner\"}").status());
        assertEquals(400, t.as(service, "POST", APP + "/users/invite-user", "{\"user_email\":\"nope\",\"role\":\"user\"}").status());

        // on-behalf-of: a valid user token names the acting user; an invalid one is a 401.
        TestServer.Response acting = t.server().send("POST", APP + "/entities/Item", "{\"title\":\"svc\"}",
                java.util.Map.of("Content-Type", "application/json", "Authorization", "Bearer " + service, "on-behalf-of", "Bearer " + userToken));
        assertEquals(201, acting.status(), acting.body());
        assertEquals("service-role", acting.json().get("created_by_id").asText(), "records stay attributed to the service role");
        assertEquals(401, t.server().send("GET", APP + "/entities/Item", null,
                java.util.Map.of("Authorization", "Bearer " + service, "on-behalf-of", "Bearer nonsense")).status());
        // A service token as on-behalf-of (a function invoked by the service role sends its caller's): no end user, no 401.
        TestServer.Response serviceForService = t.server().send("GET", APP + "/entities/Item", null,
                java.util.Map.of("Authorization", "Bearer " + service, "on-behalf-of", "Bearer " + service));
        assertEquals(200, serviceForService.status(), serviceForService.body());

        Matcher m = RESET_TOKEN.matcher(text(awaitMail(invitee, 1)));
        assertTrue(m.find());
        assertEquals(400, t.post(AUTH + "/login", creds(invitee, PASSWORD)).status(), "no password yet");
        assertEquals(200, t.post(AUTH + "/reset-password", resetBody(m.group(1), PASSWORD)).status());
        TestServer.Response login = t.post(AUTH + "/login", creds(invitee, PASSWORD));
        assertEquals(200, login.status(), login.body());
        assertTrue(login.json().at("/user/is_verified").asBoolean());
    }

    private static void rateLimit(Ctx t) throws Exception {
        for (int i = 0; i < 3; i++) assertEquals(400, t.post(AUTH + "/login", creds(newEmail(), PASSWORD)).status());
        java.net.http.HttpResponse<String> limited = postWithHeaders(t, AUTH + "/login", creds(newEmail(), PASSWORD));
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(limited.body().contains("\"message\":\"Too many requests"), limited.body());
        // Retry-After: the whole seconds until the 5-minute window that began with the first try ends.
        assertEquals("300", limited.headers().firstValue("Retry-After").orElse(null), "Retry-After of a fresh window");
        t.clock().advance(Duration.ofSeconds(100));
        assertEquals("200", postWithHeaders(t, AUTH + "/login", creds(newEmail(), PASSWORD)).headers()
                .firstValue("Retry-After").orElse(null), "Retry-After counts down with the window");
        t.clock().advance(Duration.ofSeconds(200));
        assertEquals(400, t.post(AUTH + "/login", creds(newEmail(), PASSWORD)).status(), "the window has passed");

        // Per email: the default allows 5 mails per address in 15 minutes.
        String email = newEmail();
        for (int i = 0; i < 5; i++) assertEquals(200, t.post(AUTH + "/resend-otp", "{\"email\":\"" + email + "\"}").status());
        java.net.http.HttpResponse<String> mailLimited = postWithHeaders(t, AUTH + "/resend-otp", "{\"email\":\"" + email + "\"}");
        assertEquals(429, mailLimited.statusCode());
        assertEquals("900", mailLimited.headers().firstValue("Retry-After").orElse(null), "15-minute mail window");
        // One count for every route that sends mail (SignInLimits), whatever the case of the address.
        String shouted = " " + email.toUpperCase(java.util.Locale.ROOT) + " ";
        assertEquals(429, t.post(AUTH + "/reset-password-request", "{\"email\":\"" + shouted + "\"}").status(), "reset shares the count");
        assertEquals(429, t.post(AUTH + "/register", creds(shouted, PASSWORD)).status(), "register shares the count");
        assertEquals(200, t.post(AUTH + "/resend-otp", "{\"email\":\"" + newEmail() + "\"}").status());
    }

    /** A JSON POST whose answer headers are needed too. */
    private static java.net.http.HttpResponse<String> postWithHeaders(Ctx t, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://127.0.0.1:" + t.server().port() + path))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static void adminBootstrap(Ctx t) throws Exception {
        TestServer.Response login = t.post(AUTH + "/login", creds("boss@example.test", "admin-password"));
        assertEquals(200, login.status(), login.body());
        assertEquals("admin", login.json().at("/user/role").asText());
        assertTrue(login.json().at("/user/is_verified").asBoolean());
        String admin = login.json().get("access_token").asText();
        TestServer.Response invited = t.as(admin, "POST", APP + "/users/invite-user",
                "{\"user_email\":\"" + newEmail() + "\",\"role\":\"editor\"}");
        assertEquals(200, invited.status(), invited.body());
        // An admin may change roles through updateMe.
        assertEquals("admin", t.as(admin, "PUT", ME, "{\"role\":\"admin\",\"nickname\":\"B\"}").json().get("role").asText());
    }

    private static void serviceToken(TestDatabases.Kind kind) throws Exception {
        Path dir = TestServer.copyFixture("authtest");
        String db = TestDatabases.freshUrl(kind);
        String token = runServiceToken(dir.toString(), "--db", db, "--ttl", "30m");
        assertEquals(3, token.split("\\.").length, token);
        JsonNode claims = claims(token);
        assertEquals("service", claims.get("sub").asText());
        assertEquals("service", claims.get("kind").asText());
        assertEquals("authtest", claims.get("app_id").asText());
        assertEquals(1800, claims.get("exp").asLong() - claims.get("iat").asLong());

        TestClock clock = new TestClock();
        try (TestServer server = new TestServer(dir, db, config(clock))) {
            TestServer.Response created = server.sendAs(token, "POST", APP + "/entities/Item", "{\"title\":\"by script\"}");
            assertEquals(201, created.status(), created.body());
            assertEquals("service-role", created.json().get("created_by_id").asText());
            assertEquals(404, server.sendAs(token, "GET", ME, null).status(), "the service role has no User row");
            clock.advance(Duration.ofMinutes(31));
            assertEquals(401, server.sendAs(token, "GET", APP + "/entities/Item", null).status(), "expired");
        }
        // A second token from the same store is signed with the same key.
        String again = runServiceToken(dir.toString(), "--db", db);
        try (TestServer server = new TestServer(dir, db, config(new TestClock()))) {
            assertEquals(200, server.sendAs(again, "GET", APP + "/entities/Item", null).status());
        }
        assertEquals(2, HomebaseCommand.run("service-token", dir.toString(), "--db", db, "--ttl", "forever"));
    }

    private static void mailToLog(TestDatabases.Kind kind) throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.homebase");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events = new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(events);
        String adminPassword = "very-secret-admin-pw";
        try (TestServer server = new TestServer("authtest", kind, TestServer.fastAuth().withAdmin("root@example.test", adminPassword))) {
            String email = newEmail();
            assertEquals(200, server.send("POST", AUTH + "/register", creds(email, PASSWORD)).status());
            long deadline = System.currentTimeMillis() + 10_000;
            String logged = "";
            while (!logged.contains("verification code is") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                logged = String.join("\n", events.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList());
            }
            Matcher m = Pattern.compile("verification code is (\\d{6})").matcher(logged);
            assertTrue(m.find(), logged);
            assertTrue(logged.contains("Mail to " + email), logged);
            TestServer.Response verified = server.send("POST", AUTH + "/verify-otp", verifyBody(email, m.group(1)));
            assertEquals(200, verified.status(), verified.body());
            TestServer.Response admin = server.send("POST", AUTH + "/login", creds("root@example.test", adminPassword));
            assertEquals(200, admin.status(), admin.body());
            String all = String.join("\n", events.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList());
            assertTrue(all.contains("Created admin user root@example.test"), all);
            for (String secret : List.of(adminPassword, PASSWORD, "argon2id", verified.json().get("access_token").asText(),
                    admin.json().get("access_token").asText())) {
                assertFalse(all.contains(secret), "the log holds a secret: " + secret);
            }
        } finally {
            logger.detachAppender(events);
            logger.setLevel(before);
        }
    }

    // ---- helpers ----

    private static String runServiceToken(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        synchronized (AuthApiTest.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                String[] full = new String[args.length + 1];
                full[0] = "service-token";
                System.arraycopy(args, 0, full, 1, args.length);
                assertEquals(0, HomebaseCommand.run(full));
            } finally {
                System.setOut(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    /** A service token for the test's app, minted by the command against the running server's store. */
    private static String serviceToken(Ctx t) {
        return runServiceToken(t.server().dir().toString(), "--db", t.server().databaseUrl());
    }

    /** Registers, reads the code from the mail, verifies. Returns the email. */
    private static String signUp(Ctx t, String email) throws Exception {
        int before = greenMail.getReceivedMessagesForDomain(email).length;
        assertEquals(200, t.post(AUTH + "/register", creds(email, PASSWORD)).status());
        String code = code(awaitMail(email, before + 1));
        TestServer.Response r = t.post(AUTH + "/verify-otp", verifyBody(email, code));
        assertEquals(200, r.status(), r.body());
        return email;
    }

    private static String login(Ctx t, String email, String password) {
        TestServer.Response r = t.post(AUTH + "/login", creds(email, password));
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }

    private static MimeMessage awaitMail(String to, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] got = greenMail.getReceivedMessagesForDomain(to);
            if (got.length >= count) return got[count - 1];
            Thread.sleep(20);
        }
        throw new AssertionError("no mail #" + count + " for " + to);
    }

    private static String code(MimeMessage mail) throws Exception {
        Matcher m = CODE.matcher(mail.getSubject());
        assertTrue(m.find(), mail.getSubject());
        assertTrue(text(mail).contains(m.group(1)));
        return m.group(1);
    }

    /** The decoded text of a plain-text mail. */
    private static String text(MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String newEmail() {
        return "user" + COUNTER.incrementAndGet() + "-" + System.nanoTime() + "@example.test";
    }

    private static String creds(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static String verifyBody(String email, String code) {
        return "{\"email\":\"" + email + "\",\"otp_code\":\"" + code + "\"}";
    }

    private static String resetBody(String token, String password) {
        return "{\"reset_token\":\"" + token + "\",\"new_password\":\"" + password + "\"}";
    }

    private static String changeBody(String id, String current, String next) {
        return "{\"user_id\":\"" + id + "\",\"current_password\":\"" + current + "\",\"new_password\":\"" + next + "\"}";
    }

    private static JsonNode withoutRequestId(TestServer.Response r) {
        JsonNode n = r.json().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("request_id");
        return n;
    }

    private static JsonNode claims(String token) throws IOException {
        return dev.homebase.server.internal.Json.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(JWSAlgorithm alg, JWTClaimsSet claims, int keyBytes) throws Exception {
        byte[] key = new byte[keyBytes];
        new SecureRandom().nextBytes(key);
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), new JWTClaimsSet.Builder(claims).expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
        jwt.sign(new MACSigner(key));
        String s = jwt.serialize();
        assertNotEquals("", s);
        return s;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

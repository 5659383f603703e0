package dev.homebase.server.http;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.MailSettings;
import dev.homebase.server.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hosted login page in a real browser: Debian's headless {@code chromium}, driven by
 * {@code playwright-core} ({@code src/test/browser/login.mjs}), signs the bootstrap admin in and
 * lands on {@code from_url} with {@code access_token} in the query; the token then works on the API.
 * A second run registers a new account through the 6-digit code step (the code read from GreenMail).
 * Two more sign in with Google (a real OpenID Connect provider, mock-oauth2-server): by the login
 * page's button (full-page redirects), and in popup mode, where the popup posts the token to the
 * app page that opened it. Two more sign in with Facebook and Apple ({@link SocialStub}), Apple through
 * its cross-site {@code form_post}.
 *
 * <p>Skipped (not failed) when {@code /usr/bin/chromium} or {@code node}/{@code npm} is missing, so
 * machines without a browser stay green. {@code .ci/run} tries to install Chromium first.
 */
class LoginBrowserTest {
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "browser-admin-pass";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static GreenMail greenMail;
    private static int smtpPort;

    @BeforeAll
    static void needsABrowser() throws Exception {
        BrowserScripts.assumeBrowser();
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterAll
    static void stopMail() {
        if (greenMail != null) greenMail.stop();
    }

    @Test
    void signsInWithARealBrowserAndLandsOnFromUrlWithAToken() throws Exception {
        try (TestServer server = new TestServer("authtest", TestDatabases.Kind.SQLITE,
                TestServer.fastAuth().withAdmin(EMAIL, PASSWORD))) {
            String token = browser("signin", server, EMAIL, PASSWORD, () -> {
                throw new AssertionError("no code is asked when signing in");
            });
            assertMe(server, token, EMAIL);
        }
    }

    @Test
    void registersWithTheEmailedCodeInARealBrowser() throws Exception {
        String email = "new-user@browser.example";
        AuthConfig auth = TestServer.fastAuth()
                .withSmtp(new MailSettings("127.0.0.1", smtpPort, null, null, "none", "Homebase Test <noreply@example.test>"));
        try (TestServer server = new TestServer("authtest", TestDatabases.Kind.SQLITE, auth)) {
            String token = browser("register", server, email, "new-user-pass", () -> {
                long deadline = System.currentTimeMillis() + 15_000;
                while (System.currentTimeMillis() < deadline) {
                    MimeMessage[] got = greenMail.getReceivedMessagesForDomain(email);
                    if (got.length > 0) {
                        Matcher m = CODE.matcher(got[got.length - 1].getSubject());
                        assertTrue(m.find(), got[got.length - 1].getSubject());
                        return m.group(1);
                    }
                    Thread.sleep(50);
                }
                throw new AssertionError("no verification mail for " + email);
            });
            assertMe(server, token, email);
        }
    }

    @Test
    void choosesANewPasswordOnThePageTheResetMailLinksTo() throws Exception {
        AuthConfig auth = TestServer.fastAuth().withAdmin(EMAIL, PASSWORD)
                .withSmtp(new MailSettings("127.0.0.1", smtpPort, null, null, "none", "Homebase Test <noreply@example.test>"));
        try (TestServer server = new TestServer("authtest", TestDatabases.Kind.SQLITE, auth)) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, server.send("POST", "/api/apps/authtest/auth/reset-password-request", "{\"email\":\"" + EMAIL + "\"}").status());
            String link = null;
            long deadline = System.currentTimeMillis() + 15_000;
            while (link == null && System.currentTimeMillis() < deadline) {
                for (MimeMessage m : greenMail.getReceivedMessagesForDomain(EMAIL)) {
                    Matcher l = Pattern.compile(Pattern.quote(base) + "(/reset-password\\?\\S+)")
                            .matcher(String.valueOf(m.getContent()));
                    if (l.find()) link = l.group(1);
                }
                if (link == null) Thread.sleep(50);
            }
            assertNotNull(link, "no reset mail with a link to this server");
            Map<String, String> out = browserRun("reset", server, link, "chosen-in-browser-1", () -> {
                throw new AssertionError("no code is asked");
            });
            assertEquals("saved", out.get("RESET"));
            assertEquals(200, server.send("POST", "/api/apps/authtest/auth/login",
                    "{\"email\":\"" + EMAIL + "\",\"password\":\"chosen-in-browser-1\"}").status());
            assertEquals(400, server.send("POST", "/api/apps/authtest/auth/login",
                    "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}").status());
        }
    }

    @Test
    void signsInWithGoogleFromTheLoginPage() throws Exception {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start();
        try (TestServer server = AuthOAuthTest.serverWith(TestDatabases.Kind.SQLITE, provider)) {
            AuthOAuthTest.nextIdentity(provider, "google", "social@browser.example", true);
            Map<String, String> out = browserRun("provider", server, "-", "-", () -> {
                throw new AssertionError("no code is asked");
            });
            assertEquals("true", out.get("NEW"));
            assertMe(server, out.get("TOKEN"), "social@browser.example");
        } finally {
            provider.shutdown();
        }
    }

    @Test
    void signsInWithFacebookFromTheLoginPage() throws Exception {
        try (SocialStub stub = new SocialStub(); TestServer server = SocialLoginTest.serverWith(TestDatabases.Kind.SQLITE, stub, "")) {
            Map<String, String> out = browserRun("provider", server, "Facebook", "-", () -> {
                throw new AssertionError("no code is asked");
            });
            assertEquals("true", out.get("NEW"));
            assertEquals("0", out.get("POSTS"));
            assertMe(server, out.get("TOKEN"), "fb.user@example.test");
        }
    }

    /**
     * Apple returns with a cross-site form POST (the stub is at {@code localhost}, the server at
     * {@code 127.0.0.1}: two sites), which Chromium sends without our {@code SameSite=Lax} cookie;
     * the relay page carries it back with the cookie.
     */
    @Test
    void signsInWithAppleThroughItsCrossSiteFormPost() throws Exception {
        try (SocialStub stub = new SocialStub(); TestServer server = SocialLoginTest.serverWith(TestDatabases.Kind.SQLITE, stub, "")) {
            Map<String, String> out = browserRun("provider", server, "Apple", "-", () -> {
                throw new AssertionError("no code is asked");
            });
            assertEquals("true", out.get("NEW"));
            assertMe(server, out.get("TOKEN"), "apple.user@example.test");
            assertEquals("Ada Apple", server.sendAs(out.get("TOKEN"), "GET", "/api/apps/authtest/entities/User/me", null)
                    .json().get("full_name").asText());
            assertEquals(1, stub.requests("/apple/auth/token").size());
            assertEquals("2", out.get("POSTS"), "Apple's cross-site POST, then the relayed one that carries the cookie");
        }
    }

    @Test
    void popupSignInPostsTheTokenToTheOpener() throws Exception {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start();
        try (TestServer server = AuthOAuthTest.serverWith(TestDatabases.Kind.SQLITE, provider)) {
            AuthOAuthTest.nextIdentity(provider, "google", "popup@browser.example", true);
            Map<String, String> out = browserRun("popup", server, "-", "-", () -> {
                throw new AssertionError("no code is asked");
            });
            assertEquals("http://127.0.0.1:" + server.port(), out.get("ORIGIN"), "the message comes from the app origin");
            assertEquals("true", out.get("NEW"));
            assertMe(server, out.get("TOKEN"), "popup@browser.example");
        } finally {
            provider.shutdown();
        }
    }

    private interface CodeSource {
        String code() throws Exception;
    }

    /** Runs {@code login.mjs} in a mode; answers its code prompt; returns the token it printed. */
    private static String browser(String mode, TestServer server, String email, String password, CodeSource codes) throws Exception {
        return browserRun(mode, server, email, password, codes).get("TOKEN");
    }

    /** Runs {@code login.mjs}; returns its {@code WORD value} lines (TOKEN, NEW, ORIGIN, RESET, POSTS) by word. */
    private static Map<String, String> browserRun(String mode, TestServer server, String email, String password, CodeSource codes)
            throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        Path screenshot = Path.of("target/login-page-" + mode + ".png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Path err = TempDirs.file("login-browser", ".log");
        Process p = new ProcessBuilder("node", "login.mjs", mode, base, email, password, screenshot.toString())
                .directory(BrowserScripts.SCRIPTS.toFile()).redirectError(err.toFile()).start();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        StringBuilder out = new StringBuilder();
        Map<String, String> said = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.equals("AWAITING_CODE")) {
                    stdin.write(codes.code() + "\n");
                    stdin.flush();
                } else if (line.matches("(TOKEN|NEW|ORIGIN|RESET|POSTS) .*")) {
                    said.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
                }
            }
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            watchdog.interrupt();
        }
        int exit = p.waitFor();
        String log = Files.readString(err);
        assertEquals(0, exit, "browser script (" + mode + ") failed:\n" + out + "\n" + log);
        assertTrue(said.containsKey("TOKEN") || said.containsKey("RESET"), "no result printed:\n" + out + "\n" + log);
        return said;
    }

    private static void assertMe(TestServer server, String token, String email) {
        TestServer.Response me = server.sendAs(token, "GET", "/api/apps/authtest/entities/User/me", null);
        assertEquals(200, me.status(), me.body());
        assertEquals(email, me.json().get("email").asText());
    }

}

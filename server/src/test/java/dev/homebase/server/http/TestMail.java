package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.homebase.server.config.MailSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server (GreenMail) on a free loopback port for one test class, and the few things tests
 * do with the mail the server sends: wait for it, read the one-time code, sign a user up with it.
 * Use as {@code @RegisterExtension static final TestMail MAIL = new TestMail();}.
 */
public final class TestMail implements BeforeAllCallback, AfterAllCallback {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final long WAIT_MILLIS = 10_000;

    private GreenMail mail;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        mail.stop();
    }

    /** The server's mail settings for this SMTP server. */
    public MailSettings settings() {
        return new MailSettings("127.0.0.1", port, null, null, "none", "Homebase <noreply@example.test>");
    }

    /** The latest mail to {@code to}, waiting up to 10 s for one. */
    public MimeMessage latest(String to) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] got = mail.getReceivedMessagesForDomain(to);
            if (got.length > 0) return got[got.length - 1];
            sleep();
        }
        throw new AssertionError("no mail for " + to + " within " + WAIT_MILLIS + " ms");
    }

    /** The six-digit code in the subject of the latest mail to {@code to}, waiting for one that has it. */
    public String code(String to) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String subject = null;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] got = mail.getReceivedMessagesForDomain(to);
            if (got.length > 0) {
                subject = subject(got[got.length - 1]);
                Matcher m = CODE.matcher(subject);
                if (m.find()) return m.group(1);
            }
            sleep();
        }
        throw new AssertionError("no code mailed to " + to + (subject == null ? "" : "; last subject: " + subject));
    }

    /**
     * Registers {@code email} on {@code appId} through the HTTP API, verifies it with the mailed code and
     * returns the access token that verification answers with.
     */
    public String signUp(TestServer server, String appId, String email, String password) {
        String auth = "/api/apps/" + appId + "/auth";
        String creds = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        TestServer.Response registered = server.send("POST", auth + "/register", creds);
        assertEquals(200, registered.status(), registered.body());
        TestServer.Response verified = server.send("POST", auth + "/verify-otp",
                "{\"email\":\"" + email + "\",\"otp_code\":\"" + code(email) + "\"}");
        assertEquals(200, verified.status(), verified.body());
        return verified.json().get("access_token").asText();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for mail", e);
        }
    }
}

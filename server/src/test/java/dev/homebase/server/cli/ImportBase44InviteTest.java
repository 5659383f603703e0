package dev.homebase.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.http.TestMail;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code homebase import-base44 --invite} as its own process (mail settings and the token from the environment):
 * each moved user is mailed a "set your password" link through the configured SMTP server, and the token
 * appears in neither stdout nor stderr (the log).
 */
class ImportBase44InviteTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    @Test
    void invitesMovedUsersAndNeverPrintsTheToken() throws Exception {
        try (TestServer source = new TestServer("movetest", TestDatabases.Kind.SQLITE, TestServer.fastAuth().withSmtp(MAIL.settings()))) {
            String email = "carol-" + Long.toHexString(System.nanoTime()) + "@source.test";
            MAIL.signUp(source, "movetest", email, "source-password-1");
            String token = source.serviceToken();
            var dest = TestServer.copyFixture("movetest");
            int port = MAIL.settings().port();
            CliProcess.Result r = CliProcess.run(Map.of("BASE44_TOKEN", token, "HOMEBASE_SMTP_HOST", "127.0.0.1",
                            "HOMEBASE_SMTP_PORT", String.valueOf(port), "HOMEBASE_PUBLIC_URL", "https://app.example.test"),
                    "import-base44", dest.toString(), "--from", "http://127.0.0.1:" + source.port(), "--entities", "User", "--invite");
            assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
            assertFalse(r.stdout().contains(token) || r.stderr().contains(token), "the token is never printed or logged");
            assertTrue(r.stdout().contains("User: 1 invitation(s) to set a password sent"), r.stdout());
            MimeMessage invite = MAIL.latest(email);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!invite.getSubject().contains("invited") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                invite = MAIL.latest(email);
            }
            assertTrue(invite.getSubject().contains("invited"), invite.getSubject());
            assertTrue(String.valueOf(invite.getContent()).contains("https://app.example.test/reset-password?token="));
        }
    }
}

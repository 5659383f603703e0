package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hosted login page in a real browser: Debian's headless {@code chromium}, driven by
 * {@code playwright-core} ({@code src/test/browser/login.mjs}), signs the bootstrap admin in and
 * lands on {@code from_url} with {@code access_token} in the query; the token then works on the API.
 *
 * <p>Skipped (not failed) when {@code /usr/bin/chromium} or {@code node}/{@code npm} is missing, so
 * machines without a browser stay green. {@code .ci/run} tries to install Chromium first.
 */
class LoginBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "browser-admin-pass";

    @Test
    void signsInWithARealBrowserAndLandsOnFromUrlWithAToken() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium)");
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "Skipped: node and npm are needed to drive Chromium");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            Process ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPTS.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, ci.waitFor(), "npm ci in " + SCRIPTS);
        }

        try (TestServer server = new TestServer("authtest", TestDatabases.Kind.SQLITE,
                TestServer.fastAuth().withAdmin(EMAIL, PASSWORD))) {
            String base = "http://127.0.0.1:" + server.port();
            Path screenshot = Path.of("target/login-page.png").toAbsolutePath();
            Files.createDirectories(screenshot.getParent());
            Path err = Files.createTempFile("login-browser", ".log");
            Process p = new ProcessBuilder("node", "login.mjs", base, EMAIL, PASSWORD, screenshot.toString())
                    .directory(SCRIPTS.toFile()).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean finished = p.waitFor(90, TimeUnit.SECONDS);
            if (!finished) p.destroyForcibly();
            String log = Files.readString(err);
            assertEquals(0, finished ? p.exitValue() : -1, "browser script failed:\n" + out + "\n" + log);

            String token = out.lines().filter(l -> l.startsWith("TOKEN ")).map(l -> l.substring(6)).findFirst().orElse(null);
            assertNotNull(token, "no token printed:\n" + out + "\n" + log);
            TestServer.Response me = server.sendAs(token, "GET", "/api/apps/authtest/entities/User/me", null);
            assertEquals(200, me.status(), me.body());
            assertEquals(EMAIL, me.json().get("email").asText());
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.homebase.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the Node conformance suite ({@code conformance/test/*.test.mjs}, the official
 * {@code @base44/sdk} 0.8.50) against a real Homebase server process, once per database.
 *
 * <p>For each database: copy the fixture projects ({@code conformance/fixtures/app}, and
 * {@code fixtures/strict} in strict validation mode) to a temp dir, start
 * {@code ../server/target/homebase-server.jar serve} on each with the JVM running this test, a
 * free port and a fresh database, wait for each {@code Homebase listening on ...} line, run
 * {@code node --test test/} with {@code HOMEBASE_URL}/{@code HOMEBASE_APP_ID} (and
 * {@code HOMEBASE_STRICT_URL}/{@code HOMEBASE_STRICT_APP_ID}), and require exit code 0. The
 * servers are always stopped (SIGTERM, then a forced kill after a timeout) and must exit 0.
 *
 * <p>The server gets {@code HOMEBASE_ADMIN_EMAIL}/{@code HOMEBASE_ADMIN_PASSWORD}; node gets the same
 * account as {@code HOMEBASE_TEST_EMAIL}/{@code HOMEBASE_TEST_PASSWORD}.
 *
 * <p>Mail is real: a GreenMail server receives the servers' mail over SMTP
 * ({@code HOMEBASE_SMTP_HOST}/{@code PORT}), and node reads it over POP3
 * ({@code HOMEBASE_TEST_POP3=host:port}, {@code lib/mail.mjs}). The per-IP sign-in limits are raised
 * for the suite (every file calls from 127.0.0.1 at once); the per-email limits keep their defaults.
 *
 * <p>System properties: {@code conformance.node} / {@code conformance.npm} (executables, default
 * {@code node} / {@code npm} on the PATH), {@code conformance.timeoutSeconds} (the node run,
 * default 600).
 */
class ConformanceTest {

    /** The databases the suite runs against; each is one test result. */
    enum Db { SQLITE, POSTGRESQL }

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile("Homebase listening on (http://\\S+) \\(app (\\S+)\\)");

    private static final String ADMIN_EMAIL = "conformance-admin@example.com";
    private static final String ADMIN_PASSWORD = "conformance-" + Long.toHexString(System.nanoTime()) + "-pw";
    /** An ordinary (role "user") account, registered through the OTP flow on the main server. */
    private static final String USER_EMAIL = "conformance-user@example.com";
    private static final String USER_PASSWORD = "conformance-user-" + Long.toHexString(System.nanoTime());
    /** A function secret, set with {@code homebase secrets set} before the main server starts (test/functions.test.mjs). */
    private static final String FUNCTION_SECRET = "conformance-secret-" + Long.toHexString(System.nanoTime());

    /**
     * Logins per email per 5 minutes: above the default 10, since most files sign the shared admin in (more than 25
     * in a PostgreSQL run by now); node gets it as {@code HOMEBASE_TEST_LOGIN_PER_EMAIL} for its 429 test.
     */
    private static final int LOGIN_PER_EMAIL = 100;
    /** Per-IP sign-in limits high enough for all files calling from one address; the mail-per-email limit stays default. */
    private static final String RATE_LIMITS = "login_ip=2000/5m,mail_ip=2000/15m,verify_ip=2000/5m,login_email=" + LOGIN_PER_EMAIL + "/5m";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static EmbeddedPostgres postgres;
    private static GreenMail mail;
    private static LlmStub llm;
    private static UpstreamStub upstream;
    private static ConnectorStub connectorStub;
    private static boolean npmInstalled;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (mail != null) {
            mail.stop();
            mail = null;
        }
        if (llm != null) {
            llm.close();
            llm = null;
        }
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
        if (connectorStub != null) {
            connectorStub.close();
            connectorStub = null;
        }
    }

    /** The OpenAI-compatible provider stub of every server ({@code HOMEBASE_LLM_URL}; ai.test.mjs), started on first use. */
    private static synchronized LlmStub llm() throws IOException {
        if (llm == null) llm = new LlmStub();
        return llm;
    }

    /** The third-party API of the app's custom integration {@code echo} (custom-integrations.test.mjs), started on first use. */
    private static synchronized UpstreamStub upstream() throws IOException {
        if (upstream == null) upstream = new UpstreamStub();
        return upstream;
    }

    /** The connector provider stub of the main server (connectors.test.mjs), started on first use. */
    private static synchronized ConnectorStub connectorStub() throws IOException {
        if (connectorStub == null) connectorStub = new ConnectorStub();
        return connectorStub;
    }

    /** The GreenMail server (SMTP in, POP3 out), started on first use on free ports; any POP3 password is accepted. */
    private static synchronized GreenMail mail() throws IOException {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_POP3)})
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            mail.start();
        }
        return mail;
    }

    @ParameterizedTest(name = "official @base44/sdk 0.8.50 against Homebase on {0}")
    @EnumSource(Db.class)
    void conformance(Db db, @TempDir Path tmp) throws Exception {
        Path module = moduleDir();
        Path jar = module.resolve("../server/target/homebase-server.jar").normalize();
        if (!Files.isRegularFile(jar)) {
            fail("Server jar not found: " + jar + ". Build it first: ./mvnw -pl server -am package -DskipTests "
                    + "(./mvnw verify from the repository root builds it before this module's tests).");
        }
        ensureNodeModules(module);
        ensureDeno(module);
        mail().purgeEmailFromAllMailboxes(); // the other database's run used the same addresses

        List<RunningServer> servers = new ArrayList<>();
        try {
            // The main fixture, and a strict-validation fixture on its own database (api-contract §4.19).
            RunningServer main = startServer(db, "app", jar, module.resolve("fixtures/app"), tmp,
                    Map.of("CONFORMANCE_SECRET", FUNCTION_SECRET, "ECHO_KEY", UpstreamStub.SECRET, "STUBAPI_SECRET", ConnectorStub.SECRET), null);
            servers.add(main);
            registerUser(main);
            RunningServer strict = startServer(db, "strict", jar, module.resolve("fixtures/strict"), tmp, Map.of(), null);
            servers.add(strict);
            // On PostgreSQL, a second node on the main server's database (multinode.test.mjs: realtime across nodes).
            RunningServer nodeB = db == Db.POSTGRESQL
                    ? startServer(db, "node-b", jar, module.resolve("fixtures/app"), tmp, Map.of(), main.dbUrl()) : null;
            if (nodeB != null) servers.add(nodeB);

            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "HOMEBASE_URL", main.url(), "HOMEBASE_APP_ID", main.appId(),
                    "HOMEBASE_STRICT_URL", strict.url(), "HOMEBASE_STRICT_APP_ID", strict.appId(),
                    "HOMEBASE_SERVICE_TOKEN", main.serviceToken(),
                    "HOMEBASE_USER_EMAIL", USER_EMAIL, "HOMEBASE_USER_PASSWORD", USER_PASSWORD,
                    "HOMEBASE_FUNCTION_SECRET", FUNCTION_SECRET));
            env.put("HOMEBASE_TEST_POP3", "127.0.0.1:" + mail().getPop3().getPort());
            env.put("HOMEBASE_TEST_LOGIN_PER_EMAIL", Integer.toString(LOGIN_PER_EMAIL));
            if (nodeB != null) env.put("HOMEBASE_NODE_B_URL", nodeB.url());
            env.put("HOMEBASE_TEST_LLM_STUB", llm().url());
            env.put("HOMEBASE_TEST_UPSTREAM", upstream().url());
            env.put("HOMEBASE_TEST_UPSTREAM_KEY", UpstreamStub.SECRET);
            env.put("HOMEBASE_TEST_CONNECTOR_STUB", connectorStub().url());
            NodeResult node = runNode(module, db, env);
            boolean aliveAfterRun = servers.stream().allMatch(s -> s.process().isAlive());
            int stopMain = main.stop();
            int stopStrict = strict.stop();
            int stopNodeB = nodeB == null ? 0 : nodeB.stop();
            assertAll(
                    () -> assertTrue(aliveAfterRun, "[" + db + "] a server died during the run; see its output above"),
                    () -> assertEquals(0, node.exit(), "[" + db + "] node --test failed; " + node.failing().size()
                            + " failing test(s) (details in the node output above):\n  - " + String.join("\n  - ", node.failing())),
                    () -> assertEquals(0, stopMain, "[" + db + "] the server must exit 0 on SIGTERM"),
                    () -> assertEquals(0, stopStrict, "[" + db + "] the strict server must exit 0 on SIGTERM"),
                    () -> assertEquals(0, stopNodeB, "[" + db + "] the second node must exit 0 on SIGTERM"));
        } finally {
            for (RunningServer s : servers) s.stop();
        }
    }

    /** A started server process, its output pump and the URL and app id it announced. */
    private record RunningServer(Process process, Thread pump, String url, String appId, String serviceToken,
                                 List<String> output, String dbUrl) {
        /** SIGTERM, then a forced kill; returns the exit code (idempotent). */
        int stop() throws InterruptedException {
            int code = ConformanceTest.stop(process);
            pump.join(Duration.ofSeconds(5));
            return code;
        }
    }

    /**
     * Copies {@code fixture} to {@code tmp/name}, sets the function {@code secrets} in its database
     * ({@code homebase secrets set}), starts {@code serve} on it with a free port, and waits (bounded)
     * for the {@code Homebase listening on ...} line. The database is a fresh one, or {@code sharedDbUrl}
     * when not null (another node of the same deployment).
     */
    private static RunningServer startServer(Db db, String name, Path jar, Path fixture, Path tmp,
                                             Map<String, String> secrets, String sharedDbUrl)
            throws IOException, SQLException, InterruptedException {
        String label = db + (name.equals("app") ? "" : " " + name);
        Path project = tmp.resolve(name);
        copyTree(fixture, project);
        upstream().writeIntegration(project); // the custom integration "echo" calls the stub's port
        if (fixture.endsWith("app")) connectorStub().declare(project); // base44/connectors/stubapi.jsonc (connectors.test.mjs)
        Path data = Files.createDirectories(tmp.resolve(name + "-data"));
        String dbUrl = sharedDbUrl != null ? sharedDbUrl : switch (db) {
            case SQLITE -> "sqlite:" + data.resolve("homebase.db");
            case POSTGRESQL -> freshPostgresDatabase();
        };
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            setSecret(label, jar, project, data, dbUrl, secret.getKey(), secret.getValue());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add(tmpdirOption());
        cmd.addAll(List.of("-jar", jar.toString(), "serve", project.toString(),
                "--port", Integer.toString(freePort()), "--host", "127.0.0.1",
                "--data", data.toString(), "--db", dbUrl));
        log("[" + label + "] starting: " + String.join(" ", cmd));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        // A verified admin account, so tests can also act as a signed-in user (architecture §6).
        builder.environment().put("HOMEBASE_ADMIN_EMAIL", ADMIN_EMAIL);
        builder.environment().put("HOMEBASE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Real mail over SMTP to GreenMail, and limits that fit a suite calling from one address.
        builder.environment().put("HOMEBASE_SMTP_HOST", "127.0.0.1");
        builder.environment().put("HOMEBASE_SMTP_PORT", Integer.toString(mail().getSmtp().getPort()));
        builder.environment().put("HOMEBASE_SMTP_TLS", "none");
        builder.environment().put("HOMEBASE_SMTP_FROM", "Homebase Conformance <noreply@conformance.test>");
        builder.environment().put("HOMEBASE_AUTH_RATE_LIMITS", RATE_LIMITS);
        builder.environment().putAll(llm().serverEnv()); // InvokeLLM, GenerateImage and the AI gateway on a local stub
        Process server = builder.start();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread pump = Thread.ofVirtual().start(() -> pumpServerOutput(label, server.getInputStream(), ready, output));
        try {
            Matcher listening = ready.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            log("[" + label + "] server ready at " + listening.group(1) + " (app " + listening.group(2) + ")");
            String serviceToken = serviceToken(label, jar, project, data, dbUrl);
            return new RunningServer(server, pump, listening.group(1), listening.group(2), serviceToken, output, dbUrl);
        } catch (TimeoutException | ExecutionException e) {
            boolean timedOut = e instanceof TimeoutException;
            stop(server);
            fail("[" + label + "] " + (timedOut
                    ? "server did not print 'Homebase listening on ...' within " + STARTUP_TIMEOUT.toSeconds() + " s"
                    : "server exited before it was ready (exit code " + server.exitValue() + ")")
                    + "; see its output above");
            throw new AssertionError("unreachable");
        }
    }

    /** {@code homebase secrets set NAME=VALUE} on the server's store (the value is not echoed here). */
    private static void setSecret(String label, Path jar, Path project, Path data, String dbUrl, String name, String value)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(javaExecutable(), tmpdirOption(), "-jar", jar.toString(), "secrets", "set", name + "=" + value,
                "-p", project.toString(), "--data", data.toString(), "--db", dbUrl);
        log("[" + label + "] secrets set " + name + "=…");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).start();
        Thread out = Thread.ofVirtual().start(() -> copyLines(p.getInputStream(), "[" + label + " secrets] ", new ArrayList<>()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("[" + label + "] secrets set did not finish within 60 s");
        }
        out.join(Duration.ofSeconds(5));
        assertEquals(0, p.exitValue(), "[" + label + "] secrets set failed; see its output above");
    }

    /**
     * Installs the pinned Deno ({@code npm ci} in {@code functions-runtime/}) when it is missing; the
     * server finds it there, above its own jar.
     */
    private static synchronized void ensureDeno(Path module) throws IOException, InterruptedException {
        Path runtime = module.resolve("../functions-runtime").normalize();
        if (!Files.isRegularFile(runtime.resolve("package-lock.json")) || Files.isDirectory(runtime.resolve("node_modules/@deno"))) return;
        String npm = System.getProperty("conformance.npm", "npm");
        log("Deno missing; running npm ci in " + runtime);
        Process p = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(runtime.toFile())
                .redirectErrorStream(true).start();
        Thread out = Thread.ofVirtual().start(() -> copyLines(p.getInputStream(), "[npm deno] ", new ArrayList<>()));
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("npm ci in functions-runtime did not finish within 10 minutes");
        }
        out.join(Duration.ofSeconds(5));
        assertEquals(0, p.exitValue(), "npm ci failed in " + runtime + "; see its output above");
    }

    /**
     * Mints a service-role token with {@code homebase service-token} on the server's store (the same
     * signing keys as the running server); the token is the first line of its output.
     */
    private static String serviceToken(String label, Path jar, Path project, Path data, String dbUrl)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(javaExecutable(), tmpdirOption(), "-jar", jar.toString(), "service-token", project.toString(),
                "--data", data.toString(), "--db", dbUrl, "--ttl", "2h");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(false).start();
        Thread err = Thread.ofVirtual().start(() -> copyLines(p.getErrorStream(), "[" + label + " service-token] ", new ArrayList<>()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("[" + label + "] service-token did not finish within 60 s");
        }
        err.join(Duration.ofSeconds(5));
        assertEquals(0, p.exitValue(), "[" + label + "] service-token failed; see its output above");
        String token = out.lines().findFirst().orElse("").trim();
        assertTrue(token.split("\\.").length == 3, "[" + label + "] service-token printed no JWT: " + out);
        return token;
    }

    /**
     * Registers {@link #USER_EMAIL} (api-contract §2.2/2.3) with the code from the verification mail
     * GreenMail received. Node's own registrations read their mail over POP3 instead.
     */
    private static void registerUser(RunningServer server) throws IOException, InterruptedException, MessagingException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String auth = server.url() + "/api/apps/" + server.appId() + "/auth/";
        assertEquals(200, postJson(http, auth + "register",
                "{\"email\":\"" + USER_EMAIL + "\",\"password\":\"" + USER_PASSWORD + "\"}"), "register");
        String otp = null;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (otp == null && System.nanoTime() < end) {
            for (MimeMessage m : mail().getReceivedMessages()) {
                boolean toUser = java.util.Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(USER_EMAIL));
                Matcher code = CODE.matcher(GreenMailUtil.getBody(m));
                if (toUser && code.find()) otp = code.group(1);
            }
            if (otp == null) Thread.sleep(50);
        }
        if (otp == null) fail("no verification mail for " + USER_EMAIL + " reached GreenMail");
        assertEquals(200, postJson(http, auth + "verify-otp",
                "{\"email\":\"" + USER_EMAIL + "\",\"otp_code\":\"" + otp + "\"}"), "verify-otp");
    }

    private static int postJson(java.net.http.HttpClient http, String url, String body) throws IOException, InterruptedException {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Node's exit code and the names of the failing tests from its closing summary. */
    private record NodeResult(int exit, List<String> failing) {}

    /** Runs the node suite with output streamed to the console. */
    private static NodeResult runNode(Path module, Db db, Map<String, String> serverEnv) throws IOException, InterruptedException {
        long timeout = Long.getLong("conformance.timeoutSeconds", 600);
        List<String> cmd = List.of(System.getProperty("conformance.node", "node"), "--test", "--test-reporter=spec", "test/");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(module.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(serverEnv);
        env.put("HOMEBASE_TEST_EMAIL", ADMIN_EMAIL);
        env.put("HOMEBASE_TEST_PASSWORD", ADMIN_PASSWORD);
        env.put("NODE_ENV", "production");
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        log("[" + db + "] running: " + String.join(" ", cmd) + "  " + serverEnv);
        Process node;
        try {
            node = pb.start();
        } catch (IOException e) {
            fail("Cannot run node (" + cmd.getFirst() + "): " + e.getMessage() + ". Node.js >= 20 must be on the PATH "
                    + "(or set -Dconformance.node=/path/to/node).");
            return null;
        }
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread out = Thread.ofVirtual().start(() -> copyLines(node.getInputStream(), "[" + db + " node] ", lines));
        if (!node.waitFor(timeout, TimeUnit.SECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            fail("[" + db + "] node --test did not finish within " + timeout + " s");
        }
        out.join(Duration.ofSeconds(5));
        return new NodeResult(node.exitValue(), failingTests(lines));
    }

    /** The spec reporter's closing "✖ failing tests:" section, one name per failing test (TODOs excluded). */
    private static List<String> failingTests(List<String> lines) {
        List<String> failing = new ArrayList<>();
        boolean summary = false;
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith("✖ failing tests")) summary = true;
                else if (summary && line.startsWith("✖ ") && !line.contains(" # ")) {
                    failing.add(line.substring(2).replaceAll(" \\([0-9.]+ms\\)$", ""));
                }
            }
        }
        return failing;
    }

    /** Runs {@code npm ci} once if {@code node_modules} is missing. */
    private static synchronized void ensureNodeModules(Path module) throws IOException, InterruptedException {
        if (npmInstalled || Files.isDirectory(module.resolve("node_modules/@base44/sdk"))) {
            npmInstalled = true;
            return;
        }
        String npm = System.getProperty("conformance.npm", "npm");
        List<String> cmd = List.of(npm, "ci", "--no-audit", "--no-fund");
        log("node_modules missing; running: " + String.join(" ", cmd));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(module.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("npm is required to install the conformance suite's dependencies (@base44/sdk 0.8.50) but could not be run ("
                    + npm + "): " + e.getMessage() + ". Install Node.js >= 20 with npm, or set -Dconformance.npm=/path/to/npm.");
            return;
        }
        Thread out = Thread.ofVirtual().start(() -> copyLines(p.getInputStream(), "[npm] ", new ArrayList<>()));
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("npm ci did not finish within 10 minutes");
        }
        out.join(Duration.ofSeconds(5));
        assertEquals(0, p.exitValue(), "npm ci failed in " + module + "; see its output above");
        npmInstalled = true;
    }

    /** SIGTERM, then a forced kill after {@link #STOP_TIMEOUT}; returns the exit code. */
    private static int stop(Process server) throws InterruptedException {
        if (server.isAlive()) {
            server.destroy();
            if (!server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log("server did not stop within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM; killing it");
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
                server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return -1;
            }
        }
        return server.exitValue();
    }

    private static void pumpServerOutput(String label, InputStream in, CompletableFuture<Matcher> ready, List<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("[" + label + " server] " + line);
                sink.add(line);
                if (!ready.isDone()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) ready.complete(m);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
        ready.completeExceptionally(new IllegalStateException("server output ended"));
    }

    private static void copyLines(InputStream in, String prefix, List<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(prefix + line);
                sink.add(line);
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    private static synchronized String freshPostgresDatabase() throws IOException, SQLException {
        if (postgres == null) postgres = EmbeddedPostgres.builder().start();
        String name = "conformance_" + System.nanoTime();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres&password=postgres";
    }

    /** The conformance module directory (surefire runs with it as the working directory). */
    private static Path moduleDir() {
        Path base = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        if (Files.isDirectory(base.resolve("fixtures/app"))) return base;
        if (Files.isDirectory(base.resolve("conformance/fixtures/app"))) return base.resolve("conformance");
        throw new IllegalStateException("cannot find the conformance module from " + base);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The server JVMs keep their temporary files (SQLite's native library, uploads) in this JVM's temporary folder. */
    private static String tmpdirOption() {
        return "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path src : files.sorted(Comparator.naturalOrder()).toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) Files.createDirectories(dst);
                else Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void log(String line) {
        System.out.println("[conformance] " + line);
    }
}

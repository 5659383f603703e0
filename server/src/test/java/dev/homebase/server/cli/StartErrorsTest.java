package dev.homebase.server.cli;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every start error of {@code serve}, {@code service-token} and {@code secrets}, run as the real command in its own
 * JVM: one line on stderr starting {@code homebase:}, no stack trace, the documented exit code, and never the
 * database password. The PostgreSQL cases run against an embedded PostgreSQL that checks passwords (scram-sha-256).
 */
class StartErrorsTest {
    private static final String PASSWORD = "Zq9/secret@pw";
    private static final String ENCODED = "Zq9%2Fsecret%40pw";
    private static final String FIX_DB = "check that PostgreSQL is running there and that the host and port in --db / HOMEBASE_DB are right";

    private static EmbeddedPostgres postgres;
    private static Path project;

    @BeforeAll
    static void start() throws Exception {
        Path data = TempDirs.create("homebase-pg-auth");
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER USER postgres PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE hbcli");
            Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
            s.execute("SELECT pg_reload_conf()");
        }
        project = CliProcess.minimalProject();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) postgres.close();
    }

    private static String pg(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    /** Exactly the one line, the exit code, no trace, no password. */
    private static void assertStartError(CliProcess.Result r, ExitCode code, String line) {
        assertEquals(java.util.List.of(line), r.stderrLines(), "stderr:\n" + r.stderr());
        assertEquals(code.code(), r.exitCode(), r.stderr());
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat ") || r.stderr().contains("    at "), r.stderr());
        assertNoPassword(r.stdout() + r.stderr());
    }

    private static void assertNoPassword(String output) {
        assertFalse(output.contains(PASSWORD) || output.contains(ENCODED) || output.contains("topsecret"), output);
    }

    private static CliProcess.Result serve(Map<String, String> env, String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "serve";
        args[1] = project.toString();
        args[2] = "--port";
        args[3] = "0";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliProcess.run(env, args);
    }

    @Test
    void badDatabaseUrl() {
        assertStartError(serve(Map.of(), "--db", "mysql://me:topsecret@db/shop"), ExitCode.BAD_DATABASE_URL,
                "homebase: the database URL \"mysql://me:***@db/shop\" has an unknown scheme; use " + dev.homebase.server.store.DatabaseUrl.FORMS);
        assertStartError(serve(Map.of("HOMEBASE_DB", "postgresql://me:topsecret@db:port/shop")), ExitCode.BAD_DATABASE_URL,
                "homebase: the database URL \"postgresql://me:***@db:port/shop\" has a port that is not a number from 1 to 65535 "
                        + "(a password with '@', '/' or ':' must be percent-encoded: %40, %2F, %3A)");
    }

    @Test
    void databaseUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertStartError(serve(Map.of(), "--db", "postgresql://me:topsecret@127.0.0.1:" + closed + "/shop"), ExitCode.DATABASE_UNREACHABLE,
                "homebase: cannot reach the database postgresql://me@127.0.0.1:" + closed + "/shop (connection refused); " + FIX_DB);
        assertStartError(serve(Map.of(), "--db", "postgres://me:topsecret@no-such-host.invalid/shop"), ExitCode.DATABASE_UNREACHABLE,
                "homebase: cannot reach the database postgresql://me@no-such-host.invalid:5432/shop (unknown host no-such-host.invalid); " + FIX_DB);
    }

    @Test
    void wrongPasswordOnTheEmbeddedPostgres() {
        String line = "homebase: the database postgresql://postgres@127.0.0.1:" + postgres.getPort()
                + "/hbcli refused the sign-in of user \"postgres\" (FATAL: password authentication failed for user \"postgres\"); "
                + "fix the user and password in --db / HOMEBASE_DB";
        assertStartError(serve(Map.of(), "--db", pg("postgres", "topsecret", "hbcli")), ExitCode.DATABASE_AUTHENTICATION, line);
        // the other commands that open the store say the same
        assertStartError(CliProcess.run(Map.of("HOMEBASE_DB", pg("postgres", "topsecret", "hbcli")), "service-token", project.toString()),
                ExitCode.DATABASE_AUTHENTICATION, line);
        assertStartError(CliProcess.run(Map.of(), "secrets", "list", "-p", project.toString(), "--db", pg("postgres", "topsecret", "hbcli")),
                ExitCode.DATABASE_AUTHENTICATION, line);
    }

    @Test
    void databaseDoesNotExist() {
        assertStartError(serve(Map.of(), "--db", pg("postgres", ENCODED, "nosuchdb")), ExitCode.NO_SUCH_DATABASE,
                "homebase: the database \"nosuchdb\" does not exist on 127.0.0.1:" + postgres.getPort()
                        + "; create it (createdb nosuchdb) or fix the database name in --db / HOMEBASE_DB");
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            CliProcess.Result r = CliProcess.run(Map.of("HOMEBASE_PORT", String.valueOf(port)), "serve", project.toString(),
                    "--data", TempDirs.create("hb-data").toString());
            assertStartError(r, ExitCode.PORT_IN_USE, "homebase: port " + port + " on 127.0.0.1 is already in use (another Homebase?); "
                    + "stop that process or choose another port with --port / HOMEBASE_PORT");
        }
    }

    @Test
    void dataFolderNotWritable() throws Exception {
        Path file = TempDirs.file("hb-not-a-folder", ".txt");
        Path data = file.resolve("data");
        assertStartError(serve(Map.of(), "--data", data.toString()), ExitCode.DATA_NOT_WRITABLE,
                "homebase: cannot write the data folder " + data + " (Not a directory); make it writable or choose another with --data / HOMEBASE_DATA");
        // the SQLite file of --db in a folder that cannot be made: the same cause, the same code
        CliProcess.Result r = CliProcess.run(Map.of(), "service-token", project.toString(), "--db", "sqlite:" + file.resolve("x/h.db"));
        assertStartError(r, ExitCode.DATA_NOT_WRITABLE, "homebase: cannot create the folder " + file.resolve("x")
                + " for the SQLite database (Not a directory); make it writable or choose another with --data / HOMEBASE_DATA or --db sqlite:PATH");
    }

    @Test
    void unusableHomebaseDeno() throws Exception {
        String fix = "; point HOMEBASE_DENO at a Deno executable, or unset it to use the pinned Deno";
        Path missing = Path.of("/nonexistent/deno");
        assertStartError(serve(Map.of("HOMEBASE_DENO", missing.toString())), ExitCode.DENO_UNUSABLE,
                "homebase: HOMEBASE_DENO=" + missing + " does not exist" + fix);
        Path plain = TempDirs.file("not-executable", "");
        assertStartError(serve(Map.of("HOMEBASE_DENO", plain.toString())), ExitCode.DENO_UNUSABLE,
                "homebase: HOMEBASE_DENO=" + plain + " is not executable (chmod +x it)" + fix);
        Path notDeno = TempDirs.file("fake-deno", ".sh");
        Files.writeString(notDeno, "#!/bin/sh\necho 'node v22.0.0'\n");
        notDeno.toFile().setExecutable(true);
        assertStartError(serve(Map.of("HOMEBASE_DENO", notDeno.toString())), ExitCode.DENO_UNUSABLE,
                "homebase: HOMEBASE_DENO=" + notDeno + " is not Deno (`" + notDeno.getFileName() + " --version` answered \"node v22.0.0\")" + fix);
    }

    @Test
    void configurationErrorsKeepExitCodeTwo() {
        assertStartError(CliProcess.run(Map.of(), "serve", "/nonexistent/project"), ExitCode.CONFIG,
                "homebase: /nonexistent/project: project folder not found");
        assertStartError(serve(Map.of("HOMEBASE_FUNCTIONS_WATCH", "maybe")), ExitCode.CONFIG,
                "homebase: HOMEBASE_FUNCTIONS_WATCH must be on or off, got \"maybe\"");
        assertStartError(serve(Map.of("HOMEBASE_AGENT_MAX_STEPS", "0")), ExitCode.CONFIG,
                "homebase: HOMEBASE_AGENT_MAX_STEPS must be a whole number from 1 up, got \"0\"");
        assertStartError(serve(Map.of("HOMEBASE_EXTRACT_MAX_BYTES", "20MB")), ExitCode.CONFIG,
                "homebase: HOMEBASE_EXTRACT_MAX_BYTES must be a whole number from 1 to 2147483639, got \"20MB\"");
    }

    @Test
    void aBadAgentFileNamesTheFile() throws Exception {
        Path withAgent = CliProcess.minimalProject();
        Path file = withAgent.resolve("base44/agents/helper.jsonc");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"name\": \"helper\", \"tool_configs\": [{\"entity_name\": \"Task\", \"allowed_operations\": [\"fly\"]}]}");
        assertStartError(CliProcess.run(Map.of(), "serve", withAgent.toString(), "--port", "0"), ExitCode.CONFIG,
                "homebase: " + file.toAbsolutePath().normalize() + ": tool_configs[0].allowed_operations: unknown operation \"fly\" (read, create, update, delete)");
    }

    @Test
    void theTraceOnlyWithDebugLogging() {
        CliProcess.Result r = serve(Map.of("HOMEBASE_LOG_LEVEL", "debug"), "--db", pg("postgres", "topsecret", "hbcli"));
        assertEquals(ExitCode.DATABASE_AUTHENTICATION.code(), r.exitCode());
        assertTrue(r.stderr().contains("DatabaseOpenException") && r.stderr().contains("\tat "), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("homebase: the database postgresql://postgres@")), r.stderr());
    }

    /** A good URL with a password: serve runs, and neither its output nor the metrics nor service-token show the password. */
    @Test
    void thePasswordIsNeverShownWhileServing() throws Exception {
        String url = pg("postgres", ENCODED, "hbcli") + "?application_name=homebase-test&sslmode=disable";
        Path data = TempDirs.create("hb-data");
        Map<String, String> env = Map.of("HOMEBASE_DB", url, "HOMEBASE_LOG_LEVEL", "info");
        Process serve = CliProcess.start(env, cp -> cp, Path.of("").toAbsolutePath(), "serve", project.toString(), "--port", "0",
                "--data", data.toString());
        CompletableFuture<String> stderr = CliProcess.readAsync(serve.getErrorStream());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String listening = out.readLine();
            assertTrue(listening != null && listening.startsWith("Homebase listening on http://127.0.0.1:"), String.valueOf(listening));
            String base = listening.substring("Homebase listening on ".length(), listening.indexOf(" (app "));
            String appId = listening.substring(listening.indexOf("(app ") + 5, listening.length() - 1);

            CliProcess.Result token = CliProcess.run(env, "service-token", project.toString());
            assertEquals(0, token.exitCode(), token.stderr());
            assertNoPassword(token.stdout() + token.stderr());

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/apps/" + appId + "/metrics"))
                    .header("Authorization", "Bearer " + token.stdout().lines().findFirst().orElseThrow()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            JsonNode db = Json.parse(metrics.body()).path("database");
            assertEquals("postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/hbcli?ApplicationName=homebase-test&sslmode=disable",
                    db.path("url").asText(), metrics.body());
            assertNoPassword(metrics.body());
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, serve.exitValue());
        String log = stderr.get(30, TimeUnit.SECONDS);
        assertNoPassword(log);
        // the event bus's own listening connection signs in with the same user and password as the pool
        assertFalse(log.contains("listening connection lost"), log);
    }
}

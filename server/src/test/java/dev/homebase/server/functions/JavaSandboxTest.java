package dev.homebase.server.functions;

import dev.homebase.server.AppOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java functions are confined ({@link FunctionSandbox}): a real server runs a function that tries to
 * read the SQLite database, a file in the data folder, the project's config and the server's
 * {@code /proc/<pid>/environ} and {@code cmdline} (the server's pid comes as a query parameter). All
 * are refused when the machine supports the sandbox (the test is skipped when it does not), while
 * the function still answers, writes through the API with its service token and reads its secret.
 * The same function with the sandbox {@code off} reads them all: the assertions can fail.
 */
class JavaSandboxTest {
    private static final String APP = "javasandboxtest";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aConfinedFunctionReadsNoneOfTheServersFilesButStillReachesTheApi(@TempDir Path tmp) throws Exception {
        assumeTrue(sandboxWorks(tmp), "no unprivileged user namespaces (unshare) on this machine");
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth(), FunctionSettings.defaults())) {
            JsonNode body = snoop(server, "sandboxed");
            for (String path : targets(server)) {
                String result = body.get("reads").get(path).asText();
                assertTrue(result.startsWith("refused: java.nio.file.NoSuchFileException"), path + ": " + result);
            }
            assertTrue(body.get("writeOwnFolder").asText().contains("Read-only file system"), body.get("writeOwnFolder").asText());
            assertEquals(1, body.get("pid").asLong(), "the function is process 1 of its own PID namespace");
            assertTrue(body.get("procPids").size() <= 2, "/proc shows only the function's processes: " + body.get("procPids"));
            assertEquals("visible to the function", body.get("secret").asText(), "secrets still arrive");
            assertWritten(server, body);
        }
    }

    @Test
    void withTheSandboxOffTheSameFunctionReadsThemAll() throws Exception {
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth(),
                FunctionSettings.defaults().withSandbox("off"))) {
            JsonNode body = snoop(server, "unconfined");
            for (String path : targets(server)) {
                assertTrue(body.get("reads").get(path).asText().startsWith("read "), path + ": " + body.get("reads").get(path));
            }
            assertTrue(body.get("pid").asLong() != 1, "a process of the server's PID namespace");
            assertEquals("written", body.get("writeOwnFolder").asText());
            assertWritten(server, body);
        }
    }

    /** The sandbox's mount point is blocked by a file: a stand-in for a machine without user namespaces. */
    @Test
    void withoutASandboxJavaFunctionsRunUnconfinedOrTheStartFailsWhenItIsRequired(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("project");
        try (var files = Files.walk(Path.of("src/test/resources", APP))) {
            for (Path p : files.toList()) {
                Path t = project.resolve(Path.of("src/test/resources", APP).relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        Files.createDirectories(project.resolve(".homebase/functions"));
        Files.writeString(project.resolve(".homebase/functions/sandbox"), "not a folder");
        String db = TestDatabases.freshUrl(TestDatabases.Kind.SQLITE);

        dev.homebase.server.config.ServerConfig config = new dev.homebase.server.config.ServerConfig(List.of(project), "127.0.0.1", 0,
                project.resolve(".homebase"), db);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> dev.homebase.server.App.start(config, AppOptions.defaults().withAuth(TestServer.fastAuth())
                        .withFunctions(FunctionSettings.defaults().withSandbox("required"))).close());
        assertTrue(refused.getMessage().contains(FunctionSandbox.ENV + "=required"), refused.getMessage());

        try (TestServer server = new TestServer(project, db, TestServer.fastAuth())) { // auto: runs, unconfined
            JsonNode body = snoop(server, "no sandbox");
            for (String path : targets(server)) {
                assertTrue(body.get("reads").get(path).asText().startsWith("read "), path + ": " + body.get("reads").get(path));
            }
            assertWritten(server, body);
        }
    }

    @Test
    void theModeIsAutoRequiredOrOff() {
        assertEquals("auto", FunctionSettings.defaults().sandbox());
        assertEquals(FunctionSandbox.Mode.REQUIRED, FunctionSettings.defaults().withSandbox(" Required ").sandboxMode());
        assertEquals(FunctionSandbox.Mode.OFF, FunctionSettings.defaults().withSandbox("off").sandboxMode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionSettings.defaults().withSandbox("maybe"));
        assertTrue(e.getMessage().contains(FunctionSandbox.ENV), e.getMessage());
    }

    // ---- helpers ----

    /** Whether the sandbox works here: the probe the server runs, on this JDK. */
    private static boolean sandboxWorks(Path tmp) {
        Path java = JavaLauncher.locateJava(null);
        return FunctionSandbox.detect(tmp.resolve("root"), List.of(java.getParent().getParent()), List.of(java.toString(), "-version"))
                .sandbox().isPresent();
    }

    /** The server's files the function tries: database, a data-folder file, the project config, the server's /proc entries. */
    private static List<String> targets(TestServer server) throws Exception {
        List<String> out = new ArrayList<>(List.of(database(server), dataFile(server).toString(),
                server.dir().resolve("base44/config.jsonc").toString()));
        long pid = ProcessHandle.current().pid();
        out.add("/proc/" + pid + "/environ");
        out.add("/proc/" + pid + "/cmdline");
        for (String p : out) assertTrue(Files.isReadable(Path.of(p)), "the server itself can read " + p);
        return out;
    }

    private static JsonNode snoop(TestServer server, String label) throws Exception {
        String dir = server.dir().toString();
        assertEquals(0, dev.homebase.server.cli.HomebaseCommand.run("secrets", "set", "SNOOP_SECRET=visible to the function",
                "-p", dir, "--db", server.databaseUrl()));
        Path data = dataFile(server);
        Files.writeString(data, "a file of the server's data folder (" + label + ")");
        String query = "db=" + enc(database(server)) + "&data=" + enc(data.toString())
                + "&config=" + enc(server.dir().resolve("base44/config.jsonc").toString()) + "&pid=" + ProcessHandle.current().pid();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/apps/" + APP + "/functions/snoop?" + query))
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return dev.homebase.server.internal.Json.parse(res.body());
    }

    /** The record the function wrote as the service role is in this server's database. */
    private static void assertWritten(TestServer server, JsonNode body) {
        String id = body.get("itemId").asText();
        assertFalse(id.isBlank(), body.toString());
        TestServer.Response stored = server.sendAs(server.serviceToken(), "GET", "/api/apps/" + APP + "/entities/Item/" + id, null);
        assertEquals(200, stored.status(), stored.body());
        assertEquals("written from the sandbox", stored.json().get("title").asText());
    }

    private static String database(TestServer server) {
        String url = server.databaseUrl();
        assertTrue(url.startsWith("sqlite:"), url);
        return Path.of(url.substring("sqlite:".length())).toAbsolutePath().toString();
    }

    private static Path dataFile(TestServer server) throws Exception {
        Path data = server.dir().resolve(".homebase");
        Files.createDirectories(data);
        return data.resolve("server-only.txt");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

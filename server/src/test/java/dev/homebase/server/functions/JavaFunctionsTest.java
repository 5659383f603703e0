package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code Entry.java} functions end to end: a real server compiles each function with the JDK's
 * {@code javac} and runs it with the SDK's {@code FunctionServer}; the function calls this server back
 * through {@code Base44.createClientFromRequest}. Covers the caller's identity and the service role,
 * status pass-through, secrets, handler exceptions (500), compile errors (502, the error in the log
 * only), a function that exits without serving, multi-file and packaged entries, the heap limit, and
 * the compile cache.
 */
class JavaFunctionsTest {
    private static final String APP = "javafunctionstest";
    private static final String FN = "/api/apps/" + APP + "/functions/";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "admin-password";
    private static final int HEAP_MB = 96;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Logger LOG = (Logger) LoggerFactory.getLogger("dev.homebase.server.functions");
    private static final ListAppender<ILoggingEvent> EVENTS = new ListAppender<>();
    private static Level levelBefore;
    private static TestServer server;

    @BeforeAll
    static void start() {
        EVENTS.start();
        levelBefore = LOG.getLevel();
        LOG.setLevel(Level.INFO);
        LOG.addAppender(EVENTS);
        server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD),
                FunctionSettings.defaults().withIdleTimeout(IDLE_TIMEOUT).withHeapLimitMb(HEAP_MB));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        LOG.detachAppender(EVENTS);
        LOG.setLevel(levelBefore);
    }

    @Test
    void aJavaFunctionSeesTheCallerAndWritesAsTheServiceRole() throws Exception {
        String token = login();
        HttpResponse<String> res = send("POST", "whoami", "{\"title\":\"made by a Java function\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = Json.parse(res.body());
        assertEquals(ADMIN, body.get("email").asText(), res.body());
        assertEquals(ADMIN, body.get("item").get("made_for").asText());
        String id = body.get("item").get("id").asText();

        // The record really is in this server's database, written by the service role.
        TestServer.Response stored = server.sendAs(server.serviceToken(), "GET", "/api/apps/" + APP + "/entities/Item/" + id, null);
        assertEquals(200, stored.status(), stored.body());
        assertEquals("made by a Java function", stored.json().get("title").asText());
        assertNotEquals(ADMIN, stored.json().path("created_by").asText(), "created as the service role, not as the caller");

        // Anonymous: auth().me() is refused with a 401/403, asServiceRole() still works.
        HttpResponse<String> anon = send("POST", "whoami", "{\"title\":\"anonymous write\"}", Map.of("Content-Type", "application/json"));
        assertEquals(200, anon.statusCode(), anon.body());
        JsonNode a = Json.parse(anon.body());
        assertTrue(a.get("email").isNull(), anon.body());
        assertTrue(Set.of(401, 403).contains(a.get("meError").asInt()), anon.body());
        assertEquals("anonymous", a.get("item").get("made_for").asText());
    }

    @Test
    void theRequestArrivesWithThePlatformHeadersAndWarmCallsReuseOneProcess() throws Exception {
        HttpResponse<String> first = send("PUT", "echo?q=needle", "raw body", Map.of("Content-Type", "text/plain"));
        assertEquals(200, first.statusCode(), first.body());
        JsonNode body = Json.parse(first.body());
        assertEquals("PUT", body.get("method").asText());
        assertEquals(FN + "echo", body.get("path").asText());
        assertEquals("needle", body.get("q").asText());
        assertEquals("raw body", body.get("body").asText());
        assertEquals(APP, body.get("appId").asText());
        assertEquals("http://127.0.0.1:" + server.port(), body.get("apiUrl").asText());
        assertTrue(body.get("serviceAuthIsBearer").asBoolean());
        assertTrue(body.get("maxHeapMb").asLong() <= HEAP_MB, "-Xmx is applied: " + body.get("maxHeapMb"));
        assertEquals(server.dir().resolve("base44/functions/echo").toRealPath().toString(),
                Path.of(body.get("workingDir").asText()).toRealPath().toString(), "runs in its own folder");

        JsonNode second = Json.parse(send("GET", "echo", null, Map.of()).body());
        assertEquals(body.get("pid").asLong(), second.get("pid").asLong(), "sequential calls reuse one warm process");
    }

    @Test
    void statusHeadersAndBodyComeBackUntouched() throws Exception {
        HttpResponse<String> res = send("DELETE", "teapot", null, Map.of());
        assertEquals(418, res.statusCode(), res.body());
        assertEquals("yes", res.headers().firstValue("X-Teapot").orElse(null));
        assertEquals("application/json", res.headers().firstValue("Content-Type").orElse(null));
        JsonNode body = Json.parse(res.body());
        assertEquals("short and stout", body.get("message").asText());
        assertEquals("DELETE", body.get("method").asText());
    }

    @Test
    void secretsAreEnvironmentVariablesAndTheServersEnvironmentIsNot() throws Exception {
        String dir = server.dir().toString();
        String db = server.databaseUrl();
        assertEquals(0, cli("secrets", "set", "GREETING=hello from Java", "-p", dir, "--db", db));
        assertEquals(0, cli("secrets", "set", "JAVA_TOOL_OPTIONS=-Dx=y", "-p", dir, "--db", db));
        try {
            HttpResponse<String> res = send("GET", "secret", null, Map.of());
            assertEquals(200, res.statusCode(), res.body());
            JsonNode body = Json.parse(res.body());
            assertEquals("hello from Java", body.get("greeting").asText());
            Set<String> allowed = Set.of("GREETING", "HOMEBASE_FUNCTION_PORT", "HOME", "TZ", "LANG", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE",
                    "SSL_CERT_DIR", "DENO_CERT", "DENO_TLS_CA_STORE", "NPM_CONFIG_REGISTRY", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
                    "http_proxy", "https_proxy", "no_proxy");
            for (JsonNode name : body.get("names")) assertTrue(allowed.contains(name.asText()), "unexpected variable " + name);
            assertFalse(body.get("names").toString().contains("JAVA_TOOL_OPTIONS"), "JVM option variables never reach the JVM");
        } finally {
            cli("secrets", "delete", "GREETING", "-p", dir, "--db", db);
            cli("secrets", "delete", "JAVA_TOOL_OPTIONS", "-p", dir, "--db", db);
        }
    }

    @Test
    void aHandlerExceptionIsA500WithoutDetailsAndTheStackTraceIsLogged() throws Exception {
        HttpResponse<String> res = send("POST", "throws", "{}", Map.of("Content-Type", "application/json"));
        assertEquals(500, res.statusCode(), res.body());
        assertEquals("Function failed", Json.parse(res.body()).get("message").asText());
        assertFalse(res.body().contains("internal detail"), res.body());
        awaitLog("internal detail of the throws function");
        assertEquals(500, send("POST", "throws", null, Map.of()).statusCode(), "the process keeps serving");
        assertEquals(1, server.app().functions().processCount(APP, "throws"));
    }

    @Test
    void aCompileErrorIsA502AndTheErrorGoesToTheLogOnly() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res = send("POST", "broken", null, Map.of());
            assertEquals(502, res.statusCode(), res.body());
            assertTrue(Json.parse(res.body()).get("message").asText().contains("failed to start"), res.body());
            assertFalse(res.body().contains("undefinedVariable") || res.body().contains("Entry.java"), res.body());
        }
        String line = awaitLog("Entry.java:6: error: cannot find symbol");
        assertTrue(line.startsWith("function " + APP + "/broken: "), line);
        assertEquals(1, count("broken: Entry.java:6: error"), "the same sources are not compiled again");
        assertEquals(0, server.app().functions().processCount(APP, "broken"));
    }

    @Test
    void anEntryThatNeverServesIsA502() throws Exception {
        HttpResponse<String> res = send("POST", "no-serve", null, Map.of());
        assertEquals(502, res.statusCode(), res.body());
        assertTrue(Json.parse(res.body()).get("message").asText().contains("failed to start"), res.body());
        awaitLog("no-serve: leaving without a server");
    }

    @Test
    void otherSourceFilesOfTheFolderAndPackagedEntriesWork() throws Exception {
        HttpResponse<String> multi = send("GET", "multi?name=Ada", null, Map.of());
        assertEquals(200, multi.statusCode(), multi.body());
        assertEquals("Hello, Ada!", multi.body());

        HttpResponse<String> packaged = send("GET", "packaged", null, Map.of());
        assertEquals(200, packaged.statusCode(), packaged.body());
        assertEquals("com.example.fn.Entry", packaged.body());
    }

    @Test
    void aFunctionIsCompiledOncePerSourceVersion() throws Exception {
        Path source = server.dir().resolve("base44/functions/versioned/Version.java");
        assertEquals("first", send("GET", "versioned", null, Map.of()).body());
        awaitIdleStop("versioned");
        assertEquals("first", send("GET", "versioned", null, Map.of()).body(), "a cold start from the cached build");
        assertEquals(1, count("versioned: compiled [Entry.java, Version.java]"), "compiled once, not at every start");

        Files.writeString(source, Files.readString(source).replace("first", "second"));
        awaitIdleStop("versioned");
        assertEquals("second", send("GET", "versioned", null, Map.of()).body(), "a changed source compiles again");
        assertEquals(2, count("versioned: compiled [Entry.java, Version.java]"));
        Path builds = server.dir().resolve(".homebase/functions/java");
        try (Stream<Path> all = Files.walk(builds)) {
            assertEquals(1, all.filter(p -> p.getFileName().toString().equals("function.jar") && holds(p, "Version.class")).count(),
                    "the old build is deleted");
        }
    }

    // ---- helpers ----

    private static boolean holds(Path jar, String entry) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitIdleStop(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.app().functions().processCount(APP, name) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        assertEquals(0, server.app().functions().processCount(APP, name), "idle processes stop");
    }

    private static long count(String fragment) {
        return logLines().stream().filter(l -> l.contains(fragment)).count();
    }

    /** The first log line containing the fragment, waiting for it (a function's output is copied on another thread). */
    private static String awaitLog(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : logLines()) if (line.contains(fragment)) return line;
            Thread.sleep(50);
        }
        throw new AssertionError("not logged: " + fragment + "\n" + String.join("\n", logLines()));
    }

    private static List<String> logLines() {
        synchronized (EVENTS) { // the appender appends under its own lock
            return EVENTS.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static int cli(String... args) {
        return dev.homebase.server.cli.HomebaseCommand.run(args);
    }

    private static String login() {
        return server.login(APP, ADMIN, PASSWORD);
    }

    private static HttpResponse<String> send(String method, String nameAndQuery, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + FN + nameAndQuery))
                .timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backend functions end to end with a real Deno (from {@code functions-runtime/}, installed with
 * {@code npm ci} when missing): discovery, both handler shapes, the injected headers, status and
 * header pass-through, crash (502), timeout (504), the warm pool and idle stop, and the official
 * {@code npm:@base44/sdk} calling this server back with the injected URL and service token.
 * Skipped, with the reason, only when no Deno can be found or installed.
 */
class FunctionsApiTest {
    private static final String APP = "functionstest";
    private static final String FN = "/api/apps/" + APP + "/functions/";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "admin-password";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        installDeno();
        assumeTrue(DenoBinary.locate().isPresent(),
                "Deno not found: set HOMEBASE_DENO, put deno on PATH, or make `npm ci` work in functions-runtime/");
        server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD),
                FunctionSettings.defaults().withCallTimeout(CALL_TIMEOUT).withIdleTimeout(IDLE_TIMEOUT));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void helloGetsMethodQueryBodyAndThePlatformHeaders() throws Exception {
        String token = login();
        HttpResponse<String> res = send("POST", "hello?q=needle&x=1", "{\"a\":1}", Map.of(
                "Content-Type", "application/json",
                "Authorization", "Bearer " + token,
                "Base44-Functions-Version", "v7",
                "Base44-State", "opaque-state",
                "X-Custom", "kept",
                // Forged platform headers are replaced, never passed on.
                "Base44-App-Id", "someone-else",
                "Base44-Api-Url", "https://evil.example",
                "Base44-Service-Authorization", "Bearer forged"));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("hello", res.headers().firstValue("X-Function").orElse(null));
        JsonNode body = Json.parse(res.body());
        assertEquals("POST", body.get("method").asText());
        assertEquals("needle", body.get("q").asText());
        assertEquals("{\"a\":1}", body.get("body").asText());
        assertEquals("application/json", body.get("contentType").asText());
        assertEquals(APP, body.get("appId").asText());
        assertEquals("http://127.0.0.1:" + server.port(), body.get("apiUrl").asText());
        assertEquals("prod", body.get("dataEnv").asText());
        assertEquals("opaque-state", body.get("state").asText());
        assertEquals("v7", body.get("functionsVersion").asText());
        assertEquals("kept", body.get("custom").asText());
        assertTrue(body.get("hasAuthorization").asBoolean());
        assertTrue(body.get("serviceAuthIsBearer").asBoolean());
        assertFalse(res.body().contains(token), "the caller's token is never echoed by the fixture");
    }

    @Test
    void anonymousCallersGetAServiceTokenButNoAuthorization() throws Exception {
        HttpResponse<String> res = send("GET", "hello?q=anon", null, Map.of("X-Data-Env", "dev", "Authorization", "Basic abc"));
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = Json.parse(res.body());
        assertEquals("GET", body.get("method").asText());
        assertEquals("", body.get("body").asText());
        assertEquals("dev", body.get("dataEnv").asText());
        assertFalse(body.get("hasAuthorization").asBoolean(), "only well-formed Bearer headers are forwarded");
        assertTrue(body.get("serviceAuthIsBearer").asBoolean());

        JsonNode other = Json.parse(send("PUT", "hello", "x", Map.of("X-Data-Env", "staging")).body());
        assertEquals("prod", other.get("dataEnv").asText(), "only dev and prod are propagated");
        assertEquals("PUT", other.get("method").asText());
    }

    @Test
    void multipartBodiesPassThroughRaw() throws Exception {
        String boundary = "----homebase" + System.nanoTime();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nfile-content\r\n--" + boundary + "--\r\n";
        HttpResponse<String> res = send("POST", "hello", multipart, Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = Json.parse(res.body());
        assertEquals(multipart, body.get("body").asText());
        assertEquals("multipart/form-data; boundary=" + boundary, body.get("contentType").asText());
    }

    @Test
    void defaultExportAndNestedNamesAreServed() throws Exception {
        HttpResponse<String> res = send("POST", "default-export", "{}", Map.of("Content-Type", "application/json"));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("default-export", Json.parse(res.body()).get("shape").asText());

        HttpResponse<String> nested = send("DELETE", "nested/deep?z=1", null, Map.of());
        assertEquals(200, nested.statusCode(), nested.body());
        JsonNode body = Json.parse(nested.body());
        assertEquals("nested/deep", body.get("name").asText());
        assertEquals(FN + "nested/deep", body.get("path").asText());
    }

    @Test
    void statusHeadersAndBodyComeBackUntouched() throws Exception {
        HttpResponse<String> res = send("POST", "status-418", null, Map.of());
        assertEquals(418, res.statusCode());
        assertEquals("I'm a teapot", res.body());
        assertEquals("yes", res.headers().firstValue("X-Teapot").orElse(null));
        assertEquals("text/plain", res.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void unknownHiddenAndInvalidNamesAreRefused() throws Exception {
        for (String name : List.of("nope", "hello/extra", "nested")) {
            HttpResponse<String> res = send("POST", name, null, Map.of());
            assertEquals(404, res.statusCode(), name + ": " + res.body());
            JsonNode body = Json.parse(res.body());
            assertTrue(body.get("message").asText().contains("not found"), res.body());
            assertEquals("FUNCTION_NOT_FOUND", body.get("code").asText());
        }
        for (String name : List.of(".hidden/skip", "nested/%2E%2E/hello", "%2Fetc%2Fpasswd", "a%5Cb")) {
            HttpResponse<String> res = send("POST", name, null, Map.of());
            assertTrue(res.statusCode() == 400 || res.statusCode() == 404, name + ": " + res.statusCode() + " " + res.body());
        }
    }

    @Test
    void aFunctionThatThrowsAtImportIsA502AndIsRetried() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res = send("POST", "crash", "{}", Map.of("Content-Type", "application/json"));
            assertEquals(502, res.statusCode(), res.body());
            JsonNode body = Json.parse(res.body());
            assertTrue(body.get("message").asText().contains("failed to start"), res.body());
            assertFalse(res.body().contains("crash-at-import marker"), "what the function printed stays in the server log");
        }
        assertEquals(0, server.app().functions().processCount(APP, "crash"));
    }

    @Test
    void aProcessThatDiesDuringACallIsA502AndAFreshOneServesTheNext() throws Exception {
        HttpResponse<String> before = send("GET", "die", null, Map.of());
        assertEquals(200, before.statusCode(), before.body());
        HttpResponse<String> dying = send("POST", "die?exit=1", null, Map.of());
        assertEquals(502, dying.statusCode(), dying.body());
        assertTrue(Json.parse(dying.body()).get("message").asText().contains("crashed"), dying.body());
        HttpResponse<String> after = send("GET", "die", null, Map.of());
        assertEquals(200, after.statusCode(), after.body());
        assertNotEquals(Json.parse(before.body()).get("pid").asText(), Json.parse(after.body()).get("pid").asText());
    }

    @Test
    void aHandlerThatThrowsOrIsMissingIsA500WithoutDetails() throws Exception {
        HttpResponse<String> threw = send("POST", "throws", null, Map.of());
        assertEquals(500, threw.statusCode(), threw.body());
        assertFalse(threw.body().contains("internal detail"), threw.body());
        assertEquals("Function failed", Json.parse(threw.body()).get("message").asText());

        HttpResponse<String> missing = send("POST", "no-handler", null, Map.of());
        assertEquals(500, missing.statusCode(), missing.body());
        assertEquals("The function must export default a request handler or call Deno.serve()",
                Json.parse(missing.body()).get("message").asText());
    }

    @Test
    void aSlowFunctionIsA504AndItsProcessIsStopped() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> res = send("POST", "slow", null, Map.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(504, res.statusCode(), res.body());
        assertTrue(Json.parse(res.body()).get("message").asText().contains("did not respond"), res.body());
        assertTrue(ms < 9_000, "answered after the call timeout, not after the function: " + ms + " ms");
        assertEquals(0, server.app().functions().processCount(APP, "slow"));
    }

    @Test
    void concurrentCallsShareABoundedPoolAndIdleProcessesStop() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) calls.add(() -> send("GET", "status-418", null, Map.of()));
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) assertEquals(418, f.get().statusCode());
        } finally {
            pool.shutdownNow();
        }
        int running = server.app().functions().processCount(APP, "status-418");
        assertTrue(running >= 1 && running <= FunctionSettings.defaults().maxProcesses(), "processes: " + running);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.app().functions().processCount(APP, "status-418") > 0 && System.nanoTime() < deadline) Thread.sleep(200);
        assertEquals(0, server.app().functions().processCount(APP, "status-418"), "idle processes are stopped");
    }

    @Test
    void theOfficialSdkInAFunctionCallsThisServerBack() throws Exception {
        String token = login();
        HttpResponse<String> res = send("POST", "whoami", "{\"title\":\"made by a function\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = Json.parse(res.body());
        assertEquals(ADMIN, body.get("email").asText(), res.body());
        String id = body.get("item").get("id").asText();
        assertEquals(ADMIN, body.get("item").get("made_for").asText());

        // The record really is in this server's database, written by the service role.
        TestServer.Response stored = server.sendAs(server.serviceToken(), "GET", "/api/apps/" + APP + "/entities/Item/" + id, null);
        assertEquals(200, stored.status(), stored.body());
        assertEquals("made by a function", stored.json().get("title").asText());
        assertNotEquals(ADMIN, stored.json().path("created_by").asText(), "created as the service role, not as the caller");

        // Anonymous: auth.me() is refused, asServiceRole still works.
        HttpResponse<String> anon = send("POST", "whoami", "{\"title\":\"anonymous write\"}", Map.of("Content-Type", "application/json"));
        assertEquals(200, anon.statusCode(), anon.body());
        JsonNode a = Json.parse(anon.body());
        assertTrue(a.get("email").isNull(), anon.body());
        assertEquals("anonymous", a.get("item").get("made_for").asText());
    }

    @Test
    void coldStartAndWarmLatency() throws Exception {
        assertEquals(0, server.app().functions().processCount(APP, "ping"));
        long t0 = System.nanoTime();
        HttpResponse<String> first = send("GET", "ping", null, Map.of());
        double coldMs = (System.nanoTime() - t0) / 1e6;
        assertEquals(200, first.statusCode(), first.body());
        List<Double> warm = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        Set<String> pids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            long s = System.nanoTime();
            HttpResponse<String> res = send("POST", "ping", "{}", Map.of("Content-Type", "application/json"));
            warm.add((System.nanoTime() - s) / 1e6);
            assertEquals(200, res.statusCode());
            pids.add(Json.parse(res.body()).get("pid").asText());
            s = System.nanoTime();
            server.send("GET", "/api/health", null);
            baseline.add((System.nanoTime() - s) / 1e6);
        }
        warm.sort(null);
        baseline.sort(null);
        double median = warm.get(warm.size() / 2);
        System.out.printf("functions latency: cold start %.1f ms, warm median %.2f ms (20 calls, max %.2f), /api/health median %.2f ms,"
                + " processes %s%n", coldMs, median, warm.getLast(), baseline.get(baseline.size() / 2), pids);
        assertEquals(1, pids.size(), "sequential calls reuse one warm process");
        assertTrue(median < 500, "warm calls are fast: " + median + " ms");
    }

    @Test
    void secretsReachNewProcessesAsEnvironmentVariables() throws Exception {
        String dir = server.dir().toString();
        String db = server.databaseUrl();
        assertEquals(0, cli("secrets", "set", "GREETING=hello = world", "-p", dir, "--db", db));
        assertEquals(2, cli("secrets", "set", "DENO_DIR=/tmp", "-p", dir, "--db", db), "runtime variables are reserved");
        assertEquals(2, cli("secrets", "set", "1BAD=x", "-p", dir, "--db", db));

        JsonNode body = Json.parse(send("GET", "secret", null, Map.of()).body());
        assertEquals("hello = world", body.get("greeting").asText());
        // The server's own environment is not passed on: only the runtime's variables, a few network ones, the secrets.
        Set<String> allowed = Set.of("GREETING", "DENO_DIR", "DENO_NO_PACKAGE_JSON", "DENO_NO_UPDATE_CHECK", "NO_COLOR",
                "DENO_TLS_CA_STORE", "PATH", "DENO_NODE_SHIM_ACTIVE", "HOME", "TZ", "LANG", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE",
                "SSL_CERT_DIR", "DENO_CERT", "NPM_CONFIG_REGISTRY", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy",
                "https_proxy", "no_proxy");
        for (JsonNode name : body.get("names")) assertTrue(allowed.contains(name.asText()), "unexpected variable " + name);
        assertTrue(body.get("names").toString().contains("DENO_DIR"));

        assertEquals(0, cli("secrets", "delete", "GREETING", "-p", dir, "--db", db));
        assertEquals(1, cli("secrets", "delete", "GREETING", "-p", dir, "--db", db), "already gone");
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
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code npm ci} in {@code functions-runtime/} once, when its Deno is not installed yet (as the realtime SDK test does). */
    static void installDeno() throws Exception {
        Path dir = Path.of("..", DenoBinary.RUNTIME_DIR);
        if (!Files.isRegularFile(dir.resolve("package-lock.json")) || DenoBinary.installedUnder(dir).isPresent()) return;
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES)) npm.destroyForcibly();
        } catch (IOException noNpm) {
            // no npm here: HOMEBASE_DENO or deno on PATH may still work
        }
    }
}

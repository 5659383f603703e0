package dev.homebase.server.functions;

import dev.homebase.server.AppOptions;
import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.App;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct fetch (api-contract §6.4) with a real Deno: {@code ANY /api/functions/<path>} and the
 * {@code /functions/<path>} alias, the longest registered prefix, the rest of the path and the query
 * forwarded with the §6.2 headers, an unbuffered stream, unknown paths, and the app chosen by the
 * request's host when several apps are served (with the site's SPA fallback left intact).
 */
class DirectFetchTest {
    private static final String APP = "functionstest";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "admin-password";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        FunctionsApiTest.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found: set HOMEBASE_DENO, put deno on PATH, or npm ci in functions-runtime/");
        server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD),
                FunctionSettings.defaults().withCallTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void theLongestRegisteredPrefixGetsTheRestOfThePathAndTheQuery() throws Exception {
        JsonNode sub = json(send("GET", "/api/functions/route/sub/x/y?z=1&w=%2F", null, Map.of()), 200);
        assertEquals("route/sub", sub.get("name").asText());
        assertEquals("/x/y", sub.get("path").asText());
        assertEquals("?z=1&w=%2F", sub.get("search").asText());

        JsonNode other = json(send("DELETE", "/api/functions/route/other/thing", null, Map.of()), 200);
        assertEquals("route", other.get("name").asText());
        assertEquals("/other/thing", other.get("path").asText());
        assertEquals("DELETE", other.get("method").asText());

        JsonNode bare = json(send("GET", "/api/functions/route", null, Map.of()), 200);
        assertEquals("route", bare.get("name").asText());
        assertEquals("/", bare.get("path").asText());
        assertEquals("", bare.get("search").asText());
    }

    @Test
    void theCallCarriesThePlatformHeadersAndTheBody() throws Exception {
        String token = server.send("POST", "/api/apps/" + APP + "/auth/login",
                "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").json().get("access_token").asText();
        JsonNode body = json(send("POST", "/api/functions/route", "{\"a\":1}", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token, "Base44-App-Id", "forged", "X-Data-Env", "dev")), 200);
        assertEquals("POST", body.get("method").asText());
        assertEquals("{\"a\":1}", body.get("body").asText());
        assertEquals(APP, body.get("appId").asText(), "the app id comes from the server, never from the caller");
        assertEquals("http://127.0.0.1:" + server.port(), body.get("apiUrl").asText());
        assertEquals("dev", body.get("dataEnv").asText());
        assertTrue(body.get("hasAuthorization").asBoolean());
        assertTrue(body.get("serviceAuthIsBearer").asBoolean());

        JsonNode anonymous = json(send("PUT", "/api/functions/route", "x", Map.of()), 200);
        assertFalse(anonymous.get("hasAuthorization").asBoolean());
        assertTrue(anonymous.get("serviceAuthIsBearer").asBoolean(), "anonymous callers get a service token too");
    }

    @Test
    void theAliasWithoutApiServesTheSameFunctions() throws Exception {
        JsonNode body = json(send("POST", "/functions/route/sub/a?b=c", "{}", Map.of("Content-Type", "application/json")), 200);
        assertEquals("route/sub", body.get("name").asText());
        assertEquals("/a", body.get("path").asText());
        assertEquals("?b=c", body.get("search").asText());
    }

    @Test
    void unknownPathsAre404WithDetailAndMessage() throws Exception {
        for (String path : List.of("/api/functions/nope", "/api/functions/nope/route", "/api/functions/rout", "/functions/nope",
                "/api/functions/.hidden/skip")) {
            HttpResponse<String> res = send("POST", path, null, Map.of());
            assertEquals(404, res.statusCode(), path + ": " + res.body());
            JsonNode body = Json.parse(res.body());
            assertEquals("Function not found", body.get("detail").asText(), path);
            assertFalse(body.get("message").asText().isEmpty(), path);
        }
    }

    @Test
    void aMalformedPathIsA400() throws Exception {
        Raw res = raw(server.port(), "GET", "/api/functions/route%zz/x", "127.0.0.1", "application/json");
        assertEquals(400, res.status(), res.body());
        assertTrue(res.body().contains("\"message\""), res.body());
    }

    @Test
    void aStreamIsPassedOnAsItIsWritten() throws Exception {
        String release = "release-" + System.nanoTime();
        Path flag = server.dir().resolve("base44/functions/stream/" + release);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/functions/stream?release=" + release))
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        assertEquals("text/event-stream", res.headers().firstValue("Content-Type").orElse(null));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            // The function writes its last event only after this file exists; a buffering proxy would
            // hold the first event back until the function gave up.
            assertEquals("data: first", r.readLine());
            Files.writeString(flag, "go");
            List<String> rest = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) if (!line.isEmpty()) rest.add(line);
            assertEquals(List.of("data: released"), rest);
        } finally {
            Files.deleteIfExists(flag);
        }
    }

    @Test
    void withSeveralAppsTheHostPicksTheAppAndTheSiteKeepsItsRoutes() throws Exception {
        Path first = copy(server.dir(), TempDirs.create("homebase-project"));
        Files.deleteIfExists(first.resolve(".homebase/homebase.db"));
        Path second = TempDirs.create("homebase-project");
        Files.createDirectories(second.resolve("base44"));
        Files.createDirectories(second.resolve("dist"));
        Files.writeString(second.resolve("base44/.app.jsonc"), "{ \"id\": \"otherapp\" }");
        Files.writeString(second.resolve("base44/config.jsonc"), "{ \"name\": \"Other\", \"site\": { \"outputDirectory\": \"dist\" } }");
        Files.writeString(second.resolve("dist/index.html"), "<!doctype html><title>other site</title>");
        try (App both = App.start(new ServerConfig(List.of(first, second), "127.0.0.1", 0, first.resolve(".data"),
                TestDatabases.freshUrl(TestDatabases.Kind.SQLITE)), AppOptions.defaults().withAuth(TestServer.fastAuth()))) {
            int port = both.port();
            Raw ambiguous = raw(port, "GET", "/api/functions/route", "127.0.0.1:" + port, "application/json");
            assertEquals(400, ambiguous.status(), ambiguous.body());
            assertTrue(ambiguous.body().contains("HOMEBASE_APP_HOSTS"), ambiguous.body());

            Raw byLabel = raw(port, "GET", "/api/functions/route/p", APP + ".localhost:" + port, "application/json");
            assertEquals(200, byLabel.status(), byLabel.body());
            assertTrue(byLabel.body().contains("\"appId\":\"" + APP + "\""), byLabel.body());
            assertTrue(byLabel.body().contains("\"path\":\"/p\""), byLabel.body());

            Raw otherApp = raw(port, "GET", "/api/functions/route", "otherapp.localhost", "application/json");
            assertEquals(404, otherApp.status(), "the other app has no functions: " + otherApp.body());

            // A browser opening an SPA route under /functions/ still gets the site; a function still wins by name.
            Raw page = raw(port, "GET", "/functions/settings/page", "127.0.0.1:" + port, "text/html,application/xhtml+xml");
            assertEquals(200, page.status(), page.body());
            assertTrue(page.body().contains("other site"), page.body());
            Raw function = raw(port, "GET", "/functions/route", APP + ".localhost", "text/html");
            assertEquals(200, function.status(), function.body());
            assertTrue(function.body().contains("\"name\":\"route\""), function.body());
        }
    }

    private record Raw(int status, String body) {}

    /** A request with a Host header of our choosing (the JDK client does not let one set it). */
    private static Raw raw(int port, String method, String path, String host, String accept) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Raw(status, text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                if (p.toString().contains(".homebase")) continue;
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return to;
    }

    private static JsonNode json(HttpResponse<String> res, int status) throws IOException {
        assertEquals(status, res.statusCode(), res.body());
        return Json.parse(res.body());
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

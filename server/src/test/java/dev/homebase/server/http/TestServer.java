package dev.homebase.server.http;

import dev.homebase.server.TempDirs;
import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A real server on a free port, serving a copy of a test project, on a fresh database. */
public final class TestServer implements AutoCloseable {
    private final App app;
    private final Path dir;
    private final String databaseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestServer(String fixture, TestDatabases.Kind kind) {
        this(fixture, kind, fastAuth());
    }

    public TestServer(String fixture, TestDatabases.Kind kind, AuthConfig auth) {
        this(copyFixture(fixture), TestDatabases.freshUrl(kind), auth);
    }

    /** A server for a project folder and database that already exist. */
    public TestServer(Path dir, String databaseUrl, AuthConfig auth) {
        this(dir, databaseUrl, auth, dev.homebase.server.functions.FunctionSettings.defaults());
    }

    /** A server with its own backend-function settings (shorter timeouts). */
    public TestServer(String fixture, TestDatabases.Kind kind, AuthConfig auth, dev.homebase.server.functions.FunctionSettings functions) {
        this(copyFixture(fixture), TestDatabases.freshUrl(kind), auth, functions);
    }

    private TestServer(Path dir, String databaseUrl, AuthConfig auth, dev.homebase.server.functions.FunctionSettings functions) {
        this(dir, databaseUrl, auth, functions, dev.homebase.server.store.QueryLimits.defaults());
    }

    /** A server with its own database time limits (statement timeout, connection wait). */
    public TestServer(String fixture, TestDatabases.Kind kind, AuthConfig auth, dev.homebase.server.store.QueryLimits limits) {
        this(copyFixture(fixture), TestDatabases.freshUrl(kind), auth, dev.homebase.server.functions.FunctionSettings.defaults(), limits);
    }

    private TestServer(Path dir, String databaseUrl, AuthConfig auth, dev.homebase.server.functions.FunctionSettings functions,
                       dev.homebase.server.store.QueryLimits limits) {
        this(List.of(dir), databaseUrl, AppOptions.defaults().withAuth(auth).withFunctions(functions).withQueryLimits(limits));
    }

    /** A server of several apps (one project folder each; {@link #dir} is the first) on a database that exists. */
    public TestServer(List<Path> dirs, String databaseUrl, AuthConfig auth) {
        this(dirs, databaseUrl, AppOptions.defaults().withAuth(auth));
    }

    /** A server for a project folder and database that already exist, on the given model provider. */
    public TestServer(Path dir, String databaseUrl, AuthConfig auth, dev.homebase.server.ai.AiSettings ai) {
        this(List.of(dir), databaseUrl, AppOptions.defaults().withAuth(auth).withAi(ai));
    }

    /** A server for a project folder and database that already exist, on the given model provider and agent limits. */
    public TestServer(Path dir, String databaseUrl, AuthConfig auth, dev.homebase.server.ai.AiSettings ai,
                      dev.homebase.server.agents.AgentSettings agents) {
        this(List.of(dir), databaseUrl, AppOptions.defaults().withAuth(auth).withAi(ai).withAgents(agents));
    }

    /** A server for a project folder and database that already exist, with its own file and integration settings. */
    public TestServer(Path dir, String databaseUrl, AuthConfig auth, dev.homebase.server.files.FileSettings files,
                      dev.homebase.server.integrations.IntegrationLimits limits) {
        this(List.of(dir), databaseUrl, AppOptions.defaults().withAuth(auth).withFiles(files).withIntegrationLimits(limits));
    }

    /** A server on the given model provider with its own integration limits (InvokeLLM, GenerateImage, SendEmail). */
    public TestServer(Path dir, String databaseUrl, AuthConfig auth, dev.homebase.server.ai.AiSettings ai,
                      dev.homebase.server.integrations.IntegrationLimits limits) {
        this(List.of(dir), databaseUrl, AppOptions.defaults().withAuth(auth).withAi(ai)
                .withFiles(dev.homebase.server.files.FileSettings.defaults(dir.resolve(".homebase"))).withIntegrationLimits(limits));
    }

    /** A server of the projects {@code dirs} ({@link #dir} is the first) on a database that exists, with {@code options}. */
    private TestServer(List<Path> dirs, String databaseUrl, AppOptions options) {
        this.dir = dirs.getFirst();
        this.databaseUrl = databaseUrl;
        this.app = App.start(new ServerConfig(dirs, "127.0.0.1", 0, dir.resolve(".homebase"), databaseUrl), options);
    }

    /** Default sign-in settings with a test-only cheap password hash. */
    public static AuthConfig fastAuth() {
        Passwords.Params p = Passwords.Params.FAST_FOR_TESTS;
        return AuthConfig.defaults().withArgon(p.memoryKiB(), p.iterations(), p.parallelism());
    }

    /** The running app (its port, its realtime server). */
    public App app() {
        return app;
    }

    /** A response: status and body text. */
    public record Response(int status, String body) {
        /** The body parsed as JSON. */
        public com.fasterxml.jackson.databind.JsonNode json() {
            try {
                return dev.homebase.server.internal.Json.parse(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Response send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    public Response send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType == null ? Map.of() : Map.of("Content-Type", contentType));
    }

    /** Sends with a JSON content type and a bearer token (none when null). */
    public Response sendAs(String token, String method, String path, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (token != null) headers.put("Authorization", "Bearer " + token);
        return send(method, path, body, headers);
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(new URI("http://127.0.0.1:" + app.port() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A fresh copy of a fixture project under {@code src/test/resources}. */
    public static Path copyFixture(String fixture) {
        try {
            Path source = Path.of("src/test/resources", fixture);
            Path target = TempDirs.create("homebase-project");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(t);
                    else Files.copy(p, t);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs {@code email} in to {@code appId} with email and password; fails the test unless it answers 200. Returns the access token. */
    public String login(String appId, String email, String password) {
        Response r = send("POST", "/api/apps/" + appId + "/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        if (r.status() != 200) throw new AssertionError("login of " + email + " answered " + r.status() + ": " + r.body());
        return r.json().get("access_token").asText();
    }

    /** A service-role token for this server's app, minted by {@code homebase service-token}. */
    public String serviceToken() {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        synchronized (System.class) {
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                int code = dev.homebase.server.cli.HomebaseCommand.run("service-token", dir.toString(), "--db", databaseUrl);
                if (code != 0) throw new IllegalStateException("service-token exited " + code);
            } finally {
                System.setOut(original);
            }
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The project folder being served. */
    public Path dir() {
        return dir;
    }

    /** The database URL being served from. */
    public String databaseUrl() {
        return databaseUrl;
    }

    @Override
    public void close() {
        app.close();
    }
}

package dev.homebase.server.automations;

import dev.homebase.server.AppOptions;
import dev.homebase.server.TempDirs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.App;
import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.internal.Json;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.QueryLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A real server (App) on a free port whose automations follow a {@link TestClock}; the project folder and database are given. */
final class AutomationServer implements AutoCloseable {
    static final String APP = "automationstest";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final App app;

    AutomationServer(Path dir, String databaseUrl, TestClock clock) {
        AutomationSettings settings = AutomationSettings.defaults().withClock(clock).withPoll(Duration.ofMillis(50))
                .withRetries(3, Duration.ofSeconds(10));
        this.app = App.start(new ServerConfig(List.of(dir), "127.0.0.1", 0, dir.resolve(".homebase"), databaseUrl),
                AppOptions.defaults().withAuth(TestServer.fastAuth()).withAi(AiSettings.fromEnvironment(n -> null))
                        .withFiles(FileSettings.fromEnvironment(dir.resolve(".homebase"), Map.of()))
                        .withIntegrationLimits(IntegrationLimits.fromEnvironment(Map.of())).withAutomations(settings));
    }

    App app() {
        return app;
    }

    /** Sends a JSON request without a token; returns status and parsed body. */
    JsonNode send(String method, String path, String body, int expectedStatus) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/apps/" + APP + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != expectedStatus) throw new AssertionError(method + " " + path + " answered " + res.statusCode() + ": " + res.body());
            return res.body().isEmpty() ? null : Json.parse(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Run records the functions wrote for {@code automation}, oldest first. */
    List<JsonNode> runs(String automation) {
        JsonNode all = send("GET", "/entities/Run?sort=created_date&limit=1000", null, 200);
        return Stream.of(all).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
                .filter(r -> automation.equals(r.path("automation").asText())).toList();
    }

    /** The function log lines of {@code function} (flushed first), newest first. */
    List<String> logLines(String function) {
        var logs = app.functions().logs().orElseThrow();
        logs.flush();
        return logs.list(APP, function, null, 1000).items().stream().map(e -> e.message()).toList();
    }

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what} otherwise. */
    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    /** A fresh copy of the test project under {@code src/test/resources}. */
    static Path copyFixture() {
        try {
            Path source = Path.of("src/test/resources", APP);
            Path target = TempDirs.create("homebase-automations");
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

    @Override
    public void close() {
        app.close();
    }
}

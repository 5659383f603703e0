package dev.homebase.server.http;

import dev.homebase.server.App;
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
import java.util.List;
import java.util.stream.Stream;

/** A real server on a free port, serving a copy of a test project, on a fresh database. */
final class TestServer implements AutoCloseable {
    private final App app;
    private final HttpClient http = HttpClient.newHttpClient();

    TestServer(String fixture, TestDatabases.Kind kind) {
        Path dir = copyFixture(fixture);
        this.app = App.start(new ServerConfig(List.of(dir), "127.0.0.1", 0, dir.resolve(".homebase"), TestDatabases.freshUrl(kind)));
    }

    /** A response: status and body text. */
    record Response(int status, String body) {}

    Response send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Response send(String method, String path, String body, String contentType) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(new URI("http://127.0.0.1:" + app.port() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) b.header("Content-Type", contentType);
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

    private static Path copyFixture(String fixture) {
        try {
            Path source = Path.of("src/test/resources", fixture);
            Path target = Files.createTempDirectory("homebase-project");
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

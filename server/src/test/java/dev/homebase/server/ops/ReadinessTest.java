package dev.homebase.server.ops;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.http.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/health/ready} answers 200 while the database answers and 503 (quickly, with a message) once it is
 * gone; {@code GET /api/health} stays 200 either way. The test stops its own embedded PostgreSQL under the server.
 */
class ReadinessTest {

    @Test
    void readinessFailsWhileTheDatabaseIsGone() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        boolean stopped = false;
        try {
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres&password=postgres";
            try (TestServer server = new TestServer(copy("authtest"), url, TestServer.fastAuth())) {
                TestServer.Response up = server.send("GET", "/api/health/ready", null);
                assertEquals(200, up.status(), up.body());
                assertEquals("ok", up.json().get("status").asText());

                pg.close();
                stopped = true;
                long started = System.nanoTime();
                TestServer.Response down = server.send("GET", "/api/health/ready", null);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(503, down.status(), down.body());
                assertTrue(down.json().path("message").asText().contains("database"), down.body());
                assertTrue(millis < 5_000, "answered in " + millis + " ms");
                assertEquals(200, server.send("GET", "/api/health", null).status());
            }
        } finally {
            if (!stopped) pg.close();
        }
    }

    static Path copy(String fixture) throws Exception {
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
    }
}

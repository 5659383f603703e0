package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.homebase.sdk.Base44;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The installed SDK, used from outside its build: it works, and its artifacts are complete. */
class TaskReportTest {
    @Test
    void theSdkWorksFromAnotherProject() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            int status = 200;
            String body;
            if (path.endsWith("/entities/Task/v2/list") && (query == null || !query.contains("cursor="))) {
                body = "{\"items\":[{\"id\":\"1\",\"title\":\"a\",\"due_date\":\"2026-01-01\",\"created_date\":"
                        + "\"2025-01-15T10:30:00.123000\"}],\"next_cursor\":\"c\",\"has_more\":true}";
            } else if (path.endsWith("/entities/Task/v2/list")) {
                body = "{\"items\":[{\"id\":\"2\",\"title\":\"b\",\"due_date\":\"2027-01-01\"},{\"id\":\"3\",\"title\":\"c\","
                        + "\"due_date\":\"2026-06-01\",\"note\":\"n\"}],\"next_cursor\":null,\"has_more\":false}";
            } else {
                status = 404;
                body = "{\"message\":\"Entity Task with ID gone not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertEquals("a,c (gone is missing)", TaskReport.report(url, "app1", LocalDate.of(2026, 12, 31)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theInstalledArtifactsAreComplete() throws Exception {
        String version = System.getProperty("sdk.version");
        Path dir = Path.of(System.getProperty("local.repo"), "dev", "homebase", "homebase-sdk", version);
        String pom = Files.readString(dir.resolve("homebase-sdk-" + version + ".pom"));
        assertFalse(pom.contains("<parent>"), "the installed POM stands alone");
        assertTrue(pom.contains("jackson-databind"), "it lists the dependencies");
        assertTrue(Files.isRegularFile(dir.resolve("homebase-sdk-" + version + "-sources.jar")));
        assertTrue(Files.isRegularFile(dir.resolve("homebase-sdk-" + version + "-javadoc.jar")));
        Path jar = Path.of(Base44.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(dir.resolve("homebase-sdk-" + version + ".jar"), jar, "compiled against the installed jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("dev.homebase.sdk", j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
    }
}

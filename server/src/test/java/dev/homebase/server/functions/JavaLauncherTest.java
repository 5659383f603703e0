package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java launcher with the SDK as a jar, as in the packaged server: the build gets a class-data
 * archive from a training run that never calls the function's handler, and a process started with
 * the archive serves. (In the reactor's tests the SDK is a class folder, which CDS cannot archive.)
 */
class JavaLauncherTest {
    @TempDir
    Path tmp;

    @Test
    void aBuildGetsAClassDataArchiveWithoutCallingTheHandlerAndStartsWithIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("project/base44/functions/marker"));
        // The handler leaves a file behind when called: the training run must not call it.
        Files.writeString(dir.resolve("Entry.java"), """
                import dev.homebase.sdk.functions.FunctionReply;
                import dev.homebase.sdk.functions.FunctionServer;
                import java.nio.file.Files;
                import java.nio.file.Path;

                public class Entry {
                    public static void main(String[] args) {
                        FunctionServer.serve(request -> {
                            Files.writeString(Path.of("handler-was-called"), "yes");
                            return FunctionReply.text("served");
                        });
                    }
                }
                """);
        List<Path> sdk = jarredSdk();
        JavaLauncher launcher = new JavaLauncher(JavaLauncher.locateJava(null), tmp.resolve("data"), FunctionSettings.defaults(), sdk);
        assertEquals(Optional.empty(), launcher.unavailable());
        FunctionCatalog.Function function = FunctionCatalog.scan(tmp.resolve("project")).find("marker").orElseThrow();

        ProcessBuilder first = launcher.command("test/marker", function, Optional.empty(), Map.of());
        assertFalse(first.command().stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), "no archive yet: " + first.command());
        Path archive = awaitArchive(tmp.resolve("data/functions/java"));
        assertFalse(Files.exists(dir.resolve("handler-was-called")), "the training run answers with the SDK's warm-up handler");

        ProcessBuilder next = launcher.command("test/marker", function, Optional.empty(), Map.of());
        assertTrue(next.command().contains("-XX:SharedArchiveFile=" + archive), next.command().toString());
        assertEquals("HOMEBASE_FUNCTION_PORT", next.environment().keySet().stream().filter(k -> k.startsWith("HOMEBASE")).findFirst().orElseThrow());
        FunctionProcess process = FunctionProcess.start("test/marker", next, 60_000);
        try {
            HttpResponse<String> res = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("served", res.body());
            assertTrue(Files.exists(dir.resolve("handler-was-called")));
        } finally {
            process.stop();
        }
    }

    private static Path awaitArchive(Path builds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.walk(builds)) {
                Optional<Path> archive = files.filter(p -> p.getFileName().toString().equals("function.jsa")).findFirst();
                if (archive.isPresent()) return archive.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no class-data archive was written under " + builds);
    }

    /** The SDK class path with any class folder (the reactor's sdk/target/classes) packed into a jar. */
    private List<Path> jarredSdk() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path entry : JavaLauncher.sdkClasspath()) {
            if (Files.isRegularFile(entry)) {
                out.add(entry);
                continue;
            }
            Path jar = tmp.resolve("sdk-" + out.size() + ".jar");
            try (JarOutputStream jos = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(entry)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    jos.putNextEntry(new JarEntry(entry.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, jos);
                    jos.closeEntry();
                }
            }
            out.add(jar);
        }
        return out;
    }
}

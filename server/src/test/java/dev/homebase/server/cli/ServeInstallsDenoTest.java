package dev.homebase.server.cli;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} on a machine without Deno: no {@code HOMEBASE_DENO}, no {@code deno} on {@code PATH}, an empty cache
 * folder, and the server's classes copied away from the repository (so {@code functions-runtime/} is not found, as when
 * the jar runs from elsewhere). The server installs the pinned Deno with npm and the first call just works; without
 * npm, calls answer 503 with one line saying what to do. Needs node and npm on this machine's {@code PATH} and the npm
 * registry (or npm's cache).
 */
class ServeInstallsDenoTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aFirstCallWorksWithoutAnyDenoInstalled() throws Exception {
        Path cache = TempDirs.create("xdg-cache");
        try (Server server = Server.start(Map.of("PATH", nodeOnlyPath().toString(), "XDG_CACHE_HOME", cache.toString()))) {
            HttpResponse<String> res = server.call("hello");
            assertEquals(200, res.statusCode(), res.body() + "\n" + server.log());
            JsonNode body = Json.parse(res.body());
            assertEquals("hi", body.path("greeting").asText());
            assertEquals(dev.homebase.server.functions.DenoBinary.pinnedVersion(), body.path("deno").asText());
            assertEquals(200, server.call("hello").statusCode());
        }
        Path installed = cache.resolve("homebase/deno-" + dev.homebase.server.functions.DenoBinary.pinnedVersion());
        assertTrue(Files.isDirectory(installed), "installed into the cache folder: " + installed);
        try (Stream<Path> entries = Files.list(cache.resolve("homebase"))) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "no partial install left");
        }
    }

    @Test
    void withoutNpmCallsAnswer503WithOneLineSayingWhatToDo() throws Exception {
        Path cache = TempDirs.create("xdg-cache");
        Path emptyBin = TempDirs.create("empty-bin");
        try (Server server = Server.start(Map.of("PATH", emptyBin.toString(), "XDG_CACHE_HOME", cache.toString()))) {
            HttpResponse<String> res = server.call("hello");
            assertEquals(503, res.statusCode(), res.body());
            String message = "Backend functions are not available: Deno is not installed, and npm (which installs it) is not on PATH: "
                    + "install Node.js 20+ with npm, or set HOMEBASE_DENO to a Deno "
                    + dev.homebase.server.functions.DenoBinary.pinnedVersion() + " executable";
            assertEquals(message, Json.parse(res.body()).path("message").asText(), res.body());
            server.close();
            assertTrue(server.log().lines().anyMatch(l -> l.contains("WARN") && l.contains("npm (which installs it) is not on PATH")),
                    server.log());
        }
    }

    /** A folder with links to node and npm only: no deno. */
    private static Path nodeOnlyPath() throws IOException {
        Path bin = TempDirs.create("node-only-bin");
        for (String tool : List.of("node", "npm")) {
            Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                    .filter(d -> !d.isBlank()).map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
            assertTrue(found.isPresent(), tool + " is needed on PATH for this test");
            Files.createSymbolicLink(bin.resolve(tool), found.get());
        }
        return bin;
    }

    /** {@code homebase serve} in its own JVM, its classes copied out of the repository. */
    private record Server(Process process, String base, String appId, CompletableFuture<String> stderr) implements AutoCloseable {

        static Server start(Map<String, String> env) throws Exception {
            Path root = TempDirs.create("homebase-elsewhere");
            Path project = CliProcess.minimalProject();
            Path fn = project.resolve("base44/functions/hello/entry.ts");
            Files.createDirectories(fn.getParent());
            Files.writeString(fn, "Deno.serve(() => Response.json({ greeting: 'hi', deno: Deno.version.deno }));\n");
            Path classes = root.resolve("server-classes");
            List<String> classPath = new ArrayList<>();
            for (String entry : CliProcess.CLASS_PATH) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p) && p.endsWith(Path.of("server", "target", "classes"))) {
                    copyTree(p, classes);
                    classPath.add(classes.toString());
                } else {
                    classPath.add(entry);
                }
            }
            Map<String, String> all = new java.util.HashMap<>(env);
            all.put("HOMEBASE_FUNCTIONS_WATCH", "off");
            Process p = CliProcess.start(all, cp -> classPath, root, "serve", project.toString(), "--port", "0",
                    "--data", root.resolve("data").toString());
            CompletableFuture<String> stderr = CliProcess.readAsync(p.getErrorStream());
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> first = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    first.complete(out.readLine());
                } catch (IOException e) {
                    first.complete(null);
                }
            });
            String line = first.get(10, TimeUnit.MINUTES);
            if (line == null || !line.startsWith("Homebase listening on ")) {
                p.destroyForcibly();
                throw new AssertionError("serve did not start: " + line + "\n" + stderr.get(30, TimeUnit.SECONDS));
            }
            return new Server(p, line.substring("Homebase listening on ".length(), line.indexOf(" (app ")),
                    line.substring(line.indexOf("(app ") + 5, line.length() - 1), stderr);
        }

        HttpResponse<String> call(String function) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/apps/" + appId + "/functions/" + function))
                    .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        }

        String log() {
            try {
                return stderr.isDone() ? stderr.get() : "(still running)";
            } catch (Exception e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws Exception {
            if (!process.isAlive()) return;
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
            stderr.get(30, TimeUnit.SECONDS);
        }

        private static void copyTree(Path from, Path to) throws IOException {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target);
                }
            }
        }
    }
}

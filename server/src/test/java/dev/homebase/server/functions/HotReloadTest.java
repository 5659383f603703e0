package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStream;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hot reload with a real Deno and a real {@link FunctionWatcher}: an edited function answers with
 * its new code on a later call (its warm process was drained), a new folder becomes callable, a
 * deleted one answers 404, a change in {@code base44/shared/} restarts the functions, and a call in
 * flight when its function changes runs to its end.
 * The waits are bounded polls for the new state, not timing assertions.
 */
class HotReloadTest {
    private static final String APP = "functionstest";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestServer server;
    private static FunctionWatcher watcher;

    @BeforeAll
    static void start() throws Exception {
        FunctionsApiTest.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found: set HOMEBASE_DENO, put deno on PATH, or npm ci in functions-runtime/");
        server = new TestServer(APP, TestDatabases.Kind.SQLITE, TestServer.fastAuth(), FunctionSettings.defaults());
        watcher = FunctionWatcher.start(server.app().functions(), Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        if (watcher != null) watcher.close();
        if (server != null) server.close();
    }

    @Test
    void anEditedFunctionAnswersWithItsNewCode() throws Exception {
        Path entry = server.dir().resolve("base44/functions/ping/entry.ts");
        TestServer.Response before = call("ping");
        assertEquals(200, before.status(), before.body());
        String pid = before.json().get("pid").asText();
        Files.writeString(entry, "Deno.serve(() => Response.json({ version: 2, pid: Deno.pid }));\n");
        TestServer.Response after = await("ping", r -> r.status() == 200 && r.json().path("version").asInt() == 2);
        assertNotEquals(pid, after.json().get("pid").asText(), "a fresh process runs the new code");
    }

    @Test
    void aNewFolderBecomesCallableAndADeletedOneIsGone() throws Exception {
        Path dir = server.dir().resolve("base44/functions/added/deeper");
        assertEquals(404, call("added/deeper").status());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("entry.ts"), "export default () => new Response('added');\n");
        TestServer.Response added = await("added/deeper", r -> r.status() == 200);
        assertEquals("added", added.body());

        try (Stream<Path> files = Files.walk(server.dir().resolve("base44/functions/added"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        TestServer.Response gone = await("added/deeper", r -> r.status() == 404);
        assertEquals("FUNCTION_NOT_FOUND", gone.json().get("code").asText());
    }

    @Test
    void aChangeInSharedCodeRestartsTheFunctionsThatImportIt() throws Exception {
        Path shared = server.dir().resolve("base44/shared");
        Files.createDirectories(shared);
        Files.writeString(shared.resolve("greeting.ts"), "export const greeting = 'one';\n");
        Path dir = server.dir().resolve("base44/functions/greets");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("entry.ts"), "import { greeting } from '../../shared/greeting.ts';\n"
                + "Deno.serve(() => new Response(greeting));\n");
        assertEquals("one", await("greets", r -> r.status() == 200).body());
        Files.writeString(shared.resolve("greeting.ts"), "export const greeting = 'two';\n");
        await("greets", r -> r.status() == 200 && r.body().equals("two"));
    }

    @Test
    void aCallInFlightWhenItsFunctionChangesStillFinishes() throws Exception {
        Path dir = server.dir().resolve("base44/functions/stream");
        String release = "release-" + System.nanoTime();
        HttpResponse<InputStream> res = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/apps/" + APP + "/functions/stream?release=" + release))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            assertEquals("data: first", r.readLine());
            Files.writeString(dir.resolve("entry.ts"), Files.readString(dir.resolve("entry.ts")) + "\n// changed\n");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (server.app().functions().processCount(APP, "stream") > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, server.app().functions().processCount(APP, "stream"), "the changed function's pool was drained");
            Files.writeString(dir.resolve(release), "go");
            List<String> rest = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) if (!line.isEmpty()) rest.add(line);
            assertEquals(List.of("data: released"), rest, "the call in flight ran to its end");
        }
    }

    private static TestServer.Response call(String name) {
        return server.send("GET", "/api/apps/" + APP + "/functions/" + name, null);
    }

    private static TestServer.Response await(String name, Predicate<TestServer.Response> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TestServer.Response last;
        do {
            last = call(name);
            if (done.test(last)) return last;
            TimeUnit.MILLISECONDS.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + " did not reach the expected state; last answer " + last.status() + " " + last.body());
    }
}

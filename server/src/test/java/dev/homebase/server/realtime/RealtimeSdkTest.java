package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The official client end to end: {@code @base44/sdk} 0.8.50 in Node ({@code src/test/node}) subscribes with
 * {@code entities.Item.subscribe(cb)} and we check what its callback receives. Skipped where Node is not installed;
 * runs {@code npm ci} once when {@code node_modules} is missing.
 */
class RealtimeSdkTest {
    private static final Path NODE_DIR = Path.of("src/test/node");

    @Test
    void officialSdkSubscribesReceivesAndUnsubscribes() throws Exception {
        assumeTrue(works("node", "--version"), "Node.js is not installed");
        installSdk();
        try (TestServer server = new TestServer("apitest", TestDatabases.Kind.SQLITE)) {
            RealtimeServer realtime = server.app().realtime();
            Process node = new ProcessBuilder("node", "realtime-check.mjs", "http://127.0.0.1:" + server.app().port(), "apitest", "Item")
                    .directory(NODE_DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BlockingQueue<JsonNode> lines = read(node);
                Writer stdin = node.outputWriter(StandardCharsets.UTF_8);
                assertEquals("subscribed", next(lines, "subscribed").get("kind").asText());
                await(() -> realtime.stats().roomMemberships() == 1, realtime);

                ObjectNode record = (ObjectNode) Json.parse("{\"id\":\"abc\",\"title\":\"hello\",\"done\":false,\"created_date\":\"2025-01-15T10:30:00.123000\"}");
                realtime.publish("apitest", "Item", "create", record, "abc");
                JsonNode event = next(lines, "event").get("event");
                assertEquals("create", event.get("type").asText());
                assertEquals(record, event.get("data"));
                assertEquals("abc", event.get("id").asText());
                assertTrue(event.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

                // Over the 1 MB transport cap: slimmed, flagged, and the SDK tells the developer to re-fetch.
                ObjectNode big = Json.object().put("id", "big").put("title", "kept").put("body", "x".repeat(1_100_000));
                realtime.publish("apitest", "Item", "update", big, "big");
                JsonNode warning = next(lines, "error");
                assertTrue(warning.get("text").asText().contains("entities.Item.get(\"big\")"), warning.toString());
                JsonNode slim = next(lines, "event").get("event").get("data");
                assertEquals("{\"id\":\"big\",\"title\":\"kept\",\"body\":\"\",\"_oversize\":true}", slim.toString());

                stdin.write("unsubscribe\n");
                stdin.flush();
                next(lines, "unsubscribed");
                await(() -> realtime.stats().roomMemberships() == 0, realtime); // the SDK leaves 250 ms later
                stdin.write("exit\n");
                stdin.flush();
                assertTrue(node.waitFor(10, TimeUnit.SECONDS));
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private static void installSdk() throws Exception {
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/@base44/sdk"))) return;
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm ci timed out");
        assertEquals(0, npm.exitValue(), "npm ci failed in " + NODE_DIR);
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static BlockingQueue<JsonNode> read(Process node) {
        BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    try {
                        lines.add(Json.parse(line));
                    } catch (IOException notJson) {
                        lines.add(Json.object().put("kind", "text").put("text", line));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return lines;
    }

    /** The next line of this kind, skipping others (connect logs and the like). */
    private static JsonNode next(BlockingQueue<JsonNode> lines, String kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && kind.equals(line.path("kind").asText())) return line;
        }
        assertNotNull(null, "no \"" + kind + "\" line from the SDK");
        return null;
    }

    private static void await(BooleanSupplier condition, RealtimeServer realtime) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out; " + realtime.stats());
            Thread.sleep(10);
        }
    }
}

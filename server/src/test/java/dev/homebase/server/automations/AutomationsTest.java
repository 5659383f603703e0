package dev.homebase.server.automations;

import static dev.homebase.server.automations.AutomationServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.functions.DenoBinary;
import dev.homebase.server.functions.FunctionWatcher;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Automations end to end on a real server, real Deno functions and a real database (SQLite and
 * PostgreSQL), with the schedules following a {@link TestClock} the test moves: each function writes
 * a {@code Run} record per call with the service token it got, so the tests count calls. A cron
 * automation runs once per tick; an entity automation once per create, update and delete, with the
 * old record on update; inactive ones never; a failing one is tried the set number of times and
 * then given up, in the function logs; a restart runs one missed tick, not each; an edited
 * {@code function.jsonc} takes effect on hot reload.
 */
class AutomationsTest {

    @BeforeAll
    static void deno() throws Exception {
        dev.homebase.server.functions.FunctionsApiTestAccess.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found: set HOMEBASE_DENO, put deno on PATH, or npm ci in functions-runtime/");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void scheduleAndEntityEventsRunOnceEach(TestDatabases.Kind kind) throws Exception {
        TestClock clock = new TestClock();
        Path dir = AutomationServer.copyFixture();
        try (AutomationServer server = new AutomationServer(dir, TestDatabases.freshUrl(kind), clock);
             FunctionWatcher watcher = FunctionWatcher.start(server.app().functions(), Duration.ofMillis(100))) {
            Thread.sleep(300);
            assertEquals(0, server.runs("every minute").size(), "no tick before the automation was first seen");

            clock.advance(Duration.ofSeconds(60));
            await("the first tick", 60, () -> server.runs("every minute").size() == 1);
            clock.advance(Duration.ofSeconds(60));
            await("the second tick", 60, () -> server.runs("every minute").size() == 2);
            JsonNode tick = server.runs("every minute").get(1);
            assertEquals("scheduled", tick.path("type").asText());
            assertEquals("from-args", tick.path("arg").asText(), "function_args are in the body");
            assertFalse(tick.path("had_user_auth").asBoolean(), "only the service header");
            Instant slot = Instant.parse(tick.path("scheduled_at").asText());
            assertEquals(clock.instant().truncatedTo(ChronoUnit.MINUTES), slot, "the newest minute tick");

            String id = server.send("POST", "/entities/Task", "{\"title\":\"a\"}", 201).get("id").asText();
            server.send("PUT", "/entities/Task/" + id, "{\"title\":\"b\"}", 200);
            server.send("DELETE", "/entities/Task/" + id, null, 200);
            await("three entity runs", 60, () -> server.runs("task changed").size() == 3);
            Map<String, JsonNode> byType = server.runs("task changed").stream()
                    .collect(Collectors.toMap(r -> r.path("event_type").asText(), r -> r));
            assertEquals(List.of("create", "delete", "update"), byType.keySet().stream().sorted().toList());
            assertEquals("a", byType.get("create").path("title").asText());
            assertEquals("b", byType.get("update").path("title").asText());
            assertEquals("a", byType.get("update").path("old_title").asText(), "the old record on update");
            assertFalse(byType.get("create").has("old_title"));
            assertEquals("b", byType.get("delete").path("title").asText(), "the last state on delete");
            byType.values().forEach(r -> assertEquals(id, r.path("entity_id").asText()));

            Thread.sleep(1000); // time for any duplicate to show
            assertEquals(2, server.runs("every minute").size());
            assertEquals(3, server.runs("task changed").size());
            assertEquals(0, server.runs("off schedule").size() + server.runs("off entity").size(), "is_active false never runs");
            assertTrue(server.logLines("tick").stream().anyMatch(l -> l.startsWith("automation \"every minute\" (scheduled tick ") && l.contains(": ok in ")),
                    server.logLines("tick").toString());
            assertTrue(server.logLines("ontask").stream().anyMatch(l -> l.startsWith("automation \"task changed\" (Task update " + id + "): ok")),
                    server.logLines("ontask").toString());

            // Bulk writes too: one run per record, update-many with each record's old state.
            server.send("POST", "/entities/Task/bulk", "[{\"title\":\"bulk1\"},{\"title\":\"bulk2\"}]", 201);
            server.send("PATCH", "/entities/Task/update-many",
                    "{\"query\":{\"title\":{\"$in\":[\"bulk1\",\"bulk2\"]}},\"data\":{\"$set\":{\"title\":\"many\"}}}", 200);
            await("four bulk runs", 60, () -> server.runs("task changed").size() == 7);
            List<String> bulk = server.runs("task changed").stream()
                    .filter(r -> !r.path("entity_id").asText().equals(id))
                    .map(r -> r.path("event_type").asText() + ":" + r.path("title").asText() + ":" + r.path("old_title").asText(""))
                    .sorted().toList();
            assertEquals(List.of("create:bulk1:", "create:bulk2:", "update:many:bulk1", "update:many:bulk2"), bulk);

            // Hot reload: switching the entity automation off in function.jsonc stops its runs.
            Path config = dir.resolve("base44/functions/ontask/function.jsonc");
            Files.writeString(config, Files.readString(config).replace("\"event_types\"", "\"is_active\": false, \"event_types\""));
            await("the reload", 30, () -> !server.app().automations().find(AutomationServer.APP, "ontask", "task changed").orElseThrow().active());
            server.send("POST", "/entities/Task", "{\"title\":\"c\"}", 201);
            Thread.sleep(1000);
            assertEquals(7, server.runs("task changed").size(), "switched off by the reload");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aFailingRunIsRetriedThenGivenUp(TestDatabases.Kind kind) throws Exception {
        TestClock clock = new TestClock();
        try (AutomationServer server = new AutomationServer(AutomationServer.copyFixture(), TestDatabases.freshUrl(kind), clock)) {
            String id = server.send("POST", "/entities/Fragile", "{\"title\":\"x\"}", 201).get("id").asText();
            String given = "automation \"always fails\" (Fragile create " + id + "): failed (attempt 3 of 3)";
            await("the first attempt", 60, () -> calls(server, id) == 1);
            for (int i = 0; i < 100 && server.logLines("flaky").stream().noneMatch(l -> l.startsWith(given)); i++) {
                clock.advance(Duration.ofSeconds(5)); // backoff 10 s, then 20 s, on the test clock
                Thread.sleep(100);
            }
            List<String> lines = server.logLines("flaky");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(given) && l.endsWith("; given up")), lines.toString());
            assertEquals(2, lines.stream().filter(l -> l.contains(": failed (attempt ") && l.contains("HTTP 500") && l.contains("; retrying in ")).count(),
                    lines.toString());
            clock.advance(Duration.ofMinutes(10));
            Thread.sleep(1000);
            assertEquals(3, calls(server, id), "three attempts, then no more");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRestartRunsOneMissedTickNotEach(TestDatabases.Kind kind) throws Exception {
        TestClock clock = new TestClock();
        Path dir = AutomationServer.copyFixture();
        String url = TestDatabases.freshUrl(kind);
        try (AutomationServer server = new AutomationServer(dir, url, clock)) {
            clock.advance(Duration.ofSeconds(60));
            await("the first tick", 60, () -> server.runs("every minute").size() == 1);
        }
        clock.advance(Duration.ofMinutes(5)); // five ticks while down
        try (AutomationServer server = new AutomationServer(dir, url, clock)) {
            await("the missed tick", 60, () -> server.runs("every minute").size() == 2);
            Thread.sleep(1500);
            List<JsonNode> runs = server.runs("every minute");
            assertEquals(2, runs.size(), "one run for the missed ticks, not five");
            assertEquals(clock.instant().truncatedTo(ChronoUnit.MINUTES), Instant.parse(runs.get(1).path("scheduled_at").asText()),
                    "the newest missed tick");
            clock.advance(Duration.ofSeconds(60));
            await("the next tick", 60, () -> server.runs("every minute").size() == 3);
        }
    }

    /** How often the flaky function was called for record {@code id}. */
    private static long calls(AutomationServer server, String id) {
        return server.logLines("flaky").stream().filter(l -> l.equals("flaky called for " + id)).count();
    }
}

package dev.homebase.server.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.project.ProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent files: what is read, the messages that name the file and the key, and hot reload. */
class AgentCatalogTest {
    @TempDir
    Path project;

    private Path write(String name, String text) throws Exception {
        Path dir = project.resolve("base44/agents");
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsToolsMemoryAndAnonymousAccess() throws Exception {
        write("helper.jsonc", """
                // comments and trailing commas, as the Base44 CLI allows
                {"name": "helper", "instructions": "Be brief.", "allow_anonymous": true,
                 "tool_configs": [{"entity_name": "Task", "allowed_operations": ["read", "create"]},
                                  {"function_name": "report", "description": "Weekly report"},],
                 "memory_config": {"scope": "user"}}
                """);
        AgentConfig a = new AgentCatalog(Map.of("app", project)).find("app", "helper").orElseThrow();
        assertEquals("Be brief.", a.instructions());
        assertEquals(Set.of("read", "create"), a.entityTools().get(0).operations());
        assertEquals("report", a.functionTools().get(0).function());
        assertEquals("user", a.memory().scope());
        assertTrue(a.allowAnonymous());
    }

    @Test
    void badFilesNameTheFileAndTheProblem() throws Exception {
        Path file = write("bad.jsonc", "{\"name\": \"Bad Name\"}");
        ProjectException e = assertThrows(ProjectException.class, () -> new AgentCatalog(Map.of("app", project)));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("\"name\""), e.getMessage());
        Files.writeString(file, "{\"name\": \"ok\", \"tool_configs\": [{\"entity_name\": \"Task\", \"allowed_operations\": [\"fly\"]}]}");
        e = assertThrows(ProjectException.class, () -> new AgentCatalog(Map.of("app", project)));
        assertTrue(e.getMessage().contains("unknown operation \"fly\""), e.getMessage());
        Files.writeString(file, "{\"name\": \"ok\", \"colour\": \"red\"}");
        e = assertThrows(ProjectException.class, () -> new AgentCatalog(Map.of("app", project)));
        assertTrue(e.getMessage().contains("unknown key \"colour\""), e.getMessage());
    }

    @Test
    void editsAreReloadedAndBadEditsKeepThePreviousAgents() throws Exception {
        Path file = write("helper.jsonc", "{\"name\": \"helper\", \"instructions\": \"v1\"}");
        AgentCatalog catalog = new AgentCatalog(Map.of("app", project));
        try (AgentWatcher ignored = AgentWatcher.start(catalog, Duration.ofMillis(50))) {
            Files.writeString(file, "{\"name\": \"helper\", \"instructions\": \"v2\"}");
            await(() -> catalog.find("app", "helper").map(a -> a.instructions().equals("v2")).orElse(false));
            write("second.jsonc", "{\"name\": \"second\"}");
            await(() -> catalog.find("app", "second").isPresent());
            Files.writeString(file, "{\"name\": 42}");
            Thread.sleep(500);
            assertEquals("v2", catalog.find("app", "helper").orElseThrow().instructions(), "a bad edit keeps the agents");
            Files.delete(project.resolve("base44/agents/second.jsonc"));
            Files.writeString(file, "{\"name\": \"helper\", \"instructions\": \"v3\"}");
            await(() -> catalog.find("app", "second").isEmpty());
            assertFalse(catalog.all("app").containsKey("second"));
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not reloaded within 10 s");
            Thread.sleep(20);
        }
    }
}

package dev.homebase.server.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schema reload with a real {@link EntityWatcher} under a running server, on both databases: an edited entity file
 * validates with its new schema and gets its new indexes, a new file is a new entity, a deleted one answers 404, and
 * a file with an error keeps its last good schema while the other files' changes still apply. The waits are
 * bounded polls for the new state, not timing assertions.
 */
class SchemaReloadTest {
    private static final String APP = "reloadtest";
    private static final String API = "/api/apps/" + APP + "/entities/";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theApiFollowsTheEntityFiles(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind);
             EntityWatcher watcher = EntityWatcher.start(server.app().entityReloader(), Duration.ofMillis(100))) {
            Path entities = server.dir().resolve("base44/entities");
            assertEquals(201, create(server, "Note", "{\"title\":\"a\"}"));
            assertEquals(0, indexRows(server, "Note"));

            // Edited: a new required number field, with an index.
            Files.writeString(entities.resolve("note.jsonc"), """
                    { "name": "Note", "properties": { "title": { "type": "string" }, "priority": { "type": "number" } },
                      "required": ["title", "priority"], "rls": { "read": true, "write": true }, "indexes": ["priority"] }
                    """);
            await(() -> create(server, "Note", "{\"title\":\"b\"}") == 422, "the new required field is checked");
            assertEquals(201, create(server, "Note", "{\"title\":\"c\",\"priority\":2}"));
            assertEquals(422, create(server, "Note", "{\"title\":\"d\",\"priority\":{\"high\":true}}"), "priority is a number");
            assertTrue(indexRows(server, "Note") > 0, "the declared index was created");

            // Added, then deleted.
            assertEquals(404, server.send("GET", API + "Tag", null).status());
            Files.writeString(entities.resolve("tag.jsonc"), "{ \"name\": \"Tag\", \"properties\": { \"label\": { \"type\": \"string\" } } }");
            await(() -> server.send("GET", API + "Tag", null).status() == 200, "the new entity is served");
            assertEquals(201, create(server, "Tag", "{\"label\":\"x\"}"));
            Files.delete(entities.resolve("tag.jsonc"));
            await(() -> server.send("GET", API + "Tag", null).status() == 404, "the deleted entity is gone");

            // A broken file keeps its last good schema; a good file written with it still applies.
            Files.writeString(entities.resolve("note.jsonc"), "{ \"name\": \"Note\", \"properties\": { ");
            Files.writeString(entities.resolve("other.jsonc"), "{ \"name\": \"Other\", \"properties\": {} }");
            await(() -> server.send("GET", API + "Other", null).status() == 200, "the good file applies");
            EntityReloader.Outcome outcome = server.app().entityReloader().reload(APP);
            assertEquals(List.of("note.jsonc"), outcome.failedFiles());
            assertFalse(outcome.applied());
            assertEquals(422, create(server, "Note", "{\"title\":\"e\"}"), "the last good Note schema still applies");
            assertEquals(201, create(server, "Note", "{\"title\":\"f\",\"priority\":1}"));
            // A rule that does not compile is an error of its file too.
            Files.writeString(entities.resolve("note.jsonc"), """
                    { "name": "Note", "properties": { "title": { "type": "string" } }, "rls": { "read": 42 } }
                    """);
            assertEquals(List.of("note.jsonc"), server.app().entityReloader().reload(APP).failedFiles());
            assertEquals(422, create(server, "Note", "{\"title\":\"g\"}"));

            // Fixed: the index goes with the field.
            Files.writeString(entities.resolve("note.jsonc"), """
                    { "name": "Note", "properties": { "title": { "type": "string" } }, "rls": { "read": true, "write": true } }
                    """);
            await(() -> create(server, "Note", "{\"title\":\"h\"}") == 201, "the fixed file applies");
            assertEquals(0, indexRows(server, "Note"), "the index the file no longer declares was dropped");
            assertEquals(1, server.send("GET", API + "Note?q=" + java.net.URLEncoder.encode("{\"title\":\"a\"}",
                    java.nio.charset.StandardCharsets.UTF_8), null).json().size(), "records outlive their schema's edits");
        }
    }

    @org.junit.jupiter.api.Test
    void aFileBrokenBeforeItsFirstReloadKeepsItsSchemaFromTheStart() throws Exception {
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE)) {
            EntityReloader reloader = server.app().entityReloader();
            EntityReloader.Outcome nothing = reloader.reload(APP);
            assertFalse(nothing.applied(), "unchanged files (a pattern included) change nothing: " + nothing);
            Files.writeString(server.dir().resolve("base44/entities/note.jsonc"), "{ \"name\": ");
            EntityReloader.Outcome broken = reloader.reload(APP);
            assertEquals(List.of("note.jsonc"), broken.failedFiles());
            assertFalse(broken.applied());
            assertEquals(422, create(server, "Note", "{\"code\":\"x\"}"), "title is still required");
            assertEquals(201, create(server, "Note", "{\"title\":\"kept\"}"));
        }
    }

    private static int create(TestServer server, String entity, String body) {
        return server.send("POST", API + entity, body).status();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(50);
        }
    }

    private static int indexRows(TestServer server, String entity) {
        try (Database db = Database.open(server.databaseUrl())) {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM schema_indexes WHERE app_id = ? AND entity = ?")) {
                    ps.setString(1, APP);
                    ps.setString(2, entity);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        }
    }
}

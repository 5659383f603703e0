package dev.homebase.server.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.entity.EntitySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
    private static final String TASK = """
            // Task entity: comments and trailing commas are fine (JSONC)
            {
              "name": "Task",
              "type": "object",
              /* block comment */
              "properties": {
                "title": { "type": "string", },
                "done": { "type": "boolean", "default": false },
              },
              "required": ["title",],
            }
            """;

    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private ProjectException failure() {
        return assertThrows(ProjectException.class, () -> ProjectLoader.load(dir));
    }

    @Test
    void loadsAJsoncProject() throws IOException {
        write("base44/config.jsonc", """
                // app config
                {
                  "name": "My App", // trailing comment
                  "strictValidation": true,
                }
                """);
        write("base44/.app.jsonc", "// linked app\n{ \"id\": \"65a1b2c3d4e5f60718293a4b\", }\n");
        write("base44/entities/task.jsonc", TASK);
        write("base44/entities/team-member.json", "{\"name\": \"TeamMember\", \"properties\": {\"email\": {\"type\": \"string\"}}}");
        Project project = ProjectLoader.load(dir);
        assertEquals("65a1b2c3d4e5f60718293a4b", project.appId());
        assertEquals("My App", project.name());
        assertTrue(project.strictValidation());
        assertEquals(dir.toAbsolutePath().normalize(), project.dir());
        assertEquals(List.of("task", "teammember"), List.copyOf(project.entities().keySet()));
        EntitySchema task = project.entity("TASK").orElseThrow();
        assertEquals("Task", task.name());
        assertEquals(List.of("title"), task.required());
        assertTrue(task.field("done").orElseThrow().hasDefault());
        assertEquals("TeamMember", project.entity("teamMember").orElseThrow().name());
        assertTrue(project.entity("Nope").isEmpty());
        assertTrue(project.siteDir().isEmpty());
    }

    @Test
    void defaultsWithoutConfigOrEntities() throws IOException {
        Files.createDirectories(dir.resolve("base44"));
        Project project = ProjectLoader.load(dir);
        assertEquals("", project.name());
        assertFalse(project.strictValidation());
        assertTrue(project.entities().isEmpty());
        assertTrue(project.siteDir().isEmpty());
    }

    @Test
    void strictProjectsRejectDefaultsOutsideTheirConstraints() throws IOException {
        write("base44/config.jsonc", "{ \"strictValidation\": true }");
        Path file = write("base44/entities/task.json",
                "{\"name\": \"Task\", \"properties\": {\"status\": {\"type\": \"string\", \"enum\": [\"todo\"], \"default\": \"new\"}}}");
        assertEquals(file + ": property \"status\": \"default\" is not valid: Input should be 'todo'", failure().getMessage());
        write("base44/config.jsonc", "{ \"strictValidation\": false }");
        assertEquals("new", ProjectLoader.load(dir).entity("task").orElseThrow().field("status").orElseThrow().defaultValue().asText());
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() throws IOException {
        Files.createDirectories(dir.resolve("base44/entities"));
        Files.write(dir.resolve("base44/entities/bom.json"),
                ("\uFEFF{\"name\": \"Bom\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("Bom", ProjectLoader.load(dir).entity("bom").orElseThrow().name());
    }

    @Test
    void configJsonIsReadWhenThereIsNoJsonc() throws IOException {
        write("base44/config.json", "{\"name\": \"Plain\"}");
        assertEquals("Plain", ProjectLoader.load(dir).name());
    }

    @Test
    void createsTheAppIdFileOnceAndReusesIt() throws IOException {
        Files.createDirectories(dir.resolve("base44"));
        Project first = ProjectLoader.load(dir);
        assertTrue(first.appId().matches("[0-9a-f]{24}"), first.appId());
        Path appFile = dir.resolve("base44/.app.jsonc");
        assertTrue(Files.readString(appFile).contains("\"id\": \"" + first.appId() + "\""));
        assertEquals(first.appId(), ProjectLoader.load(dir).appId());
        Files.delete(appFile);
        assertFalse(first.appId().equals(ProjectLoader.load(dir).appId()), "a new file gets a new id");
    }

    @Test
    void readsAppJsonToo() throws IOException {
        write("base44/.app.json", "{\"id\": \"abc123\"}");
        assertEquals("abc123", ProjectLoader.load(dir).appId());
        assertFalse(Files.exists(dir.resolve("base44/.app.jsonc")));
    }

    @Test
    void appIdFileProblems() throws IOException {
        Path app = write("base44/.app.jsonc", "{ }");
        assertEquals(app + ": \"id\" is missing or blank (delete the file to get a new app id)", failure().getMessage());
        write("base44/.app.jsonc", "{ \"id\": \"  \" }");
        assertEquals(app + ": \"id\" is missing or blank (delete the file to get a new app id)", failure().getMessage());
        write("base44/.app.jsonc", "{ \"id\": null }");
        assertEquals(app + ": \"id\" is missing or blank (delete the file to get a new app id)", failure().getMessage());
        write("base44/.app.jsonc", "{ \"id\": 42 }");
        assertEquals(app + ": \"id\" must be a string", failure().getMessage());
        write("base44/.app.jsonc", "{ \"id\": \"a/b\" }");
        assertEquals(app + ": \"id\" may contain only letters, digits, '-' and '_', got \"a/b\"", failure().getMessage());
        write("base44/.app.jsonc", "[\"abc\"]");
        assertEquals(app + ": must contain a JSON object", failure().getMessage());
        write("base44/.app.jsonc", "");
        assertEquals(app + ": file is empty", failure().getMessage());
    }

    @Test
    void noBase44Folder() {
        assertEquals(dir + ": no base44/ folder (not a Base44 project)", failure().getMessage());
    }

    @Test
    void missingProjectFolder() {
        Path missing = dir.resolve("nope");
        ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(missing));
        assertEquals(missing + ": project folder not found", e.getMessage());
    }

    @Test
    void badJsonNamesFileLineAndColumn() throws IOException {
        Path file = write("base44/entities/broken.jsonc", "{\n  \"name\": \"Broken\",\n  \"properties\": { \"a\": { \"type\" \"string\" } }\n}\n");
        String message = failure().getMessage();
        assertTrue(message.startsWith(file + ": invalid JSON at line 3, column 33: Unexpected character ('\"' (code 34)): was expecting a colon"), message);
        assertFalse(message.contains("\n"), "one line");
    }

    @Test
    void duplicateKeysAndTrailingContentAreInvalidJson() throws IOException {
        Path file = write("base44/entities/dup.json", "{\"name\": \"A\", \"name\": \"B\"}");
        assertTrue(failure().getMessage().startsWith(file + ": invalid JSON at line 1, column "), failure().getMessage());
        assertTrue(failure().getMessage().contains("Duplicate field 'name'"), failure().getMessage());
        Files.delete(file);
        Path trailing = write("base44/entities/two.json", "{\"name\": \"A\"} {\"name\": \"B\"}");
        assertTrue(failure().getMessage().startsWith(trailing + ": invalid JSON at line 1, column "), failure().getMessage());
    }

    @Test
    void badConfigJsonIsReported() throws IOException {
        Path config = write("base44/config.jsonc", "{ \"name\": \"x\" ");
        assertTrue(failure().getMessage().startsWith(config + ": invalid JSON at line 1"), failure().getMessage());
    }

    @Test
    void schemaErrorsNameTheFile() throws IOException {
        Path file = write("base44/entities/task.jsonc", "{ \"properties\": {} }");
        assertEquals(file + ": \"name\" is required", failure().getMessage());
        write("base44/entities/task.jsonc", "{ \"name\": \"Task\", \"properties\": { \"a\": { \"format\": \"date\" } } }");
        assertEquals(file + ": property \"a\": \"type\" is required", failure().getMessage());
    }

    /** As synced from the hosted platform: built-in declarations load, with one warning naming the file. */
    @Test
    void declaredBuiltInFieldsLoadWithAWarning() throws IOException {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(dev.homebase.server.entity.SchemaParser.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events = new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            Path file = write("base44/entities/order.jsonc", "{ \"name\": \"Order\", \"properties\": { \"title\": { \"type\": \"string\" },"
                    + " \"is_deleted\": { \"type\": \"boolean\" }, \"created_by\": { \"type\": \"string\" } }, \"required\": [\"created_by\"] }");
            Project project = ProjectLoader.load(dir);
            assertEquals(java.util.Set.of("title"), project.entity("Order").orElseThrow().fields().keySet());
            List<String> lines = events.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.getFirst().startsWith(file + ": ignoring the declaration of built-in field(s) is_deleted, created_by"), lines.toString());
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    void emptyEntityFile() throws IOException {
        Path file = write("base44/entities/empty.json", "  \n");
        assertEquals(file + ": file is empty", failure().getMessage());
    }

    @Test
    void duplicateNamesAreComparedCaseInsensitively() throws IOException {
        Path first = write("base44/entities/a-task.jsonc", TASK);
        Path second = write("base44/entities/b-task.json", "{\"name\": \"TASK\"}");
        assertEquals(second + ": entity name \"TASK\" is already used by \"Task\" in " + first
                + " (names are compared case-insensitively)", failure().getMessage());
    }

    @Test
    void onlyJsonAndJsoncFilesDirectlyInTheFolderAreRead() throws IOException {
        write("base44/entities/task.jsonc", TASK);
        write("base44/entities/README.md", "not json");
        write("base44/entities/.draft.json", "{ broken");
        write("base44/entities/notes.txt", "{ broken");
        write("base44/entities/nested/other.json", "{ broken");
        assertEquals(List.of("task"), List.copyOf(ProjectLoader.load(dir).entities().keySet()));
    }

    @Test
    void entitiesDirIsConfigurableRelativeToBase44() throws IOException {
        write("base44/config.jsonc", "{ \"name\": \"x\", \"entitiesDir\": \"schemas\" }");
        write("base44/schemas/task.jsonc", TASK);
        write("base44/entities/ignored.json", "{\"name\": \"Ignored\"}");
        Project project = ProjectLoader.load(dir);
        assertEquals(List.of("task"), List.copyOf(project.entities().keySet()));
    }

    @Test
    void missingEntitiesDirMeansNoEntities() throws IOException {
        write("base44/config.jsonc", "{ \"entitiesDir\": \"nowhere\" }");
        assertTrue(ProjectLoader.load(dir).entities().isEmpty());
    }

    @Test
    void entitiesDirThatIsAFile() throws IOException {
        write("base44/config.jsonc", "{ \"entitiesDir\": \"list.json\" }");
        Path file = write("base44/list.json", "{}");
        assertEquals(file + ": entities folder is not a directory", failure().getMessage());
    }

    @Test
    void siteOutputDirectoryResolvesAgainstTheProjectFolder() throws IOException {
        write("base44/config.jsonc", "{ \"site\": { \"outputDirectory\": \"./dist\", \"buildCommand\": \"npm run build\" } }");
        assertEquals(Optional.empty(), ProjectLoader.load(dir).siteDir(), "absent until built");
        Files.createDirectories(dir.resolve("base44/dist"));
        assertEquals(Optional.empty(), ProjectLoader.load(dir).siteDir(), "not relative to base44/");
        Files.createDirectories(dir.resolve("dist"));
        assertEquals(Optional.of(dir.toAbsolutePath().resolve("dist").normalize()), ProjectLoader.load(dir).siteDir());
    }

    @Test
    void siteOutputDirectoryMayLeaveTheProjectOrBeAbsolute() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("build/web"));
        Files.createDirectories(dir.resolve("app/base44"));
        write("app/base44/config.jsonc", "{ \"site\": { \"outputDirectory\": \"../build/web\" } }");
        assertEquals(Optional.of(elsewhere.toAbsolutePath().normalize()), ProjectLoader.load(dir.resolve("app")).siteDir());
        write("app/base44/config.jsonc", "{ \"site\": { \"outputDirectory\": \"" + elsewhere.toAbsolutePath() + "\" } }");
        assertEquals(Optional.of(elsewhere.toAbsolutePath().normalize()), ProjectLoader.load(dir.resolve("app")).siteDir());
    }

    @Test
    void siteOutputDirectoryThatIsAFileIsIgnored() throws IOException {
        write("base44/config.jsonc", "{ \"site\": { \"outputDirectory\": \"dist\" } }");
        write("dist", "not a folder");
        assertTrue(ProjectLoader.load(dir).siteDir().isEmpty());
    }

    @Test
    void configProblems() throws IOException {
        Path config = write("base44/config.jsonc", "[]");
        assertEquals(config + ": must contain a JSON object", failure().getMessage());
        write("base44/config.jsonc", "{ \"strictValidation\": \"yes\" }");
        assertEquals(config + ": \"strictValidation\" must be true or false", failure().getMessage());
        write("base44/config.jsonc", "{ \"name\": 5 }");
        assertEquals(config + ": \"name\" must be a string", failure().getMessage());
        write("base44/config.jsonc", "{ \"entitiesDir\": \" \" }");
        assertEquals(config + ": \"entitiesDir\" must not be blank", failure().getMessage());
        write("base44/config.jsonc", "{ \"site\": \"dist\" }");
        assertEquals(config + ": \"site\" must be an object", failure().getMessage());
        write("base44/config.jsonc", "{ \"site\": { \"outputDirectory\": 1 } }");
        assertEquals(config + ": \"outputDirectory\" must be a string", failure().getMessage());
    }

    @Test
    void unknownConfigKeysAreIgnored() throws IOException {
        write("base44/config.jsonc", "{ \"name\": \"x\", \"functionsDir\": \"fn\", \"agentsDir\": \"ag\", \"whatever\": [1] }");
        assertEquals("x", ProjectLoader.load(dir).name());
    }

    @Test
    void entitiesMapIsImmutable() throws IOException {
        write("base44/entities/task.jsonc", TASK);
        Project project = ProjectLoader.load(dir);
        assertThrows(UnsupportedOperationException.class, () -> project.entities().clear());
    }
}

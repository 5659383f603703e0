package dev.homebase.server.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordValidator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in fixture {@code projects/tasks}, usable by other tests as a ready project. */
class FixtureProjectTest {

    static Path tasksProject() throws URISyntaxException {
        return Path.of(FixtureProjectTest.class.getResource("/projects/tasks").toURI());
    }

    @Test
    void loadsTheTasksFixture() throws Exception {
        Project project = ProjectLoader.load(tasksProject());
        assertEquals("65a1b2c3d4e5f60718293a4b", project.appId());
        assertEquals("Tasks fixture", project.name());
        assertEquals(tasksProject().resolve("dist"), project.siteDir().orElseThrow());
        EntitySchema task = project.entity("task").orElseThrow();
        assertEquals("hr", task.field("salary").orElseThrow().rls().at("/read/user_condition/role").asText());
        assertTrue(task.rls().has("delete"));
        ObjectNode stored = new RecordValidator(project.strictValidation())
                .forCreate(project.entity("TeamMember").orElseThrow(),
                        (ObjectNode) JsonMapper.builder().build().readTree("{\"email\":\"a@b.co\",\"age\":\"41\",\"id\":\"x\"}"));
        assertEquals("{\"email\":\"a@b.co\",\"age\":41}", stored.toString());
    }
}

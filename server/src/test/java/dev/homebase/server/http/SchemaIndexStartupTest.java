package dev.homebase.server.http;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Starting the server creates the indexes the schemas declare and drops the ones they stopped declaring. */
class SchemaIndexStartupTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void startupSyncsDeclaredIndexes(TestDatabases.Kind kind) throws Exception {
        Path dir = TempDirs.create("homebase-indexes");
        Path entities = Files.createDirectories(dir.resolve("base44/entities"));
        Files.writeString(dir.resolve("base44/.app.jsonc"), "{\"id\": \"idxapp\"}");
        Path task = entities.resolve("task.jsonc");
        Files.writeString(task, "{\"name\": \"Task\", \"properties\": {\"status\": {\"type\": \"string\"}},"
                + " \"indexes\": [\"status\", [\"status\", \"-created_date\"]]}");
        String url = TestDatabases.freshUrl(kind);
        try (TestServer ignored = new TestServer(dir, url, TestServer.fastAuth())) {
            // started
        }
        List<String> made = registry(url);
        // Three indexes (created_date is one of them); on PostgreSQL also the extended statistics of the indexed fields.
        // SQLite: a fourth, the JSON expression's filter index beside the slot's (its pages keep the general forms).
        assertEquals(kind == TestDatabases.Kind.SQLITE ? 4 : 3, made.stream().filter(n -> n.startsWith("hb_idx_")).count(), made.toString());
        assertTrue(made.stream().allMatch(n -> n.startsWith("hb_idx_") || n.startsWith("hb_st_")), made.toString());
        Files.writeString(task, "{\"name\": \"Task\", \"properties\": {\"status\": {\"type\": \"string\"}}}");
        try (TestServer ignored = new TestServer(dir, url, TestServer.fastAuth())) {
            // started
        }
        assertEquals(List.of(), registry(url));
    }

    private static List<String> registry(String url) {
        try (Database db = Database.open(url)) {
            return db.read(c -> {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM schema_indexes WHERE app_id = 'idxapp'")) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            });
        }
    }
}

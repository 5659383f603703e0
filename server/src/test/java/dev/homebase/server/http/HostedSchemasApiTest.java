package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A project with the schema declarations real apps synced from the hosted platform have (fixture
 * {@code hostedtest}): {@code Order} declares the built-in {@code is_deleted} and
 * {@code created_by}, {@code ActivityLog} has ordinary {@code entity_name}, {@code app_id},
 * {@code environment} and {@code deleted_date} fields. The server starts, the built-in values stay
 * the platform's, and the ordinary fields are written, filtered and sorted, on both databases.
 */
class HostedSchemasApiTest {
    private static final String BASE = "/api/apps/hostedtest/entities/";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void startsAndTreatsTheFieldsAsThePlatformDoes(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("hostedtest", kind)) {
            // Built-in declarations: accepted, never taken from the body, and not required of it.
            TestServer.Response order = server.send("POST", BASE + "Order", "{\"title\":\"o1\",\"is_deleted\":true,\"created_by\":\"evil@x.io\"}");
            assertEquals(201, order.status(), order.body());
            JsonNode created = order.json();
            assertNotEquals("evil@x.io", created.path("created_by").asText(), created.toString());
            assertFalse(created.has("is_deleted"), created.toString());
            assertEquals(1, list(server, "Order", "{\"title\":\"o1\"}", null).size(), "not deleted by is_deleted: true");

            // Ordinary fields named like the platform's internals.
            for (String[] row : new String[][] {{"create", "Task", "dev"}, {"delete", "Note", "prod"}, {"update", "Task", "prod"},
                    {"view", "Bulletin", "prod"}}) {
                TestServer.Response r = server.send("POST", BASE + "ActivityLog", "{\"action\":\"" + row[0] + "\",\"entity_name\":\"" + row[1]
                        + "\",\"environment\":\"" + row[2] + "\",\"app_id\":\"other\",\"deleted_date\":\"2025-01-01T00:00:00.000Z\"}");
                assertEquals(201, r.status(), r.body());
                assertEquals(row[1], r.json().path("entity_name").asText(), r.body());
                assertEquals("other", r.json().path("app_id").asText(), r.body());
            }
            assertEquals(List.of("create", "update"), actions(list(server, "ActivityLog", "{\"entity_name\":\"Task\"}", "action")));
            assertEquals(List.of("create"), actions(list(server, "ActivityLog", "{\"environment\":\"dev\"}", null)));
            assertEquals(4, list(server, "ActivityLog", "{\"app_id\":\"other\",\"deleted_date\":{\"$exists\":true}}", null).size());
            assertEquals(List.of("view", "delete", "create"), actions(list(server, "ActivityLog", "{\"action\":{\"$ne\":\"update\"}}", "entity_name")));
            List<String> descending = actions(list(server, "ActivityLog", null, "-entity_name"));
            assertEquals(java.util.Set.of("create", "update"), java.util.Set.copyOf(descending.subList(0, 2)), descending.toString());
            assertEquals(List.of("delete", "view"), descending.subList(2, 4));
        }
    }

    private static JsonNode list(TestServer server, String entity, String q, String sort) {
        StringBuilder path = new StringBuilder(BASE + entity + "?limit=50");
        if (q != null) path.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        if (sort != null) path.append("&sort=").append(URLEncoder.encode(sort, StandardCharsets.UTF_8));
        TestServer.Response r = server.send("GET", path.toString(), null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static List<String> actions(JsonNode records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(r.path("action").asText()));
        return out;
    }
}

package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed records: java.time, Optional, snake_case names, overrides, and failures that name the field. */
class MappingTest {
    record Task(String id, String title, LocalDate dueDate, Instant createdDate, OffsetDateTime updatedDate,
                LocalDateTime remindAt, Optional<String> note, @JsonProperty("Priority") Integer priority) {
    }

    record Strict(String id, LocalDate dueDate) {
    }

    record Camel(String id, String dueDate) {
    }

    private RecordingServer server;
    private Base44Client client;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void platformTimestampsAndSnakeCaseNamesMapToRecords() {
        server.respondJson("{\"id\":\"t1\",\"title\":\"x\",\"due_date\":\"2026-03-01\","
                + "\"created_date\":\"2025-01-15T10:30:00.123000\",\"updated_date\":\"2025-01-15T10:30:00.123456Z\","
                + "\"remind_at\":\"2025-01-15T12:00:00+02:00\",\"Priority\":3}");
        Task t = client.entities("Task", Task.class).get("t1");
        assertEquals(LocalDate.of(2026, 3, 1), t.dueDate());
        assertEquals(Instant.parse("2025-01-15T10:30:00.123Z"), t.createdDate(), "naive timestamps are UTC");
        assertEquals(OffsetDateTime.of(2025, 1, 15, 10, 30, 0, 123_456_000, ZoneOffset.UTC), t.updatedDate());
        assertEquals(LocalDateTime.of(2025, 1, 15, 10, 0), t.remindAt(), "an offset is turned into UTC");
        assertEquals(Optional.empty(), t.note(), "an absent field is an empty Optional");
        assertEquals(3, t.priority(), "@JsonProperty wins over the naming strategy");
    }

    @Test
    void requestBodiesUseSnakeCaseAndIsoText() {
        server.respondJson("{\"id\":\"t1\",\"note\":\"n\"}");
        Task created = client.entities("Task", Task.class).create(new Task(null, "x", LocalDate.of(2026, 3, 1),
                null, null, LocalDateTime.of(2026, 3, 1, 9, 30), Optional.empty(), 2));
        assertEquals(Optional.of("n"), created.note());
        JsonNode body = server.take().json();
        assertEquals("2026-03-01", body.path("due_date").asText());
        assertEquals("2026-03-01T09:30:00", body.path("remind_at").asText());
        assertEquals(2, body.path("Priority").asInt());
        assertFalse(body.has("note"), "an empty Optional is left out: " + body);
        assertFalse(body.has("id"), "null is left out: " + body);
        assertFalse(body.has("dueDate"));
    }

    @Test
    void anUnmappableAnswerNamesTheFieldAndTheType() {
        server.respondJson("{\"id\":\"t1\",\"due_date\":\"next tuesday\"}");
        MappingException e = assertThrows(MappingException.class,
                () -> client.entities("Task", Strict.class).create(new Strict(null, LocalDate.of(2026, 1, 1))));
        assertEquals("due_date", e.field());
        assertEquals("java.time.LocalDate", e.javaType());
        assertEquals(200, e.status());
        assertEquals("INVALID_RESPONSE", e.code());
        assertEquals("next tuesday", e.body().path("due_date").asText());
        assertTrue(e.getMessage().contains("do not repeat"), e.getMessage());
        server.take();
        assertEquals(0, server.pending(), "nothing was sent again");

        server.respondJson("[{\"id\":\"a\"},{\"id\":\"b\",\"due_date\":[1]}]");
        e = assertThrows(MappingException.class, () -> client.entities("Task", Strict.class).list());
        assertEquals("due_date", e.field());
    }

    @Test
    void aMapperOfYourOwnReplacesTheNaming() {
        ObjectMapper own = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (Base44Client camel = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1")
                .objectMapper(own).build())) {
            server.respondJson("{\"id\":\"1\",\"dueDate\":\"kept\",\"due_date\":\"ignored\"}");
            assertEquals("kept", camel.entities("Task", Camel.class).get("1").dueDate());
        }
        server.respondJson("{\"id\":\"1\",\"dueDate\":\"ignored\",\"due_date\":\"mapped\"}");
        assertEquals("mapped", client.entities("Task", Camel.class).get("1").dueDate());
    }

    @Test
    void listsOfRecordsMapEachItem() {
        server.respondJson("{\"items\":[{\"id\":\"a\",\"due_date\":\"2026-01-02T00:00:00\"}],\"next_cursor\":null,"
                + "\"has_more\":false}");
        List<Strict> items = client.entities("Task", Strict.class)
                .list(dev.homebase.sdk.entities.ListOptions.builder().limit(10).build()).items();
        assertEquals(LocalDate.of(2026, 1, 2), items.get(0).dueDate(), "a date-time keeps its date");
    }
}

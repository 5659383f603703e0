package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ListOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stream() and iterate() walk cursor pages lazily. */
class IterationTest {
    private RecordingServer server;
    private Base44Client client;
    private EntityHandler<Map<String, Object>> tasks;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").build());
        tasks = client.entities("Task");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void threePages() {
        server.respondJson("{\"items\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"next_cursor\":\"c1\",\"has_more\":true}");
        server.respondJson("{\"items\":[{\"id\":\"3\"}],\"next_cursor\":\"c2\",\"has_more\":true}");
        server.respondJson("{\"items\":[{\"id\":\"4\"}],\"next_cursor\":null,\"has_more\":false}");
    }

    @Test
    void streamWalksEveryPageThroughCursors() {
        threePages();
        try (Stream<Map<String, Object>> all = tasks.stream(Map.of("status", "open"), "-created_date")) {
            assertEquals(List.of("1", "2", "3", "4"), all.map(r -> (String) r.get("id")).collect(Collectors.toList()));
        }
        var first = server.take();
        assertEquals("/api/apps/app1/entities/Task/v2/list", first.rawPath());
        assertEquals("{\"status\":\"open\"}", first.query().get("q"));
        assertEquals("-created_date", first.query().get("sort"));
        assertEquals("100", first.query().get("limit"));
        assertNull(first.query().get("cursor"));
        assertEquals("c1", server.take().query().get("cursor"));
        var third = server.take();
        assertEquals("c2", third.query().get("cursor"));
        assertEquals("-created_date", third.query().get("sort"));
        assertEquals(0, server.pending());
    }

    @Test
    void pagesAreReadOnlyWhenReached() throws InterruptedException {
        threePages();
        try (Stream<Map<String, Object>> all = tasks.stream(null, ListOptions.builder().limit(2).build())) {
            assertEquals(0, server.pending(), "nothing is read before the terminal operation");
            assertEquals(List.of("1", "2"), all.limit(2).map(r -> (String) r.get("id")).collect(Collectors.toList()));
        }
        assertEquals("2", server.take().query().get("limit"));
        assertNull(server.poll(200), "the second page was never read");
    }

    @Test
    void closingTheStreamEndsTheWalk() throws InterruptedException {
        threePages();
        Stream<Map<String, Object>> all = tasks.stream(null, (String) null);
        var it = all.iterator();
        assertEquals("1", it.next().get("id"));
        all.close();
        assertEquals(false, it.hasNext());
        server.take();
        assertNull(server.poll(200));
    }

    @Test
    void iterateStartsAFreshWalkEachTime() {
        threePages();
        threePages();
        List<String> ids = new ArrayList<>();
        Iterable<Map<String, Object>> all = tasks.iterate(null, "title");
        for (Map<String, Object> r : all) {
            ids.add((String) r.get("id"));
        }
        for (Map<String, Object> r : all) {
            ids.add((String) r.get("id"));
        }
        assertEquals(List.of("1", "2", "3", "4", "1", "2", "3", "4"), ids);
    }

    @Test
    void aFailedPageFailsTheStream() {
        server.respondJson("{\"items\":[{\"id\":\"1\"}],\"next_cursor\":\"c1\",\"has_more\":true}");
        server.respond(400, "{\"message\":\"Invalid cursor\",\"code\":\"invalid_cursor\"}");
        try (Stream<Map<String, Object>> all = tasks.stream(null, "title")) {
            Base44Exception e = assertThrows(Base44Exception.class, () -> all.forEach(r -> { }));
            assertEquals("invalid_cursor", e.code());
        }
    }
}

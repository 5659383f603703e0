package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ListOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract suite for every entity operation, run through the user client and through
 * {@code asServiceRole()}: same method and path, and each channel's own auth headers.
 */
class EntityChannelsTest {
    private RecordingServer server;
    private Base44Client client;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("user-t")
                .serviceToken("svc-t").functionsVersion("v2").header("Base44-State", "st").build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** name, canned response, operation, expected method, expected path (under /api/apps/app1/entities/Task). */
    static Stream<Arguments> operations() {
        return Stream.of(
                op("list", "[]", h -> h.list(), "GET", ""),
                op("filter", "[]", h -> h.filter(Map.of("a", 1)), "GET", ""),
                op("page", "{\"items\":[]}", h -> h.list(ListOptions.defaults()), "GET", "/v2/list"),
                op("distinct", "{\"items\":[]}", h -> h.distinct("a"), "GET", "/v2/list"),
                op("get", "{}", h -> h.get("r1"), "GET", "/r1"),
                op("create", "{}", h -> h.create(Map.of("a", 1)), "POST", ""),
                op("update", "{}", h -> h.update("r1", Map.of("a", 1)), "PUT", "/r1"),
                op("delete", "{}", h -> h.delete("r1"), "DELETE", "/r1"),
                op("deleteMany", "{}", h -> h.deleteMany(Map.of()), "DELETE", ""),
                op("bulkCreate", "[]", h -> h.bulkCreate(List.of()), "POST", "/bulk"),
                op("bulkUpdate", "[]", h -> h.bulkUpdate(List.of()), "PUT", "/bulk"),
                op("updateMany", "{}", h -> h.updateMany(Map.of(), Map.of("$inc", Map.of("n", 1))), "PATCH", "/update-many"),
                op("count", "{\"count\":1}", h -> h.count(), "GET", "/count"),
                op("aggregate", "{\"rows\":[]}", h -> h.aggregate(Map.of()), "POST", "/aggregate"),
                op("upsert", "{}", h -> h.upsert(List.of(), "k"), "POST", "/upsert"),
                op("import", "{}", h -> h.importEntities(FilePart.of("a.csv", "a\n".getBytes(StandardCharsets.UTF_8))),
                        "POST", "/import"));
    }

    private static Arguments op(String name, String response, Consumer<EntityHandler<Map<String, Object>>> call,
                                String method, String path) {
        return Arguments.of(name, response, call, method, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void userChannel(String name, String response, Consumer<EntityHandler<Map<String, Object>>> call,
                     String method, String path) {
        RecordingServer.Recorded r = run(response, call, c -> c.entities("Task"), method, path);
        assertEquals("Bearer user-t", r.header("Authorization"));
        assertFalse(r.hasHeader("on-behalf-of"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void serviceRoleChannel(String name, String response, Consumer<EntityHandler<Map<String, Object>>> call,
                            String method, String path) {
        RecordingServer.Recorded r = run(response, call, c -> c.asServiceRole().entities("Task"), method, path);
        assertEquals("Bearer svc-t", r.header("Authorization"));
        assertEquals("Bearer user-t", r.header("on-behalf-of"));
    }

    private RecordingServer.Recorded run(String response, Consumer<EntityHandler<Map<String, Object>>> call,
                                         Function<Base44Client, EntityHandler<Map<String, Object>>> handler,
                                         String method, String path) {
        server.respondJson(response);
        call.accept(handler.apply(client));
        RecordingServer.Recorded r = server.take();
        assertEquals(method, r.method());
        assertEquals("/api/apps/app1/entities/Task" + path, r.rawPath());
        assertEquals("app1", r.header("X-App-Id"));
        assertEquals("st", r.header("Base44-State"));
        assertFalse(r.hasHeader("Base44-Functions-Version"), "only function calls carry the version");
        assertTrue(r.header("Accept").contains("application/json"));
        assertFalse(r.hasHeader("Upgrade"), "no h2c upgrade on plain http");
        return r;
    }

    @Test
    void oneClientIsSafeToShareAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                server.respondJson("{\"count\":1}");
                results.add(pool.submit(() -> client.entities("Task").count()));
            }
            long total = 0;
            for (Future<Long> f : results) {
                total += f.get();
            }
            assertEquals(40, total);
            for (int i = 0; i < 40; i++) {
                assertEquals("/api/apps/app1/entities/Task/count", server.take().rawPath());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

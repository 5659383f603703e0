package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.auth.LoginResult;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import dev.homebase.sdk.functions.FunctionException;
import dev.homebase.sdk.functions.FunctionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code *Async} variants: the same requests as the blocking methods, results converted the
 * same way, and failures completing the future with the {@link Base44Exception} itself.
 */
class AsyncTest {
    record Task(String id, String title) {
    }

    private RecordingServer server;
    private Base44Client client;
    private final List<Base44Exception> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("tok")
                .requestTimeout(Duration.ofMillis(800)).errorListener(heard::add).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void entityRequestsMatchTheBlockingOnes() {
        EntityHandler<Task> tasks = client.entities("Task", Task.class);
        server.respondJson("[{\"id\":\"1\",\"title\":\"a\",\"extra\":true}]");
        assertEquals(List.of(new Task("1", "a")), tasks.filterAsync(Map.of("done", false), "-title", 5, 10, null).join());
        RecordingServer.Recorded r = server.take();
        assertEquals("GET", r.method());
        assertEquals("/api/apps/app1/entities/Task", r.rawPath());
        assertEquals("q=%7B%22done%22:false%7D&sort=-title&limit=5&skip=10", r.rawQuery());
        assertEquals("Bearer tok", r.header("Authorization"));
        assertEquals("app1", r.header("X-App-Id"));

        server.respondJson("{\"items\":[{\"id\":\"2\",\"title\":\"b\"}],\"next_cursor\":\"c2\",\"has_more\":true}");
        Page<Task> page = tasks.listAsync(ListOptions.builder().limit(1).build()).join();
        assertEquals("/api/apps/app1/entities/Task/v2/list", server.take().rawPath());
        assertEquals(List.of(new Task("2", "b")), page.items());
        assertEquals("c2", page.nextCursor());

        server.respondJson("{\"id\":\"3\",\"title\":\"c\"}");
        assertEquals(new Task("3", "c"), tasks.createAsync(Map.of("title", "c")).join());
        RecordingServer.Recorded created = server.take();
        assertEquals("POST", created.method());
        assertEquals("{\"title\":\"c\"}", created.text());

        server.respondJson("{\"id\":\"3\",\"title\":\"d\"}");
        tasks.updateAsync("3", Map.of("title", "d")).join();
        RecordingServer.Recorded updated = server.take();
        assertEquals("PUT", updated.method());
        assertEquals("/api/apps/app1/entities/Task/3", updated.rawPath());

        server.respondJson("{\"count\":7}");
        assertEquals(7L, tasks.countAsync(Map.of("a", 1)).join());
        assertEquals("/api/apps/app1/entities/Task/count", server.take().rawPath());

        server.respondJson("{\"success\":true,\"deleted\":2}");
        assertEquals(2, tasks.deleteManyAsync(Map.of("a", 1)).join().deleted());
        RecordingServer.Recorded deleted = server.take();
        assertEquals("DELETE", deleted.method());
        assertEquals("{\"a\":1}", deleted.text());

        server.respondJson("{\"created\":1,\"updated\":0,\"records\":[{\"id\":\"9\",\"title\":\"k\"}]}");
        assertEquals(1, tasks.upsertAsync(List.of(Map.of("title", "k")), "title").join().created());
        assertEquals("{\"records\":[{\"title\":\"k\"}],\"key\":\"title\"}", server.take().text());
        assertTrue(heard.isEmpty());
    }

    @Test
    void errorsCompleteWithTheBase44ExceptionItself() {
        server.respond(404, "{\"message\":\"Entity Task with ID x not found\",\"code\":\"NOT_FOUND\"}");
        CompletableFuture<Map<String, Object>> missing = client.entities("Task").getAsync("x");
        CompletionException wrapped = assertThrows(CompletionException.class, missing::join);
        Base44Exception e = assertInstanceOf(Base44Exception.class, wrapped.getCause());
        assertEquals(404, e.status());
        assertEquals("NOT_FOUND", e.code());
        assertEquals("Entity Task with ID x not found", e.getMessage());
        // Callbacks see the exception unwrapped, and the error listener heard about it.
        List<Throwable> seen = new ArrayList<>();
        missing.whenComplete((v, t) -> seen.add(t));
        assertEquals(List.of(e), seen);
        assertEquals(List.of(e), heard);

        server.respondJson("{\"id\":");
        Base44Exception truncated = assertInstanceOf(Base44Exception.class,
                assertThrows(CompletionException.class, () -> client.entities("Task").getAsync("y").join()).getCause());
        assertEquals("INVALID_RESPONSE", truncated.code());
        assertEquals(200, truncated.status());
    }

    @Test
    void timeoutsAndUnreachableServersFailTheFuture() throws Exception {
        server.respondSlowly(3000, "[]");
        Base44Exception timeout = assertInstanceOf(Base44Exception.class, assertThrows(CompletionException.class,
                () -> client.entities("Task").listAsync().join()).getCause());
        assertEquals("ECONNABORTED", timeout.code());
        assertEquals(0, timeout.status());

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Base44Client nowhere = Base44.createClient(ClientConfig.builder().serverUrl("http://127.0.0.1:" + port)
                .appId("a").build())) {
            Base44Exception refused = assertInstanceOf(Base44Exception.class, assertThrows(CompletionException.class,
                    () -> nowhere.entities("Task").countAsync(null).join()).getCause());
            assertEquals(0, refused.status());
            assertEquals("ERR_NETWORK", refused.code());
        }
    }

    @Test
    void argumentErrorsAreThrownBeforeAnyRequest() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> client.entities("Task").getAsync(" "));
        assertThrows(IllegalArgumentException.class, () -> client.entities("Task").upsertAsync(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> client.functions().invokeAsync("f", "text"));
        assertEquals(null, server.poll(100));
    }

    @Test
    void theCallingThreadIsNotBlocked() {
        server.respondSlowly(500, "{\"id\":\"1\"}");
        CompletableFuture<Map<String, Object>> later = client.entities("Task").getAsync("1");
        assertFalse(later.isDone(), "the answer comes 500 ms later; the call returned at once");
        assertEquals("1", later.join().get("id"));
    }

    @Test
    void functionsAndAuthHaveAsyncVariants() {
        server.respond(201, "{\"ok\":true}");
        FunctionResponse r = client.functions().invokeAsync("orders/process", Map.of("n", 1)).join();
        assertEquals(201, r.status());
        RecordingServer.Recorded call = server.take();
        assertEquals("/api/apps/app1/functions/orders/process", call.rawPath());
        assertEquals("{\"n\":1}", call.text());

        server.respond(500, "boom");
        FunctionException failed = assertInstanceOf(FunctionException.class, assertThrows(CompletionException.class,
                () -> client.functions().invokeAsync("f", null).join()).getCause());
        assertEquals(500, failed.status());
        server.take();

        server.respondJson("{\"access_token\":\"fresh\",\"user\":{\"id\":\"u1\",\"email\":\"ana@example.com\"}}");
        LoginResult login = client.auth().loginViaEmailPasswordAsync("ana@example.com", "pw").join();
        assertEquals("fresh", login.accessToken());
        assertEquals("{\"email\":\"ana@example.com\",\"password\":\"pw\"}", server.take().text());
        assertEquals("fresh", client.token().orElseThrow(), "the token is set before the future completes");

        server.respondJson("{\"id\":\"u1\",\"email\":\"ana@example.com\",\"role\":\"user\"}");
        assertEquals("ana@example.com", client.auth().meAsync().join().email());
        RecordingServer.Recorded me = server.take();
        assertEquals("/api/apps/app1/entities/User/me", me.rawPath());
        assertEquals("Bearer fresh", me.header("Authorization"));
    }
}

package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.entities.AggregateResult;
import dev.homebase.sdk.entities.DeleteManyResult;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ImportResult;
import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import dev.homebase.sdk.entities.Query;
import dev.homebase.sdk.entities.UpdateManyResult;
import dev.homebase.sdk.entities.UpsertResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityHandlerTest {
    record Task(String id, String title, String status, Integer priority) {
    }

    /** A plain POJO with a setter, to check non-record types. */
    static final class Note {
        private String id;
        private String text;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    private RecordingServer server;
    private Base44Client client;
    private EntityHandler<Map<String, Object>> tasks;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("tok").build());
        tasks = client.entities("Task");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void listWithoutArgumentsSendsNoQuery() {
        server.respondJson("[{\"id\":\"1\",\"title\":\"a\"}]");
        List<Map<String, Object>> all = tasks.list();
        RecordingServer.Recorded r = server.take();
        assertEquals("GET", r.method());
        assertEquals("/api/apps/app1/entities/Task", r.rawPath());
        assertNull(r.rawQuery());
        assertEquals("app1", r.header("X-App-Id"));
        assertEquals("Bearer tok", r.header("Authorization"));
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("application/json", r.header("Accept"));
        assertEquals(List.of(Map.of("id", "1", "title", "a")), all);
    }

    @Test
    void listPositionalArgumentsAreEncodedInOrder() {
        server.respondJson("[]");
        tasks.list("-created_date", 20, 40, List.of("title", "status"));
        assertEquals("sort=-created_date&limit=20&skip=40&fields=title,status", server.take().rawQuery());
    }

    @Test
    void zeroAndNullPositionalArgumentsAreNotSent() {
        server.respondJson("[]");
        tasks.list(null, 0, 0, List.of());
        assertNull(server.take().rawQuery());
        server.respondJson("[]");
        tasks.list("", null);
        assertNull(server.take().rawQuery());
    }

    @Test
    void filterSendsQAsOneJsonStringWithAxiosEncoding() {
        server.respondJson("[]");
        tasks.filter(Map.of("title", "a b+c"), "+title", 5);
        RecordingServer.Recorded r = server.take();
        // encodeURIComponent, then %3A -> ':', %2C -> ',', %20 -> '+'; a literal '+' is %2B.
        assertEquals("q=%7B%22title%22:%22a+b%2Bc%22%7D&sort=%2Btitle&limit=5", r.rawQuery());
        assertEquals("{\"title\":\"a b+c\"}", r.query().get("q"));
    }

    @Test
    void filterWithEmptyQueryStillSendsQ() {
        server.respondJson("[]");
        tasks.filter(Map.of());
        assertEquals("q=%7B%7D", server.take().rawQuery());
    }

    @Test
    void filterAcceptsTheQueryBuilder() {
        server.respondJson("[]");
        tasks.filter(Query.where("status").eq("open").and("priority").gt(3), "-created_date", 20, 0,
                List.of("title"));
        RecordingServer.Recorded r = server.take();
        assertEquals("{\"status\":\"open\",\"priority\":{\"$gt\":3}}", r.query().get("q"));
        assertEquals("-created_date", r.query().get("sort"));
        assertEquals("title", r.query().get("fields"));
        assertFalse(r.query().containsKey("skip"));
    }

    @Test
    void listWithOptionsReadsACursorPage() {
        server.respondJson("{\"items\":[{\"id\":\"1\"}],\"next_cursor\":\"c2\",\"has_more\":true}");
        ListOptions options = ListOptions.builder().sort("-created_date").limit(1).fields("id", "title").build();
        Page<Map<String, Object>> page = tasks.list(options);
        RecordingServer.Recorded r = server.take();
        assertEquals("/api/apps/app1/entities/Task/v2/list", r.rawPath());
        assertEquals("limit=1&sort=-created_date&fields=id,title", r.rawQuery());
        assertEquals(List.of(Map.of("id", "1")), page.items());
        assertEquals("c2", page.nextCursor());
        assertTrue(page.hasMore());

        ListOptions next = page.next(options).orElseThrow();
        server.respondJson("{\"items\":[],\"next_cursor\":null,\"has_more\":false}");
        Page<Map<String, Object>> last = tasks.list(next);
        assertEquals("limit=1&cursor=c2&sort=-created_date&fields=id,title", server.take().rawQuery());
        assertNull(last.nextCursor());
        assertTrue(last.next(next).isEmpty());
    }

    @Test
    void defaultPageLimitIs100() {
        server.respondJson("{\"items\":[],\"has_more\":false}");
        tasks.filter(Map.of("a", 1), ListOptions.defaults());
        assertEquals("q=%7B%22a%22:1%7D&limit=100", server.take().rawQuery());
    }

    @Test
    void distinctDropsSortAndFields() {
        server.respondJson("{\"items\":[\"done\",\"open\"],\"next_cursor\":null,\"has_more\":false}");
        Page<Object> values = tasks.distinct("status", Map.of("x", 1),
                ListOptions.builder().sort("title").fields("a").limit(10).cursor("c").build());
        assertEquals("q=%7B%22x%22:1%7D&limit=10&cursor=c&distinct=status", server.take().rawQuery());
        assertEquals(List.of("done", "open"), values.items());
    }

    @Test
    void getCreateUpdateDelete() {
        server.respondJson("{\"id\":\"r1\",\"title\":\"x\"}");
        assertEquals("x", tasks.get("r1").get("title"));
        RecordingServer.Recorded get = server.take();
        assertEquals("GET", get.method());
        assertEquals("/api/apps/app1/entities/Task/r1", get.rawPath());

        server.respond(201, "{\"id\":\"r2\",\"title\":\"Write docs\"}");
        Map<String, Object> created = tasks.create(Map.of("title", "Write docs"));
        RecordingServer.Recorded post = server.take();
        assertEquals("POST", post.method());
        assertEquals("/api/apps/app1/entities/Task", post.rawPath());
        assertEquals("{\"title\":\"Write docs\"}", post.text());
        assertEquals("r2", created.get("id"));

        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("status", null);
        server.respondJson("{\"id\":\"r2\"}");
        tasks.update("r2", patch);
        RecordingServer.Recorded put = server.take();
        assertEquals("PUT", put.method());
        assertEquals("/api/apps/app1/entities/Task/r2", put.rawPath());
        assertEquals("{\"status\":null}", put.text(), "explicit nulls in maps are sent");

        server.respondJson("{\"success\":true}");
        assertTrue(tasks.delete("r2").success());
        RecordingServer.Recorded del = server.take();
        assertEquals("DELETE", del.method());
        assertEquals("/api/apps/app1/entities/Task/r2", del.rawPath());
    }

    @Test
    void idsAndNamesArePercentEncodedSoTheyCannotChangeThePath() {
        server.respondJson("{}");
        tasks.get("a/b?c");
        assertEquals("/api/apps/app1/entities/Task/a%2Fb%3Fc", server.take().rawPath());
    }

    @Test
    void deleteManySendsTheFilterAsBody() {
        server.respondJson("{\"success\":true,\"deleted\":3}");
        DeleteManyResult r = tasks.deleteMany(Map.of("status", "done"));
        RecordingServer.Recorded req = server.take();
        assertEquals("DELETE", req.method());
        assertEquals("/api/apps/app1/entities/Task", req.rawPath());
        assertEquals("{\"status\":\"done\"}", req.text());
        assertEquals(new DeleteManyResult(true, 3), r);
    }

    @Test
    void bulkOperations() {
        server.respond(201, "[{\"id\":\"1\"},{\"id\":\"2\"}]");
        assertEquals(2, tasks.bulkCreate(List.of(Map.of("title", "a"), Map.of("title", "b"))).size());
        RecordingServer.Recorded create = server.take();
        assertEquals("POST", create.method());
        assertEquals("/api/apps/app1/entities/Task/bulk", create.rawPath());
        assertEquals("[{\"title\":\"a\"},{\"title\":\"b\"}]", create.text());

        server.respondJson("[{\"id\":\"1\"}]");
        tasks.bulkUpdate(List.of(Map.of("id", "1", "title", "c")));
        RecordingServer.Recorded update = server.take();
        assertEquals("PUT", update.method());
        assertEquals("/api/apps/app1/entities/Task/bulk", update.rawPath());

        server.respondJson("{\"success\":true,\"updated\":2,\"has_more\":true}");
        UpdateManyResult many = tasks.updateMany(Map.of("status", "open"), Map.of("$set", Map.of("status", "done")));
        RecordingServer.Recorded patch = server.take();
        assertEquals("PATCH", patch.method());
        assertEquals("/api/apps/app1/entities/Task/update-many", patch.rawPath());
        assertEquals("{\"query\":{\"status\":\"open\"},\"data\":{\"$set\":{\"status\":\"done\"}}}", patch.text());
        assertEquals(new UpdateManyResult(true, 2, true), many);
    }

    @Test
    void countOmitsQWithoutQuery() {
        server.respondJson("{\"count\":7}");
        assertEquals(7, tasks.count());
        RecordingServer.Recorded r = server.take();
        assertEquals("/api/apps/app1/entities/Task/count", r.rawPath());
        assertNull(r.rawQuery());

        server.respondJson("{\"count\":2}");
        assertEquals(2, tasks.count(Map.of("status", "open")));
        assertEquals("{\"status\":\"open\"}", server.take().query().get("q"));
    }

    @Test
    void aggregateSendsTheSpecAsGiven() {
        server.respondJson("{\"rows\":[{\"status\":\"open\",\"count\":2}],\"truncated\":false}");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("groupBy", "status");
        spec.put("countDistinct", "owner");
        AggregateResult r = tasks.aggregate(spec);
        RecordingServer.Recorded req = server.take();
        assertEquals("POST", req.method());
        assertEquals("/api/apps/app1/entities/Task/aggregate", req.rawPath());
        assertEquals("{\"groupBy\":\"status\",\"countDistinct\":\"owner\"}", req.text());
        assertEquals(List.of(Map.of("status", "open", "count", 2)), r.rows());
        assertFalse(r.truncated());
    }

    @Test
    void upsertWithSingleAndCompoundKey() {
        server.respondJson("{\"created\":1,\"updated\":1,\"records\":[{\"id\":\"1\"},{\"id\":\"2\"}]}");
        UpsertResult<Map<String, Object>> r = tasks.upsert(List.of(Map.of("sku", "a")), "sku");
        RecordingServer.Recorded req = server.take();
        assertEquals("/api/apps/app1/entities/Task/upsert", req.rawPath());
        assertEquals("{\"records\":[{\"sku\":\"a\"}],\"key\":\"sku\"}", req.text());
        assertEquals(1, r.created());
        assertEquals(2, r.records().size());

        server.respondJson("{\"created\":0,\"updated\":0,\"records\":[]}");
        tasks.upsert(List.of(), List.of("a", "b"));
        assertEquals("{\"records\":[],\"key\":[\"a\",\"b\"]}", server.take().text());
    }

    @Test
    void importEntitiesSendsMultipartFilePart(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("tasks.csv");
        Files.writeString(csv, "title\nA\n");
        server.respondJson("{\"status\":\"success\",\"details\":\"ok\",\"output\":[{\"id\":\"1\",\"title\":\"A\"}]}");
        ImportResult<Map<String, Object>> r = tasks.importEntities(csv);
        RecordingServer.Recorded req = server.take();
        assertEquals("POST", req.method());
        assertEquals("/api/apps/app1/entities/Task/import", req.rawPath());
        assertTrue(req.header("Content-Type").startsWith("multipart/form-data; boundary="));
        String body = req.text();
        assertTrue(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"tasks.csv\""), body);
        assertTrue(body.contains("\r\n\r\ntitle\nA\n\r\n"), body);
        assertTrue(r.isSuccess());
        assertEquals("A", r.output().get(0).get("title"));
    }

    @Test
    void typedRecordsAreConvertedBothWays() {
        EntityHandler<Task> typed = client.entities("Task", Task.class);
        server.respondJson("[{\"id\":\"1\",\"title\":\"a\",\"status\":\"open\",\"priority\":2,\"created_date\":\"x\"}]");
        assertEquals(List.of(new Task("1", "a", "open", 2)), typed.list());
        server.take();

        server.respondJson("{\"id\":\"9\",\"title\":\"b\"}");
        Task created = typed.create(new Task(null, "b", null, null));
        assertEquals("{\"title\":\"b\"}", server.take().text(), "null record components are not sent");
        assertEquals(new Task("9", "b", null, null), created);

        server.respondJson("{\"items\":[{\"id\":\"1\",\"title\":\"a\"}],\"next_cursor\":null,\"has_more\":false}");
        assertEquals("a", typed.list(ListOptions.defaults()).items().get(0).title());
    }

    @Test
    void pojosWork() {
        server.respondJson("{\"id\":\"n1\",\"text\":\"hello\"}");
        Note note = client.entities("Note", Note.class).get("n1");
        assertEquals("hello", note.getText());
    }

    @Test
    void responseThatDoesNotFitTheTypeIsABase44Exception() {
        server.respondJson("[{\"priority\":\"not a number\"}]");
        Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task", Task.class).list());
        assertEquals("INVALID_RESPONSE", e.code());
    }

    @Test
    void badNamesAndIdsAreRejectedBeforeAnyRequest() throws InterruptedException {
        assertThrows(IllegalArgumentException.class, () -> client.entities(null));
        assertThrows(IllegalArgumentException.class, () -> client.entities(" "));
        assertThrows(IllegalArgumentException.class, () -> client.entities("Task", null));
        assertThrows(IllegalArgumentException.class, () -> tasks.get(null));
        assertThrows(IllegalArgumentException.class, () -> tasks.get(""));
        assertThrows(IllegalArgumentException.class, () -> tasks.update(" ", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> tasks.delete(null));
        assertThrows(IllegalArgumentException.class, () -> tasks.create(null));
        assertThrows(IllegalArgumentException.class, () -> tasks.distinct(""));
        assertThrows(IllegalArgumentException.class, () -> tasks.upsert(List.of(), List.of()));
        assertNull(server.poll(100));
    }
}

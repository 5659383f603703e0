package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Update many (api-contract §4.11) and import (§4.15) over real HTTP, on SQLite and PostgreSQL:
 * every update operator, the 400s of a bad update document, the 500-record batch, all-or-nothing
 * validation, row rules, CSV and JSON imports with coercion, bad rows, the upload limit.
 */
class UpdateManyImportApiTest {
    private static final String ITEMS = "/api/apps/apitest/entities/Item";
    private static final String RLS = "/api/apps/rlstest/entities/";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String BOUNDARY = "----homebase-test-boundary";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void everyOperatorAndNestedPaths(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("apitest", kind)) {
            String id = create(server, "{\"title\":\"a\",\"count\":1,\"price\":2,\"tags\":[\"x\",\"y\",\"x\"],\"meta\":{\"color\":\"red\"}}");
            create(server, "{\"title\":\"other\"}");

            JsonNode r = updateMany(server, "{\"title\":\"a\"}",
                    "{\"$set\":{\"meta.color\":\"blue\"},\"$inc\":{\"count\":2},\"$mul\":{\"price\":1.5},\"$push\":{\"tags\":{\"$each\":[\"z\",\"z\"]}}}");
            assertEquals(1, r.get("updated").asInt());
            assertFalse(r.get("has_more").asBoolean());
            JsonNode a = get(server, id);
            assertEquals("blue", a.at("/meta/color").asText());
            assertEquals(3, a.get("count").asInt());
            assertEquals(3.0, a.get("price").asDouble());
            assertEquals("[\"x\",\"y\",\"x\",\"z\",\"z\"]", a.get("tags").toString());

            updateMany(server, "{\"title\":\"a\"}",
                    "{\"$unset\":{\"meta.color\":\"\"},\"$min\":{\"count\":2},\"$max\":{\"price\":10},\"$addToSet\":{\"tags\":{\"$each\":[\"x\",\"w\"]}}}");
            a = get(server, id);
            assertFalse(a.get("meta").has("color"), a.toString());
            assertEquals(2, a.get("count").asInt());
            assertEquals(10, a.get("price").asInt());
            assertEquals("[\"x\",\"y\",\"x\",\"z\",\"z\",\"w\"]", a.get("tags").toString());

            updateMany(server, "{\"title\":\"a\"}", "{\"$pull\":{\"tags\":\"x\"}}");
            assertEquals("[\"y\",\"z\",\"z\",\"w\"]", get(server, id).get("tags").toString());

            updateMany(server, "{\"title\":\"a\"}", "{\"$pull\":{\"tags\":{\"$in\":[\"z\",\"w\"]}},\"$max\":{\"meta.color\":\"green\"}}");
            a = get(server, id);
            assertEquals("[\"y\"]", a.get("tags").toString());
            assertEquals("green", a.at("/meta/color").asText(), "$max on a missing nested field sets it");

            updateMany(server, "{\"title\":\"a\"}", "{\"$rename\":{\"price\":\"count\"},\"$currentDate\":{\"title\":true}}");
            a = get(server, id);
            assertFalse(a.has("price"));
            assertEquals(10, a.get("count").asInt());
            assertTrue(a.get("title").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}"), a.toString());

            // $inc and $mul treat a missing field as 0; the other record had no count or price.
            r = updateMany(server, "{\"title\":\"other\"}", "{\"$inc\":{\"count\":5},\"$mul\":{\"price\":3}}");
            assertEquals(1, r.get("updated").asInt());
            JsonNode other = server.send("GET", ITEMS + "?q=" + q("{\"title\":\"other\"}"), null).json().get(0);
            assertEquals(5, other.get("count").asInt());
            assertEquals(0, other.get("price").asInt());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void badUpdateDocumentsAre400(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("apitest", kind)) {
            create(server, "{\"title\":\"a\",\"count\":1,\"meta\":{\"color\":\"red\"}}");
            Map<String, String> bad = Map.of(
                    "same field twice", "{\"$set\":{\"count\":2},\"$inc\":{\"count\":1}}",
                    "nested field in two operators", "{\"$set\":{\"meta\":{}},\"$unset\":{\"meta.color\":\"\"}}",
                    "no operator", "{\"count\":2}",
                    "empty data", "{}",
                    "unknown operator", "{\"$setOnInsert\":{\"count\":2}}",
                    "rename onto a system field", "{\"$rename\":{\"title\":\"id\"}}",
                    "rename from a system field", "{\"$rename\":{\"created_date\":\"title\"}}",
                    "inc by a string", "{\"$inc\":{\"count\":\"2\"}}",
                    "invalid path", "{\"$set\":{\"a..b\":1}}",
                    "inc of a string value", "{\"$inc\":{\"title\":1}}");
            for (Map.Entry<String, String> e : bad.entrySet()) {
                TestServer.Response res = server.send("PATCH", ITEMS + "/update-many", "{\"query\":{},\"data\":" + e.getValue() + "}");
                assertEquals(400, res.status(), () -> e.getKey() + ": " + res.body());
                assertTrue(res.json().get("message").isTextual(), e.getKey());
            }
            assertEquals(400, server.send("PATCH", ITEMS + "/update-many", "{\"query\":{}}").status(), "missing data");
            assertEquals(400, server.send("PATCH", ITEMS + "/update-many", "{\"data\":{\"$rename\":{\"count\":\"cost\"}}}").status(),
                    "a rename onto an undeclared field would lose the value");
            assertEquals(400, server.send("PATCH", ITEMS + "/update-many", "{\"query\":[1],\"data\":{\"$set\":{\"count\":2}}}").status());
            JsonNode item = server.send("GET", ITEMS, null).json().get(0);
            assertEquals(1, item.get("count").asInt(), "nothing changed");
            assertEquals("red", item.at("/meta/color").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void batchesOf500WithHasMore(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("apitest", kind)) {
            StringBuilder bulk = new StringBuilder("[");
            for (int i = 0; i < 600; i++) bulk.append(i == 0 ? "" : ",").append("{\"title\":\"r").append(i).append("\"}");
            assertEquals(201, server.send("POST", ITEMS + "/bulk", bulk.append("]").toString()).status());
            String query = "{\"price\":{\"$ne\":1}}";
            JsonNode first = updateMany(server, query, "{\"$set\":{\"price\":1}}");
            assertEquals(500, first.get("updated").asInt());
            assertTrue(first.get("has_more").asBoolean());
            assertEquals(500, count(server, "{\"price\":1}"));
            JsonNode second = updateMany(server, query, "{\"$set\":{\"price\":1}}");
            assertEquals(100, second.get("updated").asInt());
            assertFalse(second.get("has_more").asBoolean());
            JsonNode third = updateMany(server, query, "{\"$set\":{\"price\":1}}");
            assertEquals(0, third.get("updated").asInt());
            assertEquals(600, count(server, "{\"price\":1}"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anInvalidResultAbortsTheWholeBatch(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("apitest", kind)) {
            String a = create(server, "{\"title\":\"a\",\"count\":5}");
            String b = create(server, "{\"title\":\"b\",\"count\":6}");
            create(server, "{\"title\":\"c\"}");
            // $min keeps the numbers of a and b and would write the string into c's missing count.
            TestServer.Response res = server.send("PATCH", ITEMS + "/update-many",
                    "{\"query\":{},\"data\":{\"$min\":{\"count\":\"zzz\"},\"$set\":{\"price\":9}}}");
            assertEquals(422, res.status(), res.body());
            assertEquals("Error in field count: Input should be a valid integer", res.json().get("message").asText());
            assertEquals(0, count(server, "{\"price\":9}"), "nothing was written");
            JsonNode first = get(server, a);
            assertEquals(first.get("created_date").asText(), first.get("updated_date").asText());
            assertEquals(6, get(server, b).get("count").asInt());
            // Removing a required field is invalid too.
            assertEquals(422, server.send("PATCH", ITEMS + "/update-many", "{\"query\":{},\"data\":{\"$unset\":{\"title\":\"\"}}}").status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theUpdateRuleLimitsWhatIsUpdated(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("rlstest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String admin = server.send("POST", "/api/apps/rlstest/auth/login",
                    "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").json().get("access_token").asText();
            String service = server.serviceToken();
            assertEquals(201, server.sendAs(service, "POST", RLS + "Note", "{\"title\":\"service note\"}").status());
            assertEquals(201, server.sendAs(admin, "POST", RLS + "Note", "{\"title\":\"admin note\"}").status());
            String body = "{\"query\":{},\"data\":{\"$set\":{\"team\":\"blue\"}}}";

            TestServer.Response anonymous = server.sendAs(null, "PATCH", RLS + "Note/update-many", body);
            assertEquals(200, anonymous.status(), anonymous.body());
            assertEquals(0, anonymous.json().get("updated").asInt());

            TestServer.Response byAdmin = server.sendAs(admin, "PATCH", RLS + "Note/update-many",
                    "{\"query\":{},\"data\":{\"$set\":{\"team\":\"red\"}}}");
            assertEquals(1, byAdmin.json().get("updated").asInt(), byAdmin.body());
            JsonNode notes = server.sendAs(service, "GET", RLS + "Note?q=" + q("{\"team\":\"red\"}"), null).json();
            assertEquals(1, notes.size());
            assertEquals("admin note", notes.get(0).get("title").asText());

            TestServer.Response byService = server.sendAs(service, "PATCH", RLS + "Note/update-many", body);
            assertEquals(2, byService.json().get("updated").asInt(), byService.body());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void importsCsvWithQuotingAndCoercion(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("apitest", kind)) {
            String csv = "\uFEFFtitle,count,price,tags,meta\r\n"
                    + "\"Hello, world\",2,2.5,\"[\"\"a\"\",\"\"b\"\"]\",\"{\"\"color\"\":\"\"red\"\"}\"\r\n"
                    + "\"multi\nline \"\"quoted\"\"\",,7,,\r\n"
                    + "\r\n"
                    + "plain,10\n";
            TestServer.Response res = upload(server, ITEMS + "/import", "items.csv", "text/csv", csv, null);
            assertEquals(200, res.status(), res.body());
            JsonNode body = res.json();
            assertEquals("success", body.get("status").asText(), res.body());
            assertEquals("Successfully imported 3 entities with RLS enforcement", body.get("details").asText());
            JsonNode out = body.get("output");
            assertEquals(3, out.size());
            assertEquals("Hello, world", out.get(0).get("title").asText());
            assertTrue(out.get(0).get("count").isIntegralNumber(), out.get(0).toString());
            assertEquals(2, out.get(0).get("count").asInt());
            assertEquals(2.5, out.get(0).get("price").asDouble());
            assertEquals("[\"a\",\"b\"]", out.get(0).get("tags").toString());
            assertEquals("red", out.get(0).at("/meta/color").asText());
            assertEquals("multi\nline \"quoted\"", out.get(1).get("title").asText());
            assertFalse(out.get(1).has("count"), "an empty cell is absent");
            assertEquals(7, out.get(1).get("price").asInt());
            assertEquals(10, out.get(2).get("count").asInt());
            assertEquals(3, count(server, "{}"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void importsJsonArraysAndRefusesBadRows(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("apitest", kind)) {
            TestServer.Response res = upload(server, ITEMS + "/import", "items.json", "application/json",
                    "[{\"title\":\"j1\",\"count\":\"4\"},{\"title\":\"j2\",\"tags\":[\"t\"]}]", null);
            assertEquals("success", res.json().get("status").asText(), res.body());
            assertEquals(4, res.json().at("/output/0/count").asInt());
            assertEquals(2, count(server, "{}"));

            // Sniffed as JSON without a filename extension or content type.
            res = upload(server, ITEMS + "/import", "upload", "application/octet-stream", "  [{\"title\":\"j3\"}]", null);
            assertEquals("success", res.json().get("status").asText(), res.body());
            assertEquals(3, count(server, "{}"));

            String csv = "title,price\nok,1\nalso ok,2\nbad,abc\nnever,3\n";
            res = upload(server, ITEMS + "/import", "items.csv", "text/csv", csv, null);
            assertEquals(200, res.status(), res.body());
            assertEquals("error", res.json().get("status").asText(), res.body());
            assertEquals("Row 3: Error in field price: Input should be a valid number", res.json().get("details").asText());
            assertTrue(res.json().get("output").isNull());
            assertEquals(3, count(server, "{}"), "nothing from the bad file was written");

            res = upload(server, ITEMS + "/import", "items.csv", "text/csv", "title,price\nok,1\n,2\n", null);
            assertEquals("Row 2: Error in field title: Field required", res.json().get("details").asText());
            res = upload(server, ITEMS + "/import", "items.csv", "text/csv", "title\n\"unclosed\n", null);
            assertEquals("error", res.json().get("status").asText());
            assertTrue(res.json().get("details").asText().startsWith("Row 1: "), res.body());
            res = upload(server, ITEMS + "/import", "items.json", "application/json", "{\"title\":\"x\"}", null);
            assertEquals("error", res.json().get("status").asText());
            assertEquals(3, count(server, "{}"));

            TestServer.Response noFile = server.send("POST", ITEMS + "/import", "--" + BOUNDARY + "--\r\n",
                    Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY));
            assertEquals(400, noFile.status(), noFile.body());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void importRespectsTheCreateRuleAndTheUploadLimit(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("rlstest", kind)) {
            TestServer.Response refused = upload(server, RLS + "Bulletin/import", "b.csv", "text/csv", "text\nhello\n", null);
            assertEquals(403, refused.status(), refused.body());
            String service = server.serviceToken();
            TestServer.Response allowed = upload(server, RLS + "Bulletin/import", "b.csv", "text/csv", "text\nhello\n", service);
            assertEquals("success", allowed.json().get("status").asText(), allowed.body());

            // An upload that declares more than 50 MB is refused before its body is read.
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + RLS + "Bulletin/import HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                        + "Content-Length: " + (50L * 1024 * 1024 + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 413", status);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void fieldUpdateRulesDropForbiddenFields(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("rlstest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String user = server.send("POST", "/api/apps/rlstest/auth/login",
                    "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").json().get("access_token").asText();
            String memos = RLS + "Memo";
            assertEquals(201, server.sendAs(user, "POST", memos, "{\"title\":\"open\",\"locked\":\"a\",\"score\":1}").status());
            JsonNode r = server.sendAs(user, "PATCH", memos + "/update-many", "{\"data\":{\"$set\":{\"locked\":\"b\",\"score\":2}}}").json();
            assertEquals(1, r.get("updated").asInt(), r.toString());
            JsonNode memo = server.send("GET", memos, null).json().get(0);
            assertEquals("a", memo.get("locked").asText(), "an update rule of false drops the field");
            assertEquals(2, memo.get("score").asInt());
            // The rule sees the record after the change: closing the memo freezes its score.
            server.sendAs(user, "PATCH", memos + "/update-many", "{\"data\":{\"$set\":{\"title\":\"closed\"},\"$inc\":{\"score\":1}}}");
            memo = server.send("GET", memos, null).json().get(0);
            assertEquals("closed", memo.get("title").asText());
            assertEquals(2, memo.get("score").asInt());
            // The service role is exempt.
            server.sendAs(server.serviceToken(), "PATCH", memos + "/update-many", "{\"data\":{\"$set\":{\"locked\":\"c\"}}}");
            assertEquals("c", server.send("GET", memos, null).json().get(0).get("locked").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void publishesOneEventPerRecord(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("rlstest", kind)) {
            Socket socket = null;
            try {
                BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
                socket = subscribe(server, "Memo", events);
                TestServer.Response imported = upload(server, RLS + "Memo/import", "m.csv", "text/csv", "title\nm1\nm2\n", null);
                assertEquals("success", imported.json().get("status").asText(), imported.body());
                for (int i = 0; i < 2; i++) assertEquals("create", next(events).get("type").asText());
                server.sendAs(server.serviceToken(), "PATCH", RLS + "Memo/update-many", "{\"data\":{\"$set\":{\"locked\":\"x\"}}}");
                for (int i = 0; i < 2; i++) {
                    JsonNode e = next(events);
                    assertEquals("update", e.get("type").asText());
                    assertEquals("x", e.at("/data/locked").asText(), e.toString());
                }
                assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS));
            } finally {
                if (socket != null) socket.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aStreamedUploadOverTheLimitIs413(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("apitest", kind)) {
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\ntitle\n").getBytes(StandardCharsets.US_ASCII);
            long total = 51L * 1024 * 1024;
            InputStream body = new InputStream() {
                private long sent;

                @Override
                public int read() {
                    if (sent >= total) return -1;
                    return sent < head.length ? head[(int) sent++] : (sent++ % 64 == 63 ? '\n' : 'x');
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent >= total) return -1;
                    int n = 0;
                    while (n < len && sent < total) b[off + n++] = (byte) read();
                    return n;
                }
            };
            // No Content-Length: Jetty counts the bytes as it reads them.
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + ITEMS + "/import"))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            assertEquals(413, status);
            assertEquals(0, count(server, "{}"));
        }
    }

    // ---- helpers ----

    private static Socket subscribe(TestServer server, String entity, BlockingQueue<JsonNode> events) throws Exception {
        IO.Options options = IO.Options.builder().setPath("/ws-user-apps/socket.io/").setTransports(new String[] {WebSocket.NAME})
                .setQuery("app_id=rlstest&token=null").setForceNew(true).setReconnection(false).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        BlockingQueue<String> connected = new LinkedBlockingQueue<>();
        socket.on(Socket.EVENT_CONNECT, a -> {
            connected.add("ok");
            socket.emit("join", "entities:rlstest:" + entity);
        });
        socket.on("update_model", args -> {
            try {
                events.add(Json.parse(((JSONObject) args[0]).getString("data")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int before = server.app().realtime().stats().roomMemberships();
        socket.connect();
        assertEquals("ok", connected.poll(5, TimeUnit.SECONDS));
        long deadline = System.currentTimeMillis() + 5000;
        while (server.app().realtime().stats().roomMemberships() <= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return socket;
    }

    private static JsonNode next(BlockingQueue<JsonNode> events) throws InterruptedException {
        JsonNode e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event within 5 s");
        return e;
    }

    private static String create(TestServer server, String body) {
        TestServer.Response res = server.send("POST", ITEMS, body);
        assertEquals(201, res.status(), res.body());
        return res.json().get("id").asText();
    }

    private static JsonNode get(TestServer server, String id) {
        return server.send("GET", ITEMS + "/" + id, null).json();
    }

    private static JsonNode updateMany(TestServer server, String query, String data) {
        TestServer.Response res = server.send("PATCH", ITEMS + "/update-many", "{\"query\":" + query + ",\"data\":" + data + "}");
        assertEquals(200, res.status(), res.body());
        assertTrue(res.json().get("success").asBoolean());
        return res.json();
    }

    private static int count(TestServer server, String query) {
        return server.send("GET", ITEMS + "/count?q=" + q(query), null).json().get("count").asInt();
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** A multipart upload with one file part named {@code file}. */
    private static TestServer.Response upload(TestServer server, String path, String filename, String contentType, String content,
                                              String token) {
        String body = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n"
                + content + "\r\n"
                + "--" + BOUNDARY + "--\r\n";
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY));
        if (token != null) headers.put("Authorization", "Bearer " + token);
        return server.send("POST", path, body, headers);
    }
}

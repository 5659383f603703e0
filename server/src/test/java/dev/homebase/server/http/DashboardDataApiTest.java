package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Data page's export ({@code GET /api/apps/{appId}/dashboard/entities/{entity}/export}) over real HTTP on SQLite
 * and PostgreSQL: admins and the service role only; CSV and JSON with a filter and a sort over several of its
 * 500-record pages; RFC 4180 quoting of commas, quotes, line breaks and non-ASCII text; and the round trip through
 * the apps' import route ({@code POST .../entities/{entity}/import}) into an empty entity, which gives back equal
 * records, or nothing at all when one row is bad.
 */
class DashboardDataApiTest {
    private static final String APP = "transfertest";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String BOUNDARY = "----homebase-transfer-boundary";
    /** More than two export pages ({@link DashboardDataApi#PAGE}) match the filter {@code qty >= 100}. */
    private static final int ROWS = 1234;
    /** A note that needs every kind of CSV quoting, and characters beyond ASCII. */
    private static final String NOTE = "Grüße, \"quoted\"\nsecond line ✓ 日本 😀\r\nthird";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlyAdminsAndTheServiceRoleExport(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String path = export("Ledger", "csv", null, null);
            String user = user(server);
            HttpResponse<byte[]> anonymous = get(server, null, path);
            assertEquals(401, anonymous.statusCode());
            assertTrue(json(anonymous).hasNonNull("message"));
            assertEquals(401, get(server, "not-a-token", path).statusCode());
            HttpResponse<byte[]> refused = get(server, user, path);
            assertEquals(403, refused.statusCode());
            assertEquals("Only app admins can use the dashboard", json(refused).get("message").asText());
            // The user may read the records through the apps' API: the refusal is the export's own.
            assertEquals(200, server.sendAs(user, "GET", "/api/apps/" + APP + "/entities/Ledger", null).status());

            String admin = server.login(APP, ADMIN, PASSWORD);
            assertEquals(200, get(server, admin, path).statusCode());
            assertEquals(200, get(server, server.serviceToken(), path).statusCode());

            // Bad requests are JSON errors with a message, before any file is sent.
            Map<String, Integer> bad = Map.of(
                    export("Nope", "csv", null, null), 404,
                    export("User", "csv", null, null), 404,
                    export("Ledger", "xml", null, null), 400,
                    export("Ledger", "csv", "{not json", null), 400,
                    export("Ledger", "csv", "{\"qty\": {\"$bogus\": 1}}", null), 400,
                    export("Ledger", "csv", null, "-nosuchfield"), 400,
                    "/api/apps/nope/dashboard/entities/Ledger/export", 404);
            for (var e : bad.entrySet()) {
                HttpResponse<byte[]> r = get(server, admin, e.getKey());
                assertEquals(e.getValue(), r.statusCode(), e.getKey());
                assertTrue(json(r).hasNonNull("message"), e.getKey());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void exportsCsvAndJsonWithAFilterAndASortOverSeveralPages(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            long started = System.nanoTime();
            seed(server, "Ledger");
            long seeded = System.nanoTime();
            String admin = server.login(APP, ADMIN, PASSWORD);
            String filter = "{\"qty\": {\"$gte\": 100}}";

            long asked = System.nanoTime();
            HttpResponse<byte[]> csv = get(server, admin, export("Ledger", "csv", filter, "-qty"));
            System.out.printf("%s: seeding %d rows %d ms, CSV export of %d rows (%d bytes) %d ms%n", kind, ROWS,
                    (seeded - started) / 1_000_000, ROWS - 100, csv.body().length, (System.nanoTime() - asked) / 1_000_000);
            assertEquals(200, csv.statusCode(), new String(csv.body(), StandardCharsets.UTF_8));
            assertEquals("text/csv;charset=utf-8", csv.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
            assertEquals("attachment; filename=\"Ledger.csv\"", csv.headers().firstValue("Content-Disposition").orElse(""));
            assertEquals('i', csv.body()[0], "UTF-8 without a byte-order mark");
            assertTrue(csv.headers().firstValue("Content-Length").isEmpty(), "streamed (chunked), not sized up front");
            String text = new String(csv.body(), StandardCharsets.UTF_8);
            assertTrue(text.contains("\"Grüße, \"\"quoted\"\"\nsecond line ✓ 日本 😀\r\nthird\""), "RFC 4180 quoting of the note");
            List<List<String>> rows = parseCsv(text);
            assertEquals(List.of("id", "title", "amount", "qty", "paid", "tags", "meta", "due", "note", "created_date", "updated_date",
                    "created_by"), rows.getFirst());
            assertEquals(ROWS - 100 + 1, rows.size(), "the header and every match, across pages");
            for (int i = 1; i < rows.size(); i++) {
                int qty = ROWS - i;
                List<String> row = rows.get(i);
                assertEquals(String.format("row-%04d", qty), row.get(1), "descending qty");
                assertEquals(Json.write(Json.MAPPER.getNodeFactory().numberNode(qty * 0.5)), row.get(2));
                assertEquals(Integer.toString(qty), row.get(3));
                assertEquals(Boolean.toString(qty % 2 == 0), row.get(4));
                assertEquals("[\"a\",\"b, c\"]", row.get(5));
                assertEquals(qty % 3 == 0 ? "" : "{\"color\":\"red\"}", row.get(6), "a missing object is an empty cell");
                assertEquals("2026-01-15", row.get(7));
                assertEquals(qty % 10 == 0 ? NOTE : "", row.get(8));
                assertTrue(row.get(0).matches("[0-9a-f]{24}"), row.get(0));
                assertTrue(row.get(9).startsWith("20"), row.get(9));
                assertEquals("service@homebase.local", row.get(11));
            }

            HttpResponse<byte[]> json = get(server, admin, export("Ledger", "json", filter, "title"));
            assertEquals(200, json.statusCode());
            assertEquals("application/json;charset=utf-8", json.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
            assertEquals("attachment; filename=\"Ledger.json\"", json.headers().firstValue("Content-Disposition").orElse(""));
            JsonNode array = json(json);
            assertEquals(ROWS - 100, array.size());
            for (int i = 0; i < array.size(); i++) {
                assertEquals(String.format("row-%04d", 100 + i), array.get(i).get("title").asText(), "ascending title");
            }
            JsonNode noted = array.get(0);
            assertEquals(NOTE, noted.get("note").asText());
            TestServer.Response one = server.sendAs(admin, "GET", "/api/apps/" + APP + "/entities/Ledger/" + noted.get("id").asText(), null);
            assertEquals(one.json(), noted, "the JSON export holds the records as the API returns them");

            // Nothing matches: the header alone, an empty array.
            String none = "{\"qty\": {\"$lt\": 0}}";
            assertEquals("id,title,amount,qty,paid,tags,meta,due,note,created_date,updated_date,created_by\r\n",
                    new String(get(server, admin, export("Ledger", "csv", none, null)).body(), StandardCharsets.UTF_8));
            assertEquals(0, json(get(server, admin, export("Ledger", "json", none, null))).size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anExportImportedIntoAnEmptyEntityGivesBackEqualRecords(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            seed(server, "Ledger");
            String admin = server.login(APP, ADMIN, PASSWORD);
            String service = server.serviceToken();
            List<JsonNode> original = fields(server, service, "Ledger");

            for (String format : new String[] {"csv", "json"}) {
                String file = new String(get(server, admin, export("Ledger", format, null, null)).body(), StandardCharsets.UTF_8);
                TestServer.Response imported = upload(server, admin, "LedgerCopy", "ledger." + format, file);
                assertEquals(200, imported.status(), imported.body());
                assertEquals("success", imported.json().get("status").asText(), imported.body());
                assertEquals(ROWS, imported.json().get("output").size());
                assertEquals(original, fields(server, service, "LedgerCopy"), format + " round trip");
                assertEquals(ADMIN, imported.json().get("output").get(0).get("created_by").asText(), "the importer creates them");
                TestServer.Response cleared = server.sendAs(service, "DELETE", "/api/apps/" + APP + "/entities/LedgerCopy", "{}");
                assertEquals(ROWS, cleared.json().get("deleted").asInt());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aBadRowIsNamedAndNothingIsWritten(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String admin = server.login(APP, ADMIN, PASSWORD);
            String csv = "title,qty,paid\r\nfirst,1,true\r\nsecond,lots,false\r\nthird,3,false\r\n";
            TestServer.Response refused = upload(server, admin, "LedgerCopy", "bad.csv", csv);
            assertEquals(200, refused.status(), refused.body());
            assertEquals("error", refused.json().get("status").asText(), refused.body());
            assertEquals("Row 2: Error in field qty: Input should be a valid integer", refused.json().get("details").asText());
            assertEquals(0, count(server, admin, "LedgerCopy"), "all or nothing");

            TestServer.Response fixed = upload(server, admin, "LedgerCopy", "good.csv", csv.replace("lots", "2"));
            assertEquals("success", fixed.json().get("status").asText(), fixed.body());
            assertEquals(3, count(server, admin, "LedgerCopy"));
        }
    }

    /** {@link #ROWS} records in {@code entity}, created by the service role: qty 0..ROWS-1 and every field type. */
    private static void seed(TestServer server, String entity) {
        String service = server.serviceToken();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (int i = 0; i < ROWS; i++) {
            ObjectNode r = rows.addObject();
            r.put("title", String.format("row-%04d", i));
            r.put("amount", i * 0.5);
            r.put("qty", i);
            r.put("paid", i % 2 == 0);
            r.putArray("tags").add("a").add("b, c");
            if (i % 3 != 0) r.putObject("meta").put("color", "red");
            r.put("due", "2026-01-15");
            if (i % 10 == 0) r.put("note", NOTE);
        }
        TestServer.Response created = server.sendAs(service, "POST", "/api/apps/" + APP + "/entities/" + entity + "/bulk", Json.write(rows));
        assertEquals(201, created.status(), created.body());
    }

    /** Every record of {@code entity} by title, without the fields the platform assigns. */
    private static List<JsonNode> fields(TestServer server, String token, String entity) {
        TestServer.Response all = server.sendAs(token, "GET", "/api/apps/" + APP + "/entities/" + entity + "?sort=title", null);
        assertEquals(200, all.status(), all.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : all.json()) {
            ObjectNode copy = r.deepCopy();
            copy.remove(List.of("id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample"));
            out.add(copy);
        }
        return out;
    }

    private static int count(TestServer server, String token, String entity) {
        return server.sendAs(token, "GET", "/api/apps/" + APP + "/entities/" + entity + "/count", null).json().get("count").asInt();
    }

    private static String export(String entity, String format, String q, String sort) {
        StringBuilder path = new StringBuilder("/api/apps/" + APP + "/dashboard/entities/" + entity + "/export?format=" + format);
        if (q != null) path.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        if (sort != null) path.append("&sort=").append(URLEncoder.encode(sort, StandardCharsets.UTF_8));
        return path.toString();
    }

    private static HttpResponse<byte[]> get(TestServer server, String token, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return Json.parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** A multipart upload of one file part named {@code file} to the apps' import route. */
    private static TestServer.Response upload(TestServer server, String token, String entity, String filename, String content) {
        String body = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + content + "\r\n"
                + "--" + BOUNDARY + "--\r\n";
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY));
        if (token != null) headers.put("Authorization", "Bearer " + token);
        return server.send("POST", "/api/apps/" + APP + "/entities/" + entity + "/import", body, headers);
    }

    /** A verified user (role user), signed in; returns the token. */
    private static String user(TestServer server) {
        String hash = new dev.homebase.server.auth.Passwords(dev.homebase.server.auth.Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (dev.homebase.server.store.Database db = dev.homebase.server.store.Database.open(server.databaseUrl())) {
            db.useTx(c -> new dev.homebase.server.auth.UserStore(db.dialect()).insert(c, new dev.homebase.server.auth.UserRecord(APP,
                    "u-plain", "plain@example.test", "U", "user", hash, true, null, null, 0, "2025-01-01T00:00:00.000000",
                    "2025-01-01T00:00:00.000000")));
        }
        return server.login(APP, "plain@example.test", PASSWORD);
    }

    /** RFC 4180 rows (a test's own small reader, independent of the server's). */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertTrue(c != '\n' && c != '\r', "a bare line break outside quotes at " + i);
                cell.append(c);
            }
        }
        assertTrue(row.isEmpty() && cell.isEmpty(), "the file ends with CRLF");
        return rows;
    }
}

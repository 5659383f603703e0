package dev.homebase.server.http;

import dev.homebase.server.AppOptions;
import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.server.App;
import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.ai.ProviderStub;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.internal.Json;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.QueryLimits;
import dev.homebase.server.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ExtractDataFromUploadedFile} over real HTTP on SQLite and PostgreSQL, with two apps on one server and an
 * OpenAI-compatible provider stub: CSV, JSON and XLSX files (made here) mapped onto schemas without the model, with
 * coercion and its errors naming row and column; PDF (made with PDFBox), DOCX and images through the model; private
 * files behind signed URLs (tampered, expired, another app's); and the requests that are refused with a 4xx.
 */
class ExtractApiTest {
    private static final String APP = "aitest";
    private static final String OTHER = "aitest2";
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String ROWS = "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\"},\"price\":{\"type\":\"number\"},\"qty\":{\"type\":\"integer\"},"
            + "\"active\":{\"type\":\"boolean\"},\"added\":{\"type\":\"string\",\"format\":\"date\"}},\"required\":[\"name\"]}}";
    private static final String CSV = "Name,Price,qty,Active,added\r\n"
            + "Widget,12.50,3,yes,2026-03-01\r\n"
            + "\"Gadget, large\",7,10,FALSE,\r\n"
            + "\r\n"
            + "\"Multi\nline\",0.25,1,1,2026-04-02\r\n";

    private record Setup(App app, MediaClient client, TestClock clock, String user, String otherUser) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }

        HttpResponse<String> extract(String token, String fileUrl, String schema) {
            String body = "{\"file_url\":" + (fileUrl == null ? "null" : Json.write(fileUrl)) + ",\"json_schema\":" + schema + "}";
            return client.call(APP, "ExtractDataFromUploadedFile", token, body);
        }

        String upload(String fileName, byte[] bytes) {
            HttpResponse<String> r = client.upload(APP, "UploadFile", user, MediaClient.multipart("file", fileName, bytes));
            assertEquals(200, r.statusCode(), r.body());
            return json(r).get("file_url").asText();
        }
    }

    private static Setup start(TestDatabases.Kind kind, AiSettings ai) throws IOException {
        Path a = TestServer.copyFixture("aitest");
        Path b = TestServer.copyFixture("aitest");
        Files.writeString(b.resolve("base44/.app.jsonc"), "{ \"id\": \"" + OTHER + "\" }");
        Path data = TempDirs.create("homebase-data");
        TestClock clock = new TestClock();
        App app = App.start(new ServerConfig(List.of(a, b), "127.0.0.1", 0, data, TestDatabases.freshUrl(kind)),
                AppOptions.defaults().withAuth(TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withClock(clock)).withAi(ai)
                        .withFiles(FileSettings.defaults(data)).withIntegrationLimits(IntegrationLimits.DEFAULT));
        MediaClient client = new MediaClient(app.port());
        return new Setup(app, client, clock, login(client, APP), login(client, OTHER));
    }

    private static String login(MediaClient client, String appId) {
        HttpResponse<String> r = client.post("/api/apps/" + appId + "/auth/login", null,
                "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("access_token").asText();
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    /** The answer of a successful extraction: 200, status success, details null; returns output. */
    private static JsonNode success(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("success", body.get("status").asText(), r.body());
        assertTrue(body.get("details").isNull(), r.body());
        return body.get("output");
    }

    /** The details of a failed extraction: 200, status error, output null. */
    private static String failure(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("error", body.get("status").asText(), r.body());
        assertTrue(body.get("output").isNull(), r.body());
        return body.get("details").asText();
    }

    private static void refused(HttpResponse<String> r, int status, String messagePart) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(json(r).get("message").asText().contains(messagePart), r.body());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void tablesAreMappedOntoTheSchemaWithoutTheModel(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); Setup s = start(kind, stub.settings())) {
            String csv = s.upload("products.csv", CSV.getBytes(StandardCharsets.UTF_8));

            // An array schema gets the rows: headers matched ignoring case, values coerced, empty cells left out.
            JsonNode rows = success(s.extract(s.user(), csv, ROWS));
            assertEquals(3, rows.size(), rows.toString());
            assertEquals(Json.parse("{\"name\":\"Widget\",\"price\":12.5,\"qty\":3,\"active\":true,\"added\":\"2026-03-01\"}"), rows.get(0));
            assertEquals(Json.parse("{\"name\":\"Gadget, large\",\"price\":7,\"qty\":10,\"active\":false}"), rows.get(1));
            assertEquals("Multi\nline", rows.get(2).get("name").asText());
            assertTrue(rows.get(0).get("qty").isIntegralNumber());

            // An object schema whose one array property holds objects gets them there, also spread at the top level.
            String wrapped = "{\"type\":\"object\",\"properties\":{\"products\":" + ROWS + "}}";
            HttpResponse<String> r = s.extract(s.user(), csv, wrapped);
            JsonNode output = success(r);
            assertEquals(rows, output.get("products"));
            assertEquals(rows, json(r).get("products"), "object fields are spread at the top level too");

            // A value that cannot be coerced: status error naming the row and the column; nothing else.
            String bad = s.upload("bad.csv", "name,price\nA,1\nB,cheap\n".getBytes(StandardCharsets.UTF_8));
            String details = failure(s.extract(s.user(), bad, ROWS));
            assertTrue(details.contains("row 3, column \"price\"") && details.contains("\"cheap\" is not a number"), details);
            details = failure(s.extract(s.user(), s.upload("x.csv", "name,qty\nA,2.5\n".getBytes(StandardCharsets.UTF_8)), ROWS));
            assertTrue(details.contains("row 2, column \"qty\"") && details.contains("whole number"), details);
            details = failure(s.extract(s.user(), s.upload("y.csv", "price\n3\n".getBytes(StandardCharsets.UTF_8)), ROWS));
            assertTrue(details.contains("\"name\" is required"), details);

            // Semicolon-separated CSV (as spreadsheet programs in many locales save it), and a one-column list.
            JsonNode semi = success(s.extract(s.user(), s.upload("semi.csv", "name;price\nA;1.5\n".getBytes(StandardCharsets.UTF_8)), ROWS));
            assertEquals(1.5, semi.get(0).get("price").asDouble());
            JsonNode names = success(s.extract(s.user(), s.upload("names.csv", "email\na@x.test\nb@x.test\n".getBytes(StandardCharsets.UTF_8)),
                    "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
            assertEquals(Json.parse("[\"a@x.test\",\"b@x.test\"]"), names);

            // A one-row table onto a plain object schema; several rows without an array property: status error.
            String one = s.upload("one.csv", "invoice,total\nINV-1,99.9\n".getBytes(StandardCharsets.UTF_8));
            String objectSchema = "{\"type\":\"object\",\"properties\":{\"invoice\":{\"type\":\"string\"},\"total\":{\"type\":\"number\"}}}";
            r = s.extract(s.user(), one, objectSchema);
            assertEquals(99.9, success(r).get("total").asDouble());
            assertEquals("INV-1", json(r).get("invoice").asText());
            assertTrue(failure(s.extract(s.user(), csv, objectSchema)).contains("no array property"));

            // XLSX: the first sheet, its header row; numbers, booleans and dates keep their meaning.
            String xlsx = s.upload("products.xlsx", xlsx());
            JsonNode sheet = success(s.extract(s.user(), xlsx, ROWS));
            assertEquals(Json.parse("[{\"name\":\"Widget\",\"price\":12.5,\"qty\":3,\"active\":true,\"added\":\"2026-03-01\"},"
                    + "{\"name\":\"1001\",\"price\":7,\"qty\":10,\"active\":false}]"), sheet);
            details = failure(s.extract(s.user(), s.upload("broken.xlsx", "not a zip".getBytes(StandardCharsets.UTF_8)), ROWS));
            assertTrue(details.contains("XLSX"), details);

            // JSON: an array, or an object holding one; strings coerced to numbers.
            String jsonFile = s.upload("data.json", "{\"items\":[{\"name\":\"A\",\"price\":\"3.5\",\"qty\":2,\"extra\":1}]}".getBytes(StandardCharsets.UTF_8));
            assertEquals(Json.parse("[{\"name\":\"A\",\"price\":3.5,\"qty\":2}]"), success(s.extract(s.user(), jsonFile, ROWS)));
            details = failure(s.extract(s.user(), s.upload("bad.json", "{\"a\":".getBytes(StandardCharsets.UTF_8)), ROWS));
            assertTrue(details.contains("not valid JSON"), details);

            // Too many rows: status error naming the setting (default 10,000).
            StringBuilder big = new StringBuilder("name\n");
            for (int i = 0; i <= 10_000; i++) big.append('n').append(i).append('\n');
            details = failure(s.extract(s.user(), s.upload("big.csv", big.toString().getBytes(StandardCharsets.UTF_8)), ROWS));
            assertTrue(details.contains("HOMEBASE_EXTRACT_MAX_ROWS"), details);

            // Types that are not read: status error naming what is.
            details = failure(s.extract(s.user(), s.upload("old.xls", new byte[] {1, 2, 3}), ROWS));
            assertTrue(details.contains(".xlsx"), details);
            assertEquals(0, stub.requests().size(), "tables never reach the model");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void documentsAndImagesGoToTheModelWithTheSchema(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); Setup s = start(kind, stub.settings())) {
            String schema = "{\"type\":\"object\",\"properties\":{\"invoice_number\":{\"type\":\"string\"},\"total\":{\"type\":\"number\"}},"
                    + "\"required\":[\"invoice_number\",\"total\"]}";
            String pdf = s.upload("invoice.pdf", pdf("Invoice INV-7, total: 42 EUR"));
            stub.enqueue(ProviderStub.chat("{\"invoice_number\":\"INV-7\",\"total\":42}"));
            HttpResponse<String> r = s.extract(s.user(), pdf, schema);
            assertEquals(42, success(r).get("total").asInt());
            assertEquals("INV-7", json(r).get("invoice_number").asText());
            JsonNode sent = stub.requests().get(0).body();
            assertEquals("stub-model", sent.get("model").asText());
            assertEquals("json_schema", sent.at("/response_format/type").asText());
            assertEquals("number", sent.at("/response_format/json_schema/schema/properties/total/type").asText());
            assertTrue(sent.at("/messages/0/content/1/text").asText().contains("Invoice INV-7, total: 42 EUR"), sent.toString());

            // DOCX text, an image as a data URL (never this server's URL), and an array schema (wrapped for the provider).
            stub.reset();
            String docx = s.upload("letter.docx", docx("Order 5512 from ACME"));
            stub.enqueue(ProviderStub.chat("{\"invoice_number\":\"5512\",\"total\":0}"));
            assertEquals("5512", success(s.extract(s.user(), docx, schema)).get("invoice_number").asText());
            assertTrue(stub.requests().get(0).body().at("/messages/0/content/1/text").asText().contains("Order 5512 from ACME"));
            String png = s.upload("receipt.png", ProviderStub.PNG);
            stub.enqueue(ProviderStub.chat("{\"result\":[\"milk\",\"bread\"]}"));
            JsonNode list = success(s.extract(s.user(), png, "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
            assertEquals(Json.parse("[\"milk\",\"bread\"]"), list);
            String image = stub.requests().get(1).body().at("/messages/0/content/1/image_url/url").asText();
            assertTrue(image.startsWith("data:image/png;base64,"), image);

            // The model's answer does not fit, twice: status error (one retry, as InvokeLLM).
            stub.reset();
            stub.enqueue(ProviderStub.chat("{\"total\":\"lots\"}"), ProviderStub.chat("not json"));
            String details = failure(s.extract(s.user(), pdf, schema));
            assertTrue(details.contains("did not match"), details);
            assertEquals(2, stub.requests().size());
            // A provider failure keeps its status: 502 after the retries, as InvokeLLM.
            stub.reset();
            stub.enqueue(ProviderStub.Reply.json(500, "{}"), ProviderStub.Reply.json(500, "{}"), ProviderStub.Reply.json(500, "{}"));
            refused(s.extract(s.user(), pdf, schema), 502, "HTTP 500");
            // A PDF without text and a damaged one: status error, and nothing sent.
            stub.reset();
            assertTrue(failure(s.extract(s.user(), s.upload("scan.pdf", pdf("")), schema)).contains("no text"));
            assertTrue(failure(s.extract(s.user(), s.upload("broken.pdf", "%PDF-1.7 nonsense".getBytes(StandardCharsets.UTF_8)), schema))
                    .contains("cannot be read as a PDF"));
            assertEquals(0, stub.requests().size());

            // The Java SDK: integrations().core() calls it with the caller's token.
            Base44Client sdk = Base44.createClient(dev.homebase.sdk.ClientConfig.builder().serverUrl("http://127.0.0.1:" + s.app().port())
                    .appId(APP).build());
            sdk.auth().loginViaEmailPassword(ADMIN, PASSWORD);
            String csv = s.upload("p.csv", CSV.getBytes(StandardCharsets.UTF_8));
            JsonNode viaSdk = sdk.integrations().core().extractDataFromUploadedFile(csv, Json.MAPPER.convertValue(Json.parse(ROWS), Map.class));
            assertEquals("success", viaSdk.get("status").asText());
            assertEquals(3, viaSdk.get("output").size());
            Product[] typed = sdk.integrations().core().extractDataFromUploadedFile(csv, Json.MAPPER.convertValue(Json.parse(ROWS), Map.class),
                    Product[].class);
            assertEquals(new Product("Widget", 12.5, 3), typed[0]);
            String bad = s.upload("bad.csv", "name,price\nA,x\n".getBytes(StandardCharsets.UTF_8));
            Base44Exception failed = org.junit.jupiter.api.Assertions.assertThrows(Base44Exception.class,
                    () -> sdk.integrations().core().extractDataFromUploadedFile(bad, Map.of("type", "array",
                            "items", Map.of("type", "object", "properties", Map.of("price", Map.of("type", "number")))), Product[].class));
            assertEquals("extraction_failed", failed.code());
            assertTrue(failed.getMessage().contains("row 2, column \"price\""), failed.getMessage());
            Base44Exception badSchema = org.junit.jupiter.api.Assertions.assertThrows(Base44Exception.class,
                    () -> sdk.integrations().core().extractDataFromUploadedFile(csv, Map.of("type", "thing")));
            assertEquals(400, badSchema.status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlyFilesOfThisServerAndThisAppAreRead(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); Setup s = start(kind, stub.settings())) {
            // A private file through its signed URL.
            HttpResponse<String> up = s.client().upload(APP, "UploadPrivateFile", s.user(),
                    MediaClient.multipart("file", "private.csv", CSV.getBytes(StandardCharsets.UTF_8)));
            String uri = json(up).get("file_uri").asText();
            String signed = json(s.client().call(APP, "CreateFileSignedUrl", s.user(), "{\"file_uri\":\"" + uri + "\"}")).get("signed_url").asText();
            assertEquals(3, success(s.extract(s.user(), signed, ROWS)).size());

            // Tampered, without its token, expired: 400, 401, 403, and no data.
            assertTrue(signed.matches(".*&token=[^&]+"), signed);
            refused(s.extract(s.user(), tamper(signed), ROWS), 400, "signature");
            refused(s.extract(s.user(), signed.replaceFirst("&expires=(\\d+)", "&expires=9$1"), ROWS), 400, "signature");
            refused(s.extract(s.user(), signed.substring(0, signed.indexOf('?')), ROWS), 401, "CreateFileSignedUrl");

            // Another app's private file, signed for that app: 403 for this app's caller.
            HttpResponse<String> otherUp = s.client().upload(OTHER, "UploadPrivateFile", s.otherUser(),
                    MediaClient.multipart("file", "theirs.csv", CSV.getBytes(StandardCharsets.UTF_8)));
            String theirs = json(s.client().call(OTHER, "CreateFileSignedUrl", s.otherUser(),
                    "{\"file_uri\":\"" + json(otherUp).get("file_uri").asText() + "\"}")).get("signed_url").asText();
            refused(s.extract(s.user(), theirs, ROWS), 403, "another app");
            // ... its own app reads it.
            assertEquals(200, s.client().call(OTHER, "ExtractDataFromUploadedFile", s.otherUser(),
                    "{\"file_url\":" + Json.write(theirs) + ",\"json_schema\":" + ROWS + "}").statusCode());

            s.clock().advance(Duration.ofSeconds(301));
            refused(s.extract(s.user(), signed, ROWS), 403, "expired");

            // Another server's URL, not a URL, not a media URL, a name this server never gave, a file that is not there.
            String base = "http://127.0.0.1:" + s.app().port();
            refused(s.extract(s.user(), "https://files.example.com/media/products.csv", ROWS), 400, "not a file of this server");
            refused(s.extract(s.user(), stub.url().replace("/v1", "") + "/files/secret.txt", ROWS), 400, "not a file of this server");
            refused(s.extract(s.user(), "file:///etc/passwd", ROWS), 400, "http(s)");
            refused(s.extract(s.user(), "not a url", ROWS), 400, "file_url");
            refused(s.extract(s.user(), base + "/api/health", ROWS), 400, "not a file URL");
            refused(s.extract(s.user(), base + "/media/..%2F..%2Fhomebase.db", ROWS), 404, "No file");
            refused(s.extract(s.user(), base + "/media/00000000-0000-0000-0000-000000000000.csv", ROWS), 404, "No file");
            refused(s.extract(s.user(), uri, ROWS), 400, "file_url");

            // Bad bodies: 400 with a message.
            String csv = s.upload("ok.csv", CSV.getBytes(StandardCharsets.UTF_8));
            refused(s.extract(s.user(), null, ROWS), 400, "file_url is required");
            refused(s.extract(s.user(), csv, "null"), 400, "json_schema is required");
            refused(s.extract(s.user(), csv, "{\"type\":\"thing\"}"), 400, "not a JSON Schema type");
            refused(s.extract(s.user(), csv, "[1]"), 400, "JSON Schema object");
            refused(s.extract(s.user(), csv, "\"{not json\""), 400, "json_schema");
            refused(s.extract(s.user(), csv, "{\"properties\":[1]}"), 400, "properties");
            refused(s.client().call(APP, "ExtractDataFromUploadedFile", s.user(), "[1]"), 400, "");
            // A JSON Schema given as JSON text (as a multipart form sends it) is read.
            assertEquals(3, success(s.extract(s.user(), csv, Json.write(ROWS))).size());

            // Who may call: a user or the service role, not an anonymous caller (the answer names the setting).
            refused(s.extract(null, csv, ROWS), 401, "allowAnonymous");
            assertEquals(0, stub.requests().size());
        }
    }

    @Test
    void withoutAProviderTablesWorkAndDocumentsAre503() throws Exception {
        try (Setup s = start(TestDatabases.Kind.SQLITE, AiSettings.none())) {
            String csv = s.upload("p.csv", CSV.getBytes(StandardCharsets.UTF_8));
            assertEquals(3, success(s.extract(s.user(), csv, ROWS)).size());
            String pdf = s.upload("invoice.pdf", pdf("Total 3"));
            refused(s.extract(s.user(), pdf, "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\"}}}"), 503, "HOMEBASE_LLM_URL");
        }
    }

    /** A workbook whose first sheet has a header row, typed cells and a date; a second sheet is ignored. */
    private static byte[] xlsx() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Products");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row h = sheet.createRow(0);
            String[] header = {"Name", "Price", "Qty", "Active", "Added"};
            for (int i = 0; i < header.length; i++) h.createCell(i).setCellValue(header[i]);
            Row r1 = sheet.createRow(1);
            r1.createCell(0).setCellValue("Widget");
            r1.createCell(1).setCellValue(12.5);
            r1.createCell(2).setCellValue(3);
            r1.createCell(3).setCellValue(true);
            r1.createCell(4).setCellValue(LocalDate.of(2026, 3, 1));
            r1.getCell(4).setCellStyle(date);
            Row r2 = sheet.createRow(3); // a blank row before it is skipped
            r2.createCell(0).setCellValue(1001); // a number into a string property
            r2.createCell(1).setCellFormula("3.5*2");
            r2.createCell(2).setCellValue("10");
            r2.createCell(3).setCellValue(false);
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.createSheet("Other").createRow(0).createCell(0).setCellValue("ignored");
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] pdf(String text) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            if (!text.isEmpty()) {
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] docx(String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.write(out);
            return out.toByteArray();
        }
    }

    /** A row of the products table, for the Java SDK's typed call. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Product(String name, double price, int qty) {}

    /** The signed URL with the last character of its token (the last parameter) changed. */
    private static String tamper(String signed) {
        char last = signed.charAt(signed.length() - 1);
        return signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}

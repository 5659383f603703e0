package dev.homebase.server.integrations.extract;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.files.DiskStorage;
import dev.homebase.server.files.FileService;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.files.SignedUrls;
import dev.homebase.server.internal.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DataExtraction} on a real disk storage with small limits (the byte and row limits), and the coercion
 * table of {@link Coercion}. The HTTP side, both databases and the model path are in {@code http/ExtractApiTest}.
 */
class DataExtractionTest {
    private static final String ORIGIN = "http://127.0.0.1:4400";
    private static final String ROWS = "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}";

    private static FileService files() throws Exception {
        Path dir = TempDirs.create("extract-files");
        return new FileService(new DiskStorage(dir), new SignedUrls(appId -> new byte[32], Clock.systemUTC()), FileSettings.defaults(dir));
    }

    private static ObjectNode body(String url, String schema) throws Exception {
        ObjectNode body = Json.object().put("file_url", url);
        body.set("json_schema", Json.parse(schema));
        return body;
    }

    @Test
    void limitsOnBytesAndRowsAreStatusErrorsNamingTheSetting() throws Exception {
        FileService files = files();
        AtomicInteger modelCalls = new AtomicInteger();
        DataExtraction extraction = new DataExtraction(files, new ExtractLimits(2, 20), (appId, content, schema) -> {
            modelCalls.incrementAndGet();
            return Json.object();
        });
        String small = files.storePublic("a.csv", new ByteArrayInputStream("n\n1\n2\n".getBytes(StandardCharsets.UTF_8)));
        JsonNode ok = extraction.extract("app", body(ORIGIN + "/media/" + small, ROWS), Set.of(ORIGIN));
        assertEquals("success", ok.get("status").asText(), ok.toString());
        assertEquals(Json.parse("[{\"n\":1},{\"n\":2}]"), Json.parse(Json.write(ok.get("output"))));

        String three = files.storePublic("b.csv", new ByteArrayInputStream("n\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8)));
        JsonNode tooMany = extraction.extract("app", body(ORIGIN + "/media/" + three, ROWS), Set.of(ORIGIN));
        assertTrue(tooMany.get("details").asText().contains("more than 2 data rows (HOMEBASE_EXTRACT_MAX_ROWS)"), tooMany.toString());

        String big = files.storePublic("c.csv", new ByteArrayInputStream("n\n1234567890\n1234567890\n".getBytes(StandardCharsets.UTF_8)));
        JsonNode tooLarge = extraction.extract("app", body(ORIGIN + "/media/" + big, ROWS), Set.of(ORIGIN));
        assertEquals("error", tooLarge.get("status").asText());
        assertTrue(tooLarge.get("details").asText().contains("HOMEBASE_EXTRACT_MAX_BYTES"), tooLarge.toString());
        assertTrue(tooLarge.get("output").isNull());
        assertEquals(0, modelCalls.get());
    }

    @Test
    void coercion() throws Exception {
        record Case(String schema, String value, String expected) {}
        for (Case c : new Case[] {
                new Case("{\"type\":\"number\"}", "\" 12.50 \"", "12.5"),
                new Case("{\"type\":\"number\"}", "\"1e3\"", "1000"),
                new Case("{\"type\":\"integer\"}", "\"7.0\"", "7"),
                new Case("{\"type\":\"integer\"}", "3", "3"),
                new Case("{\"type\":\"boolean\"}", "\"Yes\"", "true"),
                new Case("{\"type\":\"boolean\"}", "\"0\"", "false"),
                new Case("{\"type\":\"boolean\"}", "1", "true"),
                new Case("{\"type\":\"string\"}", "1001", "\"1001\""),
                new Case("{\"type\":\"string\"}", "2.50", "\"2.5\""),
                new Case("{\"type\":\"string\"}", "true", "\"true\""),
                new Case("{\"type\":[\"number\",\"null\"]}", "\"\"", "null"),
                new Case("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}", "\"1; 2;3\"", "[1,2,3]"),
                new Case("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "\"[\\\"a\\\",\\\"b\\\"]\"", "[\"a\",\"b\"]"),
                new Case("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"}}}", "\"{\\\"a\\\":\\\"2\\\",\\\"b\\\":1}\"", "{\"a\":2}"),
                new Case("{\"type\":\"string\",\"enum\":[\"Open\",\"Closed\"]}", "\"open\"", "\"Open\""),
                new Case("{\"type\":\"object\",\"properties\":{\"first_name\":{\"type\":\"string\"}}}", "{\"First Name\":\"Ann\"}", "{\"first_name\":\"Ann\"}")}) {
            JsonNode out = Coercion.coerce(Json.parse(c.schema()), Json.parse(c.value()), Coercion.Place.json("$"));
            assertEquals(Json.parse(c.expected()), Json.parse(Json.write(out)), c.toString()); // as JSON text: node classes differ
        }
        for (String[] bad : new String[][] {
                {"{\"type\":\"number\"}", "\"12,5 EUR\"", "\"12,5 EUR\" is not a number"},
                {"{\"type\":\"integer\"}", "\"2.5\"", "is not a whole number"},
                {"{\"type\":\"boolean\"}", "\"maybe\"", "is not true or false"},
                {"{\"type\":\"string\",\"enum\":[\"a\"]}", "\"b\"", "is not one of [\"a\"]"},
                {"{\"type\":\"object\"}", "\"text\"", "is not an object"}}) {
            ExtractionFailed e = assertThrows(ExtractionFailed.class,
                    () -> Coercion.coerce(Json.parse(bad[0]), Json.parse(bad[1]), Coercion.Place.row(4).property("col")));
            assertTrue(e.getMessage().startsWith("row 4, column \"col\": ") && e.getMessage().contains(bad[2]), e.getMessage());
        }
    }
}

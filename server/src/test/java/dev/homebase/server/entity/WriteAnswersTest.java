package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.TestDatabases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSON answers of a create and an update written from the data's text ({@link RecordService#createJson},
 * {@link RecordService#updateJson}: the text bound for the INSERT, or returned by a merging UPDATE) are the answers a
 * tree would give: the record the listener hears, written by Jackson, byte for byte; the same keys in the same order as
 * {@link RecordService#create} and {@link RecordService#update} answer; errors as before. On SQLite and PostgreSQL.
 */
class WriteAnswersTest {
    private static final String SCHEMA = "{ \"name\": \"Memo\", \"properties\": { \"title\": { \"type\": \"string\" },"
            + " \"count\": { \"type\": \"number\" }, \"tags\": { \"type\": \"array\" }, \"meta\": { \"type\": \"object\" } } }";

    /** Values whose text could differ: decimals with trailing zeros, big numbers, escapes, unicode, nesting, null. */
    private static final List<String> BODIES = List.of(
            "{}",
            "{\"title\":\"plain\",\"count\":3}",
            "{\"count\":1.50,\"title\":\"quote \\\" backslash \\\\ tab \\t newline \\n ctrl \\u0001 slash / \\u00e9 \\u2028 \uD83D\uDE00\"}",
            "{\"meta\":{\"z\":1,\"a\":[1,2.0,-0.5,{\"k\":\"v\"}],\"n\":null},\"tags\":[\"a\",\"b\"],\"count\":123456789012345678901234567890}",
            "{\"title\":null,\"tags\":[],\"meta\":{}}");

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void answersAreWhatTheTreeWouldWrite(TestDatabases.Kind kind) throws Exception {
        EntitySchema schema = SchemaParser.parse(Json.parse(SCHEMA), "memo.jsonc");
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            Map<String, ObjectNode> heard = new ConcurrentHashMap<>(); // "type id" -> the record the listener heard
            RecordListener listener = (scope, type, record) -> heard.put(type + " " + record.get("id").asText(), record);
            RecordService service = new RecordService(db, new RecordIds(Clock.systemUTC()), new Timestamps(Clock.systemUTC()), listener);
            EntityContext ctx = new EntityContext(schema, new EntityScope("app", "Memo", "prod"), new Principal.Service(),
                    new RecordValidator(false), AccessRules.of(schema));
            List<String> ids = new ArrayList<>();
            for (String body : BODIES) {
                String answer = service.createJson(ctx, object(body));
                JsonNode tree = Json.parse(answer);
                String id = tree.get("id").asText();
                ids.add(id);
                // Byte for byte the record the listener heard, as a tree writes it (the create's tree is the body's order).
                assertEquals(Json.write(heard.get("create " + id)), answer, body);
                // The same keys in the same order as the tree-answering create of the same body.
                assertEquals(keys(service.create(ctx, object(body))), keys(tree), body);
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String patch = BODIES.get((i + 1) % BODIES.size());
                String answer = service.updateJson(ctx, id, object(patch));
                // The record the listener heard (on PostgreSQL parsed from the same returned text), written by a tree.
                assertEquals(Json.write(heard.get("update " + id)), answer, patch);
                // And what a get answers now, and the keys of the tree-answering update.
                assertEquals(Json.parse(service.getJson(ctx, id)), Json.parse(answer));
                assertEquals(keys(service.update(ctx, id, object(patch))), keys(Json.parse(answer)), patch);
            }
            // Errors as before: a missing record is a 404 before its patch is judged; a bad value a 422.
            assertThrows(RecordNotFoundException.class, () -> service.updateJson(ctx, "f".repeat(24), object("{\"count\":\"x\"}")));
            assertThrows(ValidationException.class, () -> service.updateJson(ctx, ids.getFirst(), object("{\"count\":\"x\"}")));
            assertThrows(ValidationException.class, () -> service.createJson(ctx, object("{\"count\":\"x\"}")));
        }
    }

    private static List<String> keys(JsonNode record) {
        List<String> out = new ArrayList<>();
        record.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static ObjectNode object(String text) throws Exception {
        return (ObjectNode) Json.parse(text);
    }
}

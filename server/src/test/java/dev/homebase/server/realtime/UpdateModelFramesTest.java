package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The {@code update_model} payload (§17.4) and its oversize rule, without a server. */
class UpdateModelFramesTest {
    private static final String ROOM = "entities:app:Task";
    private static final String TS = "2025-01-01T12:00:00.000Z";

    @Test
    void timestampsUseToIsoStringForm() {
        assertEquals("2025-01-01T12:00:00.000Z", UpdateModelFrames.timestamp(Instant.parse("2025-01-01T12:00:00Z")));
        assertEquals("2025-01-15T10:30:00.123Z", UpdateModelFrames.timestamp(Instant.parse("2025-01-15T10:30:00.123456Z")));
    }

    @Test
    void smallEventIsSentWhole() throws Exception {
        ObjectNode record = (ObjectNode) Json.parse("{\"id\":\"a\",\"n\":1.50,\"tags\":[\"x\"]}");
        String packet = new UpdateModelFrames(1_000_000).packet(ROOM, "update", record, "a", TS);
        assertEquals("2[\"update_model\",{\"room\":\"entities:app:Task\",\"data\":"
                + "\"{\\\"type\\\":\\\"update\\\",\\\"data\\\":{\\\"id\\\":\\\"a\\\",\\\"n\\\":1.50,\\\"tags\\\":[\\\"x\\\"]},"
                + "\\\"id\\\":\\\"a\\\",\\\"timestamp\\\":\\\"2025-01-01T12:00:00.000Z\\\"}\"}]", packet);
    }

    @Test
    void oversizeEventBlanksLongStringsAndIsMarked() throws Exception {
        ObjectNode record = Json.object();
        record.put("id", "a");
        record.put("title", "short");
        record.put("body", "x".repeat(50_000));
        record.putObject("nested").put("blob", "y".repeat(20_000));
        record.putArray("list").add("z".repeat(20_000)).add("keep");
        String packet = new UpdateModelFrames(30_000).packet(ROOM, "update", record, "a", TS);
        assertTrue(packet.getBytes(StandardCharsets.UTF_8).length < 30_000);
        JsonNode data = event(packet).get("data");
        assertEquals("short", data.get("title").asText());
        assertEquals("", data.get("body").asText());
        assertEquals("", data.get("nested").get("blob").asText());
        assertEquals("[\"\",\"keep\"]", data.get("list").toString());
        assertTrue(data.get("_oversize").asBoolean());
        assertEquals(50_000, record.get("body").asText().length(), "the caller's record is not modified");
        assertFalse(record.has("_oversize"));
    }

    @Test
    void stillOversizeCollapsesToAStub() throws Exception {
        ObjectNode record = Json.object();
        record.put("id", "a");
        var many = record.putArray("many");
        for (int i = 0; i < 5_000; i++) many.add("item-" + i);
        JsonNode event = event(new UpdateModelFrames(10_000).packet(ROOM, "create", record, "a", TS));
        assertEquals("{\"id\":\"a\",\"_oversize\":true}", event.get("data").toString());
        assertEquals("a", event.get("id").asText());
        assertEquals("create", event.get("type").asText());
    }

    @Test
    void multiByteTextIsMeasuredInBytes() throws Exception {
        ObjectNode record = Json.object();
        record.put("id", "a");
        record.put("text", "é".repeat(9_000)); // 9,000 chars, 18,000 bytes: under 10 KB chars, over a 15,000-byte cap
        JsonNode data = event(new UpdateModelFrames(15_000).packet(ROOM, "create", record, "a", TS)).get("data");
        assertEquals("{\"id\":\"a\",\"_oversize\":true}", data.toString());
    }

    private static JsonNode event(String packet) throws Exception {
        JsonNode array = Json.parse(packet.substring(1));
        assertEquals("update_model", array.get(0).asText());
        assertEquals(ROOM, array.get(1).get("room").asText());
        return Json.parse(array.get(1).get("data").asText());
    }
}

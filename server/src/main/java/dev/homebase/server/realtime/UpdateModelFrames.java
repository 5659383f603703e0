package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes {@code update_model} packets (§17.4): {@code 2["update_model",{"room":R,"data":S}]} where {@code S} is the
 * JSON text of {@code {type, data, id, timestamp}}, slimmed when the frame would pass the transport cap.
 */
final class UpdateModelFrames {
    /** String fields longer than this are blanked when an event is slimmed. */
    static final int MAX_FIELD_CHARS = 10 * 1024;

    /** JavaScript's {@code Date.prototype.toISOString()}: UTC, milliseconds, {@code Z}. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final int maxFrameBytes;

    UpdateModelFrames(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    static String timestamp(Instant instant) {
        return ISO.format(instant);
    }

    /** The Socket.IO packet (without the Engine.IO {@code 4} prefix) for one room. Does not modify {@code record}. */
    String packet(String room, String type, ObjectNode record, String id, String timestamp) {
        String packet = encode(room, type, record, id, timestamp);
        if (fits(packet)) return packet;
        ObjectNode slim = record.deepCopy();
        blankLongStrings(slim);
        slim.put("_oversize", true);
        packet = encode(room, type, slim, id, timestamp);
        if (fits(packet)) return packet;
        ObjectNode stub = Json.object();
        stub.put("id", id);
        stub.put("_oversize", true);
        return encode(room, type, stub, id, timestamp);
    }

    /** The packet of a conversation room: {@code 2["update_model",{"room":R,"data":S}]} with {@code data} as given. */
    static String roomPacket(String room, String data) {
        ObjectNode payload = Json.object();
        payload.put("room", room);
        payload.put("data", data);
        ArrayNode packet = Json.MAPPER.createArrayNode();
        packet.add("update_model");
        packet.add(payload);
        return "2" + Json.write(packet);
    }

    private boolean fits(String packet) {
        // Cheap bound first: a UTF-8 string has at most three bytes per char.
        if ((long) packet.length() * 3 + 1 <= maxFrameBytes) return true;
        return packet.getBytes(StandardCharsets.UTF_8).length + 1 <= maxFrameBytes; // +1: Engine.IO "4"
    }

    private static String encode(String room, String type, ObjectNode data, String id, String timestamp) {
        ObjectNode event = Json.object();
        event.put("type", type);
        event.set("data", data);
        event.put("id", id);
        event.put("timestamp", timestamp);
        ObjectNode payload = Json.object();
        payload.put("room", room);
        payload.put("data", Json.write(event));
        ArrayNode packet = Json.MAPPER.createArrayNode();
        packet.add("update_model");
        packet.add(payload);
        return "2" + Json.write(packet);
    }

    /** Replaces every string longer than {@link #MAX_FIELD_CHARS}, at any depth, with {@code ""}. */
    private static void blankLongStrings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && e.getValue().textValue().length() > MAX_FIELD_CHARS) e.setValue(Json.MAPPER.getNodeFactory().textNode(""));
                else blankLongStrings(e.getValue());
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (v.isTextual() && v.textValue().length() > MAX_FIELD_CHARS) array.set(i, "");
                else blankLongStrings(v);
            }
        }
    }
}

package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.realtime.EntityEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/** Turns an {@code update_model} {@code data} string into an {@link EntityEvent}, as the JavaScript client does. */
final class RealtimeEvents {
    private static final System.Logger LOG = System.getLogger("dev.homebase.sdk.realtime");

    private RealtimeEvents() {
    }

    /**
     * Parses one event: {@code id} falls back to {@code data.id}, {@code timestamp} to now.
     *
     * @param text    the JSON text of {@code {type, data, id, timestamp}}
     * @param entity  the entity name (for messages)
     * @param convert converts the record to the handler's type
     * @param <T>     the record type
     * @return the event, or null (logged) when the text or the record cannot be read
     */
    static <T> EntityEvent<T> parse(String text, String entity, Function<JsonNode, T> convert) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "[Base44 SDK] Failed to parse realtime message: " + e.getMessage());
            return null;
        }
        if (event == null || !event.isObject()) {
            LOG.log(Level.WARNING, "[Base44 SDK] Failed to parse realtime message: not an object");
            return null;
        }
        String type = textOrNull(event.get("type"));
        JsonNode data = event.get("data");
        String id = truthy(event.get("id"));
        if (id == null && data != null) {
            id = truthy(data.get("id"));
        }
        String timestamp = truthy(event.get("timestamp"));
        if (timestamp == null) {
            timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        }
        boolean oversize = data != null && data.path("_oversize").asBoolean(false);
        if (oversize && !"delete".equals(type)) {
            String recordId = id;
            LOG.log(Level.WARNING, () -> "[Base44 SDK] Realtime broadcast for " + entity + "#" + recordId
                    + " was oversize and got slimmed for transport. Fields >10 KB are empty and the rest of the"
                    + " record may be a stub. Call entities(\"" + entity + "\").get(\"" + recordId
                    + "\") to fetch the full record.");
        }
        T record;
        try {
            record = data == null || data.isNull() ? null : convert.apply(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[Base44 SDK] Realtime event for " + entity + " dropped: " + e.getMessage());
            return null;
        }
        return new EntityEvent<>(type, record, id, timestamp, oversize);
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    // JavaScript "||" for the id and timestamp fallbacks.
    private static String truthy(JsonNode n) {
        String s = n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
        return s == null || s.isEmpty() || "false".equals(s) || "0".equals(s) && n.isNumber() ? null : s;
    }
}

package dev.homebase.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.util.List;

/**
 * The realtime payload of a conversation change (§17.4): {@code {"_message", "id", "agent_name", "messages"}} as a
 * JSON text, for the room {@code /agent-conversations/{id}}. 0.8.50 clients read {@code _message}; older ones the
 * whole conversation. Tool-call data is shortened here ({@code arguments_string} to 500 characters, {@code results}
 * to 50); {@code getConversation} has it whole.
 */
final class ConversationPush {
    static final int MAX_ARGUMENTS = 500;
    static final int MAX_RESULTS = 50;

    private ConversationPush() {}

    static String room(String conversationId) {
        return "/agent-conversations/" + conversationId;
    }

    static String payload(String conversationId, String agentName, ObjectNode message, List<ObjectNode> messages) {
        ObjectNode out = Json.object();
        out.set("_message", shortened(message));
        out.put("id", conversationId);
        out.put("agent_name", agentName);
        ArrayNode all = out.putArray("messages");
        for (ObjectNode m : messages) all.add(shortened(m));
        return Json.write(out);
    }

    private static ObjectNode shortened(ObjectNode message) {
        JsonNode calls = message.get("tool_calls");
        if (!(calls instanceof ArrayNode array) || array.isEmpty()) return message;
        ObjectNode copy = message.deepCopy();
        for (JsonNode call : (ArrayNode) copy.get("tool_calls")) {
            if (!(call instanceof ObjectNode c)) continue;
            if (c.path("arguments_string").isTextual()) c.put("arguments_string", cut(c.get("arguments_string").asText(), MAX_ARGUMENTS));
            if (c.path("results").isTextual()) c.put("results", cut(c.get("results").asText(), MAX_RESULTS));
        }
        return copy;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}

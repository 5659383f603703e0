package dev.homebase.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.ai.AiException;
import dev.homebase.server.ai.AiServices;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.internal.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an agent after a user message: the conversation so far, the agent's instructions and its tool
 * definitions go to the model (OpenAI-compatible tool calling); each tool call the model asks for is recorded on the
 * assistant message ({@code tool_calls} with {@code status} running → success/error and {@code results}) and run as
 * the conversation's owner; the loop ends when the model answers without tool calls, or at the step limit, the time
 * limit or the token budget ({@link AgentSettings}), each with an assistant message that says so. A provider failure
 * or any other failure also ends in an assistant message: a run never leaves the conversation waiting.
 */
final class AgentRun implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AgentRun.class);

    /** What every run shares. */
    record Parts(ConversationStore store, AgentCatalog catalog, AgentTools tools, OwnerIdentity identity, AiServices ai,
                 AgentSettings settings, BiFunction<String, JsonNode, ObjectNode> newMessage,
                 BiConsumer<ConversationStore.Conversation, ObjectNode> push, Clock clock) {}

    private final Parts p;
    private final ConversationStore.Conversation conversation;
    private final Timestamps time;
    /** The assistant message whose tool calls are running (runner thread only). */
    private ObjectNode current;

    AgentRun(Parts parts, ConversationStore.Conversation conversation) {
        this.p = parts;
        this.time = new Timestamps(parts.clock());
        this.conversation = conversation;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (AiException e) {
            say("The agent could not answer: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("app {}: agent run of conversation {} failed", conversation.appId(), conversation.id(), e);
            stopRunningCalls();
            say("The agent failed unexpectedly; please try again.");
        }
    }

    /** After an unexpected failure: tool calls of the current step that never finished are {@code stopped}. */
    private void stopRunningCalls() {
        ObjectNode message = current;
        if (message == null) return;
        boolean changed = false;
        for (JsonNode call : message.path("tool_calls")) {
            if (call instanceof ObjectNode c && "running".equals(c.path("status").asText())) {
                c.put("status", "stopped");
                changed = true;
            }
        }
        if (!changed) return;
        try {
            message.put("updated_date", time.now());
            p.store().replace(conversation.appId(), conversation.id(), message, message.get("updated_date").asText());
            p.push().accept(conversation, message);
        } catch (RuntimeException e) {
            log.warn("app {}: conversation {}: stopped tool calls not stored: {}", conversation.appId(), conversation.id(), e.toString());
        }
    }

    private void loop() {
        String appId = conversation.appId();
        Optional<AgentConfig> agent = p.catalog().find(appId, conversation.agentName());
        if (agent.isEmpty()) {
            say("The agent " + conversation.agentName() + " no longer exists on this server.");
            return;
        }
        Optional<OwnerIdentity.Acting> acting = p.identity().of(appId, Owner.parse(conversation.owner()));
        if (acting.isEmpty()) {
            say("The agent cannot act for this conversation: its owner no longer has an account.");
            return;
        }
        Map<String, AgentTools.Tool> tools = p.tools().tools(agent.get());
        ArrayNode definitions = p.tools().definitions(appId, agent.get());
        ArrayNode messages = modelMessages(agent.get(), p.store().lastMessages(appId, conversation.id(), p.settings().historyMessages()));
        Instant deadline = p.clock().instant().plus(p.settings().timeLimit());
        long tokens = 0;
        for (int step = 1; step <= p.settings().maxSteps(); step++) {
            if (p.clock().instant().isAfter(deadline)) {
                say("The agent stopped: it reached its time limit (" + p.settings().timeLimit().toSeconds() + " s) before answering.");
                return;
            }
            ObjectNode request = Json.object();
            request.set("messages", messages);
            if (!definitions.isEmpty()) request.set("tools", definitions);
            ObjectNode reply = p.ai().agentCompletion(appId, request);
            JsonNode usage = reply.path("usage");
            tokens += usage.path("total_tokens").asLong(usage.path("prompt_tokens").asLong(0) + usage.path("completion_tokens").asLong(0));
            JsonNode answer = reply.path("choices").path(0).path("message");
            if (!answer.isObject()) {
                say("The agent could not answer: the model provider answered without a message.");
                return;
            }
            ObjectNode assistant = p.newMessage().apply("assistant", TextNode.valueOf(answer.path("content").asText("")));
            if (usage.isObject()) {
                assistant.putObject("usage").put("prompt_tokens", usage.path("prompt_tokens").asLong(0))
                        .put("completion_tokens", usage.path("completion_tokens").asLong(0));
            }
            JsonNode calls = answer.path("tool_calls");
            if (!calls.isArray() || calls.isEmpty()) {
                append(assistant);
                return;
            }
            ArrayNode recorded = assistant.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                String id = call.path("id").asText("");
                recorded.addObject().put("id", id.isBlank() ? "call_" + step + "_" + i : id)
                        .put("name", call.path("function").path("name").asText(""))
                        .put("arguments_string", call.path("function").path("arguments").asText(""))
                        .put("status", "running");
            }
            append(assistant);
            current = assistant;
            messages.add(toolRequest(assistant));
            for (JsonNode rc : recorded) {
                ObjectNode call = (ObjectNode) rc;
                AgentTools.Tool tool = tools.get(call.get("name").asText());
                Duration left = Duration.between(p.clock().instant(), deadline);
                AgentTools.Outcome outcome = tool == null
                        ? new AgentTools.Outcome(false, "Unknown tool " + call.get("name").asText())
                        : left.isNegative() || left.isZero() ? new AgentTools.Outcome(false, "The time limit of the run was reached")
                        : p.tools().run(appId, tool, call.get("arguments_string").asText(), acting.get(), left);
                call.put("status", outcome.ok() ? "success" : "error");
                call.put("results", outcome.result());
                assistant.put("updated_date", time.now());
                p.store().replace(appId, conversation.id(), assistant, assistant.get("updated_date").asText());
                p.push().accept(conversation, assistant);
                messages.addObject().put("role", "tool").put("tool_call_id", call.get("id").asText()).put("content", outcome.result());
            }
            if (tokens >= p.settings().tokenBudget()) {
                say("The agent stopped: it used its token budget (" + p.settings().tokenBudget() + " tokens) before answering.");
                return;
            }
        }
        say("The agent stopped: it reached its step limit (" + p.settings().maxSteps() + " model calls) before answering.");
    }

    /** The system prompt and the stored messages as Chat Completions messages (tool calls with their results). */
    private static ArrayNode modelMessages(AgentConfig agent, List<ObjectNode> history) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        String system = agent.instructions().isBlank() ? "You are " + agent.name() + "." : agent.instructions();
        if (!agent.description().isBlank()) system += "\n\nAbout you: " + agent.description();
        out.addObject().put("role", "system").put("content", system);
        for (ObjectNode m : history) {
            String role = m.path("role").asText("user");
            String text = m.path("content").isTextual() ? m.get("content").asText() : Json.write(m.path("content"));
            if (m.path("file_urls").isArray() && !m.get("file_urls").isEmpty()) text += "\n\nAttached files: " + Json.write(m.get("file_urls"));
            if (m.path("custom_context").isArray() && !m.get("custom_context").isEmpty()) text += "\n\nContext: " + Json.write(m.get("custom_context"));
            if (role.equals("assistant") && m.path("tool_calls").isArray() && !m.get("tool_calls").isEmpty()) {
                out.add(toolRequest(m));
                for (JsonNode call : m.get("tool_calls")) {
                    String result = call.path("status").asText().equals("running") ? "The call did not finish" : call.path("results").asText("");
                    out.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText()).put("content", result);
                }
            } else {
                out.addObject().put("role", role.equals("assistant") || role.equals("system") ? role : "user").put("content", text);
            }
        }
        return out;
    }

    /** An assistant message with tool calls, as the model sent it. */
    private static ObjectNode toolRequest(ObjectNode stored) {
        ObjectNode out = Json.object().put("role", "assistant");
        String content = stored.path("content").asText("");
        if (content.isEmpty()) out.putNull("content");
        else out.put("content", content);
        ArrayNode calls = out.putArray("tool_calls");
        for (JsonNode call : stored.path("tool_calls")) {
            calls.addObject().put("id", call.path("id").asText()).put("type", "function").putObject("function")
                    .put("name", call.path("name").asText()).put("arguments", call.path("arguments_string").asText());
        }
        return out;
    }

    private void append(ObjectNode message) {
        p.store().append(conversation.appId(), conversation.id(), message, message.get("updated_date").asText());
        p.push().accept(conversation, message);
    }

    /** Ends the run with an assistant message that says why. */
    private void say(String text) {
        try {
            append(p.newMessage().apply("assistant", TextNode.valueOf(text)));
        } catch (RuntimeException e) {
            log.warn("app {}: conversation {}: the closing message could not be stored: {}", conversation.appId(), conversation.id(), e.toString());
        }
    }
}

package dev.homebase.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI-compatible provider for the conformance servers ({@code HOMEBASE_LLM_URL}), with fixed
 * behaviour node can steer through the prompt: {@code ECHO:<text>} answers {@code <text>} as the
 * message content, {@code STATUS:<code>} answers that HTTP status; anything else answers
 * {@code "stub says: <prompt>"} (an {@code ECHO:} line in a later text part, a file's text, counts too);
 * {@code TOOL:<name> <arguments JSON>} asks for that tool call, and a conversation
 * whose last message is a tool result is answered {@code "tool said: <result>"} (agents). Images are a 1×1 PNG as {@code b64_json}. {@code GET /_last}
 * returns the last request body it received, so tests can check what the server sent.
 */
final class LlmStub implements AutoCloseable {
    static final String PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicReference<String> last = new AtomicReference<>("null");

    LlmStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, ending in {@code /v1}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The environment of a server using this stub. */
    Map<String, String> serverEnv() {
        return Map.of("HOMEBASE_LLM_URL", url(), "HOMEBASE_LLM_API_KEY", "sk-conformance", "HOMEBASE_LLM_MODEL", "stub-model",
                "HOMEBASE_IMAGE_MODEL", "stub-image", "HOMEBASE_LLM_MODELS", "gpt_5_mini=stub-mini", "HOMEBASE_LLM_MAX_RETRIES", "1");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/_last")) {
                send(ex, 200, last.get());
                return;
            }
            JsonNode body = in.length == 0 ? JSON.nullNode() : JSON.readTree(in);
            ObjectNode recorded = JSON.createObjectNode().put("path", path)
                    .put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            recorded.set("body", body);
            last.set(JSON.writeValueAsString(recorded));
            if (path.endsWith("/images/generations")) {
                send(ex, 200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + PNG_BASE64 + "\"}]}");
                return;
            }
            JsonNode messages = body.path("messages");
            JsonNode lastMessage = messages.path(messages.size() - 1);
            JsonNode content = lastMessage.path("content");
            String prompt = content.isTextual() ? content.asText() : content.path(0).path("text").asText();
            if (lastMessage.path("role").asText().equals("tool")) {
                // After a tool call (agents.test.mjs): report what the tool answered.
                send(ex, 200, JSON.writeValueAsString(chat(body, "tool said: " + prompt)));
                return;
            }
            // ExtractDataFromUploadedFile sends the file's text in a later part: an "ECHO:" line there steers the answer too.
            for (JsonNode part : content) {
                int echo = part.path("text").asText().indexOf("\nECHO:");
                if (echo >= 0) prompt = part.path("text").asText().substring(echo + 1);
            }
            if (prompt.startsWith("TOOL:")) {
                // "TOOL:<name> <arguments JSON>": ask for that tool call (OpenAI tool calling).
                String spec = prompt.substring(5).trim();
                int space = spec.indexOf(' ');
                ObjectNode reply = chat(body, null);
                ObjectNode message = (ObjectNode) reply.at("/choices/0/message");
                ((ObjectNode) reply.at("/choices/0")).put("finish_reason", "tool_calls");
                message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function").putObject("function")
                        .put("name", space < 0 ? spec : spec.substring(0, space)).put("arguments", space < 0 ? "{}" : spec.substring(space + 1));
                send(ex, 200, JSON.writeValueAsString(reply));
                return;
            }
            if (prompt.startsWith("STATUS:")) {
                send(ex, Integer.parseInt(prompt.substring(7).trim()), "{\"error\":{\"message\":\"stub status\"}}");
                return;
            }
            String answer = prompt.startsWith("ECHO:") ? prompt.substring(5) : "stub says: " + prompt;
            ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion")
                    .put("model", body.path("model").asText());
            reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                    .putObject("message").put("role", "assistant").put("content", answer);
            reply.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 3).put("total_tokens", 8);
            send(ex, 200, JSON.writeValueAsString(reply));
        } catch (RuntimeException e) {
            send(ex, 500, "{\"error\":{\"message\":\"stub failed\"}}");
        }
    }

    /** A Chat Completions answer with {@code content} (null: none). */
    private static ObjectNode chat(JsonNode request, String content) {
        ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion")
                .put("model", request.path("model").asText());
        ObjectNode message = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant");
        if (content == null) message.putNull("content");
        else message.put("content", content);
        reply.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 3).put("total_tokens", 8);
        return reply;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 429) ex.getResponseHeaders().set("Retry-After", "0");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

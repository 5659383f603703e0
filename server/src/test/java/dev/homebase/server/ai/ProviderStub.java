package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible provider served over real HTTP for tests: it records every request and
 * answers from a queue of scripted replies, else with a default (chat: {@code "stub says: <prompt>"};
 * images: a small PNG as {@code b64_json}). {@code GET /files/image.png} serves that PNG, and
 * {@code GET /files/secret.txt} a text a server must never fetch for a caller.
 */
public final class ProviderStub implements AutoCloseable {
    /** A 1×1 PNG. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /** One recorded request. */
    public record Recorded(String method, String path, String authorization, JsonNode body) {}

    /** A scripted reply; {@code delayMillis} before answering. */
    public record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();

    public ProviderStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, ending in {@code /v1}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Settings pointing at this stub with key {@code sk-test}, model {@code stub-model}, short backoff. */
    public AiSettings settings() {
        return AiSettings.fromEnvironment(Map.of("HOMEBASE_LLM_URL", url(), "HOMEBASE_LLM_API_KEY", "sk-test",
                "HOMEBASE_LLM_MODEL", "stub-model", "HOMEBASE_IMAGE_MODEL", "stub-image",
                "HOMEBASE_LLM_MODELS", "gpt_5_mini=stub-mini,claude_sonnet_4_6=stub-sonnet")::get).withBackoff(java.time.Duration.ofMillis(20));
    }

    /** Queues replies, answered in order before the defaults. */
    public void enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
    }

    /** A chat answer whose message content is {@code content}. */
    public static Reply chat(String content) {
        ObjectNode body = Json.object().put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "stub-model");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", 7).put("completion_tokens", 3).put("total_tokens", 10);
        return Reply.json(200, Json.write(body));
    }

    /**
     * A chat answer that asks for tool calls (OpenAI format), given as triples of call id, function name and
     * arguments text; {@code finish_reason: tool_calls}, no content.
     */
    public static Reply toolCalls(String... idNameArguments) {
        ObjectNode body = Json.object().put("id", "chatcmpl-2").put("object", "chat.completion").put("model", "stub-model");
        ObjectNode message = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls")
                .putObject("message").put("role", "assistant");
        message.putNull("content");
        com.fasterxml.jackson.databind.node.ArrayNode calls = message.putArray("tool_calls");
        for (int i = 0; i + 2 < idNameArguments.length; i += 3) {
            calls.addObject().put("id", idNameArguments[i]).put("type", "function").putObject("function")
                    .put("name", idNameArguments[i + 1]).put("arguments", idNameArguments[i + 2]);
        }
        body.putObject("usage").put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
        return Reply.json(200, Json.write(body));
    }

    /** The requests received, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests and the queued replies. */
    public void reset() {
        requests.clear();
        queue.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            if (ex.getRequestMethod().equals("GET") && path.equals("/files/image.png")) {
                send(ex, 200, PNG, "image/png", Map.of());
                return;
            }
            if (ex.getRequestMethod().equals("GET") && path.equals("/files/secret.txt")) {
                send(ex, 200, "TOP SECRET".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
                return;
            }
            JsonNode body = in.length == 0 ? null : Json.parse(new String(in, StandardCharsets.UTF_8));
            requests.add(new Recorded(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"), body));
            Reply reply = queue.poll();
            if (reply == null) reply = path.endsWith("/images/generations")
                    ? Reply.json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}]}")
                    : chat("stub says: " + lastUserText(body));
            if (reply.delayMillis() > 0) Thread.sleep(reply.delayMillis());
            send(ex, reply.status(), reply.body().getBytes(StandardCharsets.UTF_8), "application/json", reply.headers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (a timeout test)
        }
    }

    private static String lastUserText(JsonNode body) {
        if (body == null) return "";
        JsonNode messages = body.path("messages");
        JsonNode content = messages.path(messages.size() - 1).path("content");
        return content.isTextual() ? content.asText() : content.path(0).path("text").asText();
    }

    private static void send(HttpExchange ex, int status, byte[] bytes, String type, Map<String, String> headers) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
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

package dev.homebase.server.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.ai.ProviderStub;
import dev.homebase.server.ai.ProviderStub.Reply;
import dev.homebase.server.http.TestMail;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Agents over real HTTP and Socket.IO against an OpenAI-compatible stub that scripts tool calls, on both databases:
 * the agent acts as the conversation's owner (row and field rules, ownership of what it creates), a failing tool is
 * recorded as an error and the run goes on, the step limit ends a looping model, a provider failure ends the run
 * with a message, conversations are the owner's (403 for others), and realtime reaches the owner only.
 */
class AgentsApiTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final String APP = "agenttest";
    private static final String BASE = "/api/apps/" + APP + "/agents/conversations";
    private static final String DIARY = "/api/apps/" + APP + "/entities/Diary";
    private static final String PASSWORD = "s3cret-pass";

    private static TestServer server(TestDatabases.Kind kind, ProviderStub stub, AgentSettings agents) {
        return new TestServer(TestServer.copyFixture(APP), TestDatabases.freshUrl(kind),
                TestServer.fastAuth().withSmtp(MAIL.settings()), stub.settings(), agents);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theAgentActsAsTheOwnerAndOnlyTheOwnerHearsIt(TestDatabases.Kind kind) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub, AgentSettings.defaults())) {
            String a = MAIL.signUp(server, APP, "a-" + kind.name().toLowerCase() + "@example.test", PASSWORD);
            String b = MAIL.signUp(server, APP, "b-" + kind.name().toLowerCase() + "@example.test", PASSWORD);
            assertEquals(201, server.sendAs(b, "POST", DIARY, "{\"text\":\"B private\",\"mood\":\"sad\"}").status());
            assertEquals(201, server.sendAs(a, "POST", DIARY, "{\"text\":\"A own\",\"mood\":\"happy\"}").status());

            TestServer.Response created = server.sendAs(a, "POST", BASE, "{\"agent_name\":\"helper\",\"metadata\":{\"topic\":\"diary\"}}");
            assertEquals(200, created.status(), created.body());
            String id = created.json().get("id").asText();
            assertEquals("helper", created.json().get("agent_name").asText());
            assertEquals(0, created.json().get("messages").size());

            // Someone else's conversation: 403 with the contract's message; the service role sees it.
            TestServer.Response other = server.sendAs(b, "GET", BASE + "/" + id, null);
            assertEquals(403, other.status());
            assertEquals("Access denied: conversation belongs to another user", other.json().get("message").asText());
            assertEquals(403, server.sendAs(b, "POST", BASE + "/v2/" + id + "/messages", "{\"role\":\"user\",\"content\":\"hi\"}").status());
            assertEquals(200, server.sendAs(server.serviceToken(), "GET", BASE + "/" + id, null).status());
            assertEquals(404, server.sendAs(a, "POST", BASE, "{\"agent_name\":\"nobody\"}").status());
            assertEquals(404, server.sendAs(a, "GET", BASE + "/nope", null).status());

            // The room: the owner joins, another user is refused.
            BlockingQueue<JsonNode> heardByA = new LinkedBlockingQueue<>();
            BlockingQueue<JsonNode> heardByB = new LinkedBlockingQueue<>();
            assertTrue(join(server, sockets, a, id, heardByA), "the owner joins");
            assertFalse(join(server, sockets, b, id, heardByB), "another user is refused");

            stub.enqueue(ProviderStub.toolCalls("c1", "read_Diary", "{}", "c2", "missing_function", "{\"x\":1}"),
                    ProviderStub.toolCalls("c3", "create_Diary", "{\"data\":{\"text\":\"from agent\"}}"),
                    ProviderStub.chat("Done"));
            TestServer.Response sent = server.sendAs(a, "POST", BASE + "/v2/" + id + "/messages", "{\"role\":\"user\",\"content\":\"what did I write?\"}");
            assertEquals(200, sent.status(), sent.body());
            assertEquals("user", sent.json().get("role").asText());
            assertTrue(sent.json().hasNonNull("id"));

            JsonNode conv = awaitLast(server, a, id, "Done");
            JsonNode messages = conv.get("messages");
            assertEquals(4, messages.size(), messages.toString());
            JsonNode first = messages.get(1).get("tool_calls");
            assertEquals("success", first.get(0).get("status").asText());
            String read = first.get(0).get("results").asText();
            assertTrue(read.contains("A own"), read);
            assertFalse(read.contains("B private"), "never another user's owner-only record: " + read);
            assertFalse(read.contains("happy"), "never a hidden field: " + read);
            assertEquals("error", first.get(1).get("status").asText(), "a failing tool is an error");
            assertEquals("success", messages.get(2).get("tool_calls").get(0).get("status").asText());

            // The record the agent created belongs to A: A reads it, B does not.
            JsonNode mine = server.sendAs(a, "GET", DIARY, null).json();
            JsonNode made = null;
            for (JsonNode r : mine) if (r.get("text").asText().equals("from agent")) made = r;
            assertEquals("a-" + kind.name().toLowerCase() + "@example.test", made.get("created_by").asText());
            assertFalse(server.sendAs(b, "GET", DIARY, null).body().contains("from agent"));

            // What the model got: instructions, tools, the user's message, then the tool results.
            JsonNode firstCall = stub.requests().get(0).body();
            assertEquals("system", firstCall.at("/messages/0/role").asText());
            assertTrue(firstCall.at("/messages/0/content").asText().contains("You keep the user's diary."));
            assertEquals("what did I write?", firstCall.at("/messages/1/content").asText());
            assertTrue(firstCall.get("tools").toString().contains("create_Diary"));
            JsonNode secondCall = stub.requests().get(1).body().get("messages");
            assertEquals("tool", secondCall.get(3).get("role").asText());
            assertEquals("c1", secondCall.get(3).get("tool_call_id").asText());

            // Realtime: the owner heard every change (the user message first, "Done" last); the other user nothing.
            JsonNode push = heardByA.poll(10, TimeUnit.SECONDS);
            assertEquals("what did I write?", push.at("/_message/content").asText());
            assertEquals(id, push.get("id").asText());
            JsonNode last = push;
            while (!last.at("/_message/content").asText().equals("Done")) {
                last = heardByA.poll(10, TimeUnit.SECONDS);
                if (last == null) throw new AssertionError("the owner never heard the answer");
            }
            assertNull(heardByB.poll(200, TimeUnit.MILLISECONDS));

            // Lists: bracket-notation filters in SQL; B has none; the service role sees all.
            assertEquals(1, server.sendAs(a, "GET", BASE + "?q%5Bagent_name%5D=helper&q%5Bmetadata.topic%5D=diary", null).json().size());
            assertEquals(0, server.sendAs(a, "GET", BASE + "?q%5Bmetadata.topic%5D=work", null).json().size());
            assertEquals(0, server.sendAs(b, "GET", BASE, null).json().size());
            JsonNode projected = server.sendAs(a, "GET", BASE + "?fields%5B%5D=agent_name&sort=-created_date&limit=5", null).json();
            assertEquals("helper", projected.get(0).get("agent_name").asText());
            assertFalse(projected.get(0).has("messages"));
            assertEquals(1, server.sendAs(server.serviceToken(), "GET", BASE, null).json().size());
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void limitsFailuresAndVisitors(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub, AgentSettings.defaults().withMaxSteps(3))) {
            String a = MAIL.signUp(server, APP, "loop-" + kind.name().toLowerCase() + "@example.test", PASSWORD);
            String id = server.sendAs(a, "POST", BASE, "{\"agent_name\":\"helper\"}").json().get("id").asText();

            // A model that keeps calling tools: three model calls, then the run ends with a message that says so.
            for (int i = 0; i < 5; i++) stub.enqueue(ProviderStub.toolCalls("l" + i, "read_Diary", "{}"));
            assertEquals(200, server.sendAs(a, "POST", BASE + "/v2/" + id + "/messages", "{\"content\":\"loop\"}").status());
            JsonNode conv = awaitLast(server, a, id, "step limit");
            assertEquals(3, stub.requests().size());
            assertEquals(5, conv.get("messages").size(), "the user message, three tool-call steps, the stop message");

            // A provider failure (500s until the retries run out): an assistant message says so.
            stub.reset();
            stub.enqueue(Reply.json(500, "{}"), Reply.json(500, "{}"), Reply.json(500, "{}"));
            server.sendAs(a, "POST", BASE + "/v2/" + id + "/messages", "{\"content\":\"again\"}");
            awaitLast(server, a, id, "could not answer");

            // Visitors: only where the agent allows it, and only their own conversations.
            Map<String, String> visitor = Map.of("Content-Type", "application/json", "X-Base44-Anonymous-Id", "visitor-1");
            TestServer.Response refused = server.send("POST", BASE, "{\"agent_name\":\"helper\"}", visitor);
            assertEquals(401, refused.status());
            assertEquals("User must be authenticated to create a conversation", refused.json().get("message").asText());
            assertEquals(401, server.send("POST", BASE, "{\"agent_name\":\"kiosk\"}").status(), "no visitor id");
            TestServer.Response kiosk = server.send("POST", BASE, "{\"agent_name\":\"kiosk\"}", visitor);
            assertEquals(200, kiosk.status(), kiosk.body());
            String kioskId = kiosk.json().get("id").asText();
            assertEquals(200, server.send("GET", BASE + "/" + kioskId, null, visitor).status());
            assertEquals(1, server.send("GET", BASE, null, visitor).json().size());
            assertEquals(403, server.send("GET", BASE + "/" + kioskId, null, Map.of("X-Base44-Anonymous-Id", "visitor-2")).status());
            assertEquals(0, server.send("GET", BASE, null, Map.of()).json().size(), "anonymous without an id owns nothing");
            assertEquals(403, server.sendAs(a, "GET", BASE + "/" + kioskId, null).status());

            // Messenger links: a clear 501, never a 500.
            TestServer.Response whatsapp = server.send("GET", "/api/apps/" + APP + "/agents/helper/whatsapp?token=x", null, Map.of());
            assertEquals(501, whatsapp.status());
            assertTrue(whatsapp.json().get("message").asText().contains("WhatsApp"));
            assertEquals(501, server.send("GET", "/api/apps/" + APP + "/agents/helper/telegram", null, Map.of("Accept", "text/html")).status());

            // Bad input: 400 with a message.
            assertEquals(400, server.sendAs(a, "POST", BASE, "{}").status());
            assertEquals(400, server.sendAs(a, "POST", BASE + "/v2/" + id + "/messages", "{\"role\":\"assistant\",\"content\":\"x\"}").status());
            assertEquals(400, server.sendAs(a, "GET", BASE + "?q=%7Bbad", null).status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theTokenBudgetAndTheTimeLimitEndARun(TestDatabases.Kind kind) throws Exception {
        AgentSettings limits = AgentSettings.defaults().withTokenBudget(30).withTimeLimit(java.time.Duration.ofSeconds(3));
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub, limits)) {
            String a = MAIL.signUp(server, APP, "budget-" + kind.name().toLowerCase() + "@example.test", PASSWORD);
            String id = server.sendAs(a, "POST", BASE, "{\"agent_name\":\"helper\"}").json().get("id").asText();

            // 25 tokens a step: the second step passes the budget of 30, and the run stops there.
            stub.enqueue(ProviderStub.toolCalls("t1", "read_Diary", "{}"), ProviderStub.toolCalls("t2", "read_Diary", "{}"),
                    ProviderStub.chat("never sent"));
            server.sendAs(a, "POST", BASE + "/v2/" + id + "/messages", "{\"content\":\"spend\"}");
            awaitLast(server, a, id, "token budget");
            assertEquals(2, stub.requests().size());

            // A model slower than the time limit: the step after it does not start.
            stub.reset();
            Reply slow = ProviderStub.toolCalls("t3", "read_Diary", "{}");
            stub.enqueue(new Reply(slow.status(), slow.body(), slow.headers(), 3500), ProviderStub.chat("never sent"));
            server.sendAs(a, "POST", BASE + "/v2/" + id + "/messages", "{\"content\":\"slow\"}");
            awaitLast(server, a, id, "time limit");
            assertEquals(1, stub.requests().size());
        }
    }

    /** Polls the conversation until its last message contains {@code text} (10 s). */
    static JsonNode awaitLast(TestServer server, String token, String id, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode conv = null;
        while (System.currentTimeMillis() < deadline) {
            conv = server.sendAs(token, "GET", BASE + "/" + id, null).json();
            JsonNode messages = conv.get("messages");
            if (messages.size() > 0 && messages.get(messages.size() - 1).path("content").asText().contains(text)
                    && messages.get(messages.size() - 1).path("role").asText().equals("assistant")) {
                return conv;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no assistant message with \"" + text + "\": " + conv);
    }

    /** Connects as {@code token}, asks to join the conversation's room with an acknowledgement; whether it was joined. */
    static boolean join(TestServer server, List<Socket> sockets, String token, String id, BlockingQueue<JsonNode> heard) throws Exception {
        String query = "app_id=" + APP + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        IO.Options options = IO.Options.builder().setPath("/ws-user-apps/socket.io/").setTransports(new String[] {WebSocket.NAME})
                .setQuery(query).setForceNew(true).setReconnection(false).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        sockets.add(socket);
        String room = "/agent-conversations/" + id;
        BlockingQueue<Boolean> joined = new LinkedBlockingQueue<>();
        socket.on(Socket.EVENT_CONNECT, x -> socket.emit("join", new Object[] {room},
                ack -> joined.add(((JSONObject) ack[0]).optBoolean("ok"))));
        socket.on("update_model", args -> {
            JSONObject payload = (JSONObject) args[0];
            if (!payload.getString("room").equals(room)) throw new AssertionError("room " + payload.getString("room"));
            try {
                heard.add(Json.parse(payload.getString("data")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        socket.connect();
        Boolean ok = joined.poll(5, TimeUnit.SECONDS);
        if (ok == null) throw new AssertionError("no join acknowledgement");
        return ok;
    }
}

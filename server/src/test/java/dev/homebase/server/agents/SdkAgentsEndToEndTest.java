package dev.homebase.server.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.realtime.Subscription;
import dev.homebase.server.ai.ProviderStub;
import dev.homebase.server.http.TestMail;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java SDK's {@code agents()} against a real server and provider stub, on both databases: create, add a message,
 * {@code subscribeToConversation} (acknowledged join) receiving the reply with the whole conversation, list, the
 * service role, and another user refused.
 */
class SdkAgentsEndToEndTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final String APP = "agenttest";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void conversationsThroughTheSdk(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub();
             TestServer server = new TestServer(TestServer.copyFixture(APP), TestDatabases.freshUrl(kind),
                     TestServer.fastAuth().withSmtp(MAIL.settings()), stub.settings(), AgentSettings.defaults())) {
            String url = "http://127.0.0.1:" + server.port();
            String ownerToken = MAIL.signUp(server, APP, "sdk-owner-" + kind.name().toLowerCase() + "@example.test", PASSWORD);
            String otherToken = MAIL.signUp(server, APP, "sdk-other-" + kind.name().toLowerCase() + "@example.test", PASSWORD);
            try (Base44Client owner = Base44.createClient(ClientConfig.builder().serverUrl(url).appId(APP).token(ownerToken)
                         .serviceToken(server.serviceToken()).build());
                 Base44Client other = Base44.createClient(ClientConfig.builder().serverUrl(url).appId(APP).token(otherToken).build())) {
                Map<String, Object> conv = owner.agents().createConversation("helper");
                String id = (String) conv.get("id");
                assertEquals("helper", conv.get("agent_name"));

                BlockingQueue<Map<String, Object>> updates = new LinkedBlockingQueue<>();
                try (Subscription ignored = owner.agents().subscribeToConversation(id, updates::add)) {
                    stub.enqueue(ProviderStub.chat("Hello from the agent"));
                    Map<String, Object> stored = owner.agents().addMessage(conv, Map.of("role", "user", "content", "hi"));
                    assertEquals("user", stored.get("role"));
                    Map<String, Object> latest = null;
                    long deadline = System.currentTimeMillis() + 10_000;
                    while (System.currentTimeMillis() < deadline) {
                        Map<String, Object> u = updates.poll(200, TimeUnit.MILLISECONDS);
                        if (u != null) latest = u;
                        if (latest != null && lastContent(latest).equals("Hello from the agent")) break;
                    }
                    assertTrue(latest != null && lastContent(latest).equals("Hello from the agent"), "the reply arrives: " + latest);
                    assertEquals(2, ((List<?>) latest.get("messages")).size(), "the conversation whole: the user message and the reply");
                }

                assertEquals(1, owner.agents().listConversations(Map.of("q", Map.of("agent_name", "helper"))).size());
                assertEquals(2, ((List<?>) owner.asServiceRole().agents().getConversation(id).get("messages")).size());
                assertEquals(0, other.agents().getConversations().size());
                Base44Exception refused = assertThrows(Base44Exception.class, () -> other.agents().subscribeToConversation(id, c -> { }));
                assertEquals(403, refused.status());
            }
        }
    }

    private static String lastContent(Map<String, Object> conversation) {
        List<?> messages = (List<?>) conversation.get("messages");
        return messages.isEmpty() ? "" : String.valueOf(((Map<?, ?>) messages.get(messages.size() - 1)).get("content"));
    }
}

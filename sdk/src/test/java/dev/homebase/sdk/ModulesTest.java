package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.agents.AiGatewayConnection;
import dev.homebase.sdk.connectors.ConnectorApiRequest;
import dev.homebase.sdk.connectors.ConnectorApiResponse;
import dev.homebase.sdk.connectors.ConnectorConnection;
import dev.homebase.sdk.connectors.ConnectorsModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModulesTest {
    private RecordingServer server;
    private Base44Client client;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("u")
                .serviceToken("s").build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void userConnectors() {
        server.respondJson("{\"redirect_url\":\"https://provider/oauth\"}");
        assertEquals("https://provider/oauth", client.connectors().connectAppUser("google calendar"));
        RecordingServer.Recorded r = server.take();
        assertEquals("POST", r.method());
        assertEquals("/api/apps/app1/app-user-auth/connectors/google%20calendar/initiate", r.rawPath());
        assertEquals(0, r.body().length);

        client.connectors().disconnectAppUser("c1");
        RecordingServer.Recorded d = server.take();
        assertEquals("DELETE", d.method());
        assertEquals("/api/apps/app1/app-user-auth/connectors/c1", d.rawPath());

        assertEquals("Connector ID is required and must be a string",
                assertThrows(IllegalArgumentException.class, () -> client.connectors().connectAppUser("")).getMessage());
    }

    @Test
    @SuppressWarnings("deprecation")
    void serviceConnectors() {
        ConnectorsModule connectors = client.asServiceRole().connectors();
        server.respondJson("{\"access_token\":\"xoxb\",\"integration_type\":\"slack\",\"connection_config\":{\"team\":\"t\"}}");
        ConnectorConnection c = connectors.getConnection("slack");
        RecordingServer.Recorded r = server.take();
        assertEquals("GET", r.method());
        assertEquals("/api/apps/app1/external-auth/tokens/slack", r.rawPath());
        assertEquals("Bearer s", r.header("Authorization"));
        assertEquals("Bearer u", r.header("on-behalf-of"));
        assertEquals(new ConnectorConnection("xoxb", Map.of("team", "t")), c);

        server.respondJson("{\"access_token\":\"a\"}");
        assertEquals("a", connectors.getAccessToken("slack"));
        server.take();
        server.respondJson("{\"access_token\":\"w\",\"connection_config\":null}");
        assertNull(connectors.getWorkspaceConnection("conn/1").connectionConfig());
        assertEquals("/api/apps/app1/external-auth/tokens/connectors/conn%2F1", server.take().rawPath());
        server.respondJson("{\"access_token\":\"me\"}");
        assertEquals("me", connectors.getCurrentAppUserConnection("c2").accessToken());
        assertEquals("/api/apps/app1/app-user-auth/connectors/c2/token", server.take().rawPath());
        server.respondJson("{\"access_token\":\"me2\"}");
        assertEquals("me2", connectors.getCurrentAppUserAccessToken("c2"));
        server.take();

        assertEquals("Integration type is required and must be a string",
                assertThrows(IllegalArgumentException.class, () -> connectors.getConnection(null)).getMessage());
    }

    @Test
    void connectorCallApi() {
        ConnectorsModule connectors = client.asServiceRole().connectors();
        server.respondJson("{\"success\":true,\"phase\":\"responded\",\"status_code\":201,\"data\":{\"id\":1},"
                + "\"data_base64\":null,\"content_type\":\"application/json\",\"headers\":{\"x\":\"y\"},\"credits_charged\":1.5}");
        ConnectorApiResponse r = connectors.callApi("twitter", ConnectorApiRequest.post("/2/tweets", Map.of("text", "hi")));
        RecordingServer.Recorded req = server.take();
        assertEquals("/api/apps/app1/connectors/twitter/call", req.rawPath());
        assertEquals("{\"method\":\"POST\",\"path\":\"/2/tweets\",\"query\":{},\"headers\":{},\"body\":{\"text\":\"hi\"}}",
                req.text());
        assertTrue(r.success());
        assertEquals("responded", r.phase());
        assertEquals(201, r.status());
        assertEquals(1, r.data().path("id").asInt());
        assertEquals("application/json", r.contentType());
        assertEquals(Map.of("x", "y"), r.headers());
        assertEquals(1.5, r.creditsCharged());

        server.respondJson("{\"success\":false,\"phase\":\"not_sent\"}");
        ConnectorApiResponse empty = connectors.callApi("t", new ConnectorApiRequest(null, "api", "/x", null, null, null));
        assertEquals("{\"method\":\"GET\",\"host\":\"api\",\"path\":\"/x\",\"query\":{},\"headers\":{},\"body\":null}",
                server.take().text());
        assertNull(empty.status());
        assertEquals(Map.of(), empty.headers());
        assertEquals(0.0, empty.creditsCharged());

        assertEquals("Request is required and must be an object",
                assertThrows(IllegalArgumentException.class, () -> connectors.callApi("t", null)).getMessage());
        assertEquals("Request path is required and must be a string", assertThrows(IllegalArgumentException.class,
                () -> connectors.callApi("t", ConnectorApiRequest.get(""))).getMessage());
        assertEquals("Request method must be one of GET, POST, PUT, PATCH, DELETE, or HEAD",
                assertThrows(IllegalArgumentException.class, () -> connectors.callApi("t",
                        new ConnectorApiRequest("TRACE", null, "/x", null, null, null))).getMessage());
        assertEquals("Integration type is required and must be a string", assertThrows(IllegalArgumentException.class,
                () -> connectors.callApi("", ConnectorApiRequest.get("/x"))).getMessage());
    }

    @Test
    void sso() {
        server.respondJson("{\"access_token\":\"at\"}");
        assertEquals("at", client.asServiceRole().sso().getAccessToken("u1").get("access_token"));
        assertEquals("/api/apps/app1/auth/sso/accesstoken/u1", server.take().rawPath());
        server.respondJson("\"eyJ.id.token\"");
        assertEquals("eyJ.id.token", client.asServiceRole().sso().getIdToken("u1"));
        assertEquals("/api/apps/app1/auth/sso/idtoken/u1", server.take().rawPath());
    }

    @Test
    void usersInviteChecksTheRole() throws InterruptedException {
        client.users().inviteUser("a@b.c", "admin");
        RecordingServer.Recorded r = server.take();
        assertEquals("/api/apps/app1/runtime/users/invite-user", r.rawPath());
        assertEquals("{\"user_email\":\"a@b.c\",\"role\":\"admin\"}", r.text());
        assertEquals("Invalid role: \"owner\". Role must be either \"user\" or \"admin\".",
                assertThrows(IllegalArgumentException.class, () -> client.users().inviteUser("a@b.c", "owner")).getMessage());
        assertNull(server.poll(100));
    }

    @Test
    void appLogsAndPublicSettings() {
        client.appLogs().logUserInApp("/dash/board");
        RecordingServer.Recorded log = server.take();
        assertEquals("POST", log.method());
        assertEquals("/api/app-logs/app1/log-user-in-app//dash/board", log.rawPath());
        assertEquals("0", log.header("Content-Length"));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("limit", 10);
        params.put("page", "home page");
        client.appLogs().fetchLogs(params);
        RecordingServer.Recorded fetch = server.take();
        assertEquals("/api/app-logs/app1", fetch.rawPath());
        assertEquals("limit=10&page=home+page", fetch.rawQuery());
        client.asServiceRole().appLogs().getStats(null);
        RecordingServer.Recorded stats = server.take();
        assertEquals("/api/app-logs/app1/stats", stats.rawPath());
        assertEquals("Bearer s", stats.header("Authorization"));

        server.respondJson("{\"id\":\"app1\",\"public_settings\":\"public_without_login\"}");
        assertEquals("public_without_login", client.app().getPublicSettings().get("public_settings"));
        assertEquals("/api/apps/public/prod/public-settings/by-id/app1", server.take().rawPath());
    }

    @Test
    void agents() {
        server.respondJson("[{\"id\":\"c1\"}]");
        assertEquals("c1", client.agents().getConversations().get(0).get("id"));
        assertEquals("/api/apps/app1/agents/conversations", server.take().rawPath());

        server.respondJson("[]");
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("agent_name", "support bot");
        q.put("metadata.priority", "high");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("q", q);
        params.put("sort", "-created_date");
        params.put("limit", 5);
        params.put("fields", List.of("id", "agent_name"));
        params.put("skip", null);
        client.agents().listConversations(params);
        assertEquals("q%5Bagent_name%5D=support+bot&q%5Bmetadata.priority%5D=high&sort=-created_date&limit=5"
                + "&fields%5B%5D=id&fields%5B%5D=agent_name", server.take().rawQuery());

        server.respondJson("{\"id\":\"c1\",\"messages\":[]}");
        assertEquals("c1", client.agents().getConversation("c1").get("id"));
        assertEquals("/api/apps/app1/agents/conversations/c1", server.take().rawPath());

        server.respondJson("{\"id\":\"c2\"}");
        client.agents().createConversation("support");
        RecordingServer.Recorded create = server.take();
        assertEquals("POST", create.method());
        assertEquals("{\"agent_name\":\"support\"}", create.text());

        server.respondJson("{\"id\":\"m1\"}");
        client.agents().addMessage(Map.of("id", "c2"), Map.of("role", "user", "content", "hi"));
        RecordingServer.Recorded msg = server.take();
        assertEquals("/api/apps/app1/agents/conversations/v2/c2/messages", msg.rawPath());
        assertEquals("user", msg.json().path("role").asText());

        assertEquals(server.url() + "/api/apps/app1/agents/support/whatsapp?token=u",
                client.agents().getWhatsAppConnectURL("support"));
        assertEquals(server.url() + "/api/apps/app1/agents/my%20bot/telegram?token=u",
                client.asServiceRole().agents().getTelegramConnectURL("my bot"));
        assertThrows(IllegalArgumentException.class, () -> client.agents().addMessage(Map.of(), Map.of()));
    }

    @Test
    void aiGateway() {
        AiGatewayConnection c = client.aiGateway().connection();
        assertEquals(server.url() + "/api/apps/app1/ai/openai/v1", c.baseUrl());
        assertEquals("u", c.token());
        assertEquals("s", client.asServiceRole().aiGateway().connection("typesafe").token());
        assertEquals("Unsupported AI Gateway provider: anthropic", assertThrows(IllegalArgumentException.class,
                () -> client.aiGateway().connection("anthropic")).getMessage());
        try (Base44Client anonymous = Base44.createClient(ClientConfig.builder().appId("a").build())) {
            assertEquals("", anonymous.aiGateway().connection().token());
            assertEquals("https://base44.app/api/apps/a/ai/openai/v1", anonymous.aiGateway().connection().baseUrl());
        }
    }

    @Test
    void analyticsBatchesEventsWithTheUserId() throws InterruptedException {
        server.respondJson("{\"id\":\"user-7\"}");
        client.analytics().track("signup_click", Map.of("plan", "pro"));
        client.analytics().track("second");
        client.analytics().flush();
        RecordingServer.Recorded me = server.take();
        assertEquals("/api/apps/app1/entities/User/me", me.rawPath());
        RecordingServer.Recorded batch = server.take();
        assertEquals("POST", batch.method());
        assertEquals("/api/apps/app1/analytics/track/batch", batch.rawPath());
        JsonNode events = batch.json().path("events");
        assertEquals(2, events.size());
        JsonNode first = events.get(0);
        assertEquals("signup_click", first.path("event_name").asText());
        assertEquals("pro", first.path("properties").path("plan").asText());
        assertEquals("user-7", first.path("user_id").asText());
        assertTrue(first.path("page_url").isNull());
        assertFalse(first.path("session_id").asText().isEmpty());
        assertTrue(first.path("timestamp").asText().endsWith("Z"));
        assertTrue(events.get(1).path("properties").isNull());
    }

    @Test
    void analyticsSendsInTheBackgroundAndCanBeDisabled() throws InterruptedException {
        try (Base44Client anonymous = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("a").build())) {
            anonymous.analytics().track("bg");
            RecordingServer.Recorded batch = server.take();
            assertEquals("/api/apps/a/analytics/track/batch", batch.rawPath());
            assertTrue(batch.json().path("events").get(0).path("user_id").isNull(), "no token, no me() call");
        }
        try (Base44Client off = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("a")
                .analyticsEnabled(false).build())) {
            off.analytics().track("ignored");
            off.analytics().flush();
        }
        assertNull(server.poll(300));
    }

    @Test
    void analyticsErrorsAreSwallowed() {
        server.respond(500, "{}");
        server.respond(500, "{}");
        client.analytics().track("x");
        client.analytics().flush();
    }
}

package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.agents.AgentsModule;
import dev.homebase.sdk.app.AppLogsModule;
import dev.homebase.sdk.auth.AuthModule;
import dev.homebase.sdk.auth.LoginResult;
import dev.homebase.sdk.auth.User;
import dev.homebase.sdk.connectors.ConnectorApiRequest;
import dev.homebase.sdk.connectors.ConnectorApiResponse;
import dev.homebase.sdk.connectors.ConnectorConnection;
import dev.homebase.sdk.connectors.ConnectorsModule;
import dev.homebase.sdk.connectors.UserConnectorsModule;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ImportResult;
import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import dev.homebase.sdk.functions.FunctionException;
import dev.homebase.sdk.functions.FunctionResponse;
import dev.homebase.sdk.integrations.CoreIntegrations;
import dev.homebase.sdk.integrations.CustomIntegrationResult;
import dev.homebase.sdk.integrations.IntegrationsModule;
import dev.homebase.sdk.integrations.InvokeLlmRequest;
import dev.homebase.sdk.integrations.SendEmailRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code *Async} variants: the same requests as the blocking methods, results converted the
 * same way, and failures completing the future with the {@link Base44Exception} itself.
 */
class AsyncTest {
    record Task(String id, String title) {
    }

    private RecordingServer server;
    private Base44Client client;
    private final List<Base44Exception> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("tok")
                .requestTimeout(Duration.ofMillis(800)).errorListener(heard::add).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void entityRequestsMatchTheBlockingOnes() {
        EntityHandler<Task> tasks = client.entities("Task", Task.class);
        server.respondJson("[{\"id\":\"1\",\"title\":\"a\",\"extra\":true}]");
        assertEquals(List.of(new Task("1", "a")), tasks.filterAsync(Map.of("done", false), "-title", 5, 10, null).join());
        RecordingServer.Recorded r = server.take();
        assertEquals("GET", r.method());
        assertEquals("/api/apps/app1/entities/Task", r.rawPath());
        assertEquals("q=%7B%22done%22:false%7D&sort=-title&limit=5&skip=10", r.rawQuery());
        assertEquals("Bearer tok", r.header("Authorization"));
        assertEquals("app1", r.header("X-App-Id"));

        server.respondJson("{\"items\":[{\"id\":\"2\",\"title\":\"b\"}],\"next_cursor\":\"c2\",\"has_more\":true}");
        Page<Task> page = tasks.listAsync(ListOptions.builder().limit(1).build()).join();
        assertEquals("/api/apps/app1/entities/Task/v2/list", server.take().rawPath());
        assertEquals(List.of(new Task("2", "b")), page.items());
        assertEquals("c2", page.nextCursor());

        server.respondJson("{\"id\":\"3\",\"title\":\"c\"}");
        assertEquals(new Task("3", "c"), tasks.createAsync(Map.of("title", "c")).join());
        RecordingServer.Recorded created = server.take();
        assertEquals("POST", created.method());
        assertEquals("{\"title\":\"c\"}", created.text());

        server.respondJson("{\"id\":\"3\",\"title\":\"d\"}");
        tasks.updateAsync("3", Map.of("title", "d")).join();
        RecordingServer.Recorded updated = server.take();
        assertEquals("PUT", updated.method());
        assertEquals("/api/apps/app1/entities/Task/3", updated.rawPath());

        server.respondJson("{\"count\":7}");
        assertEquals(7L, tasks.countAsync(Map.of("a", 1)).join());
        assertEquals("/api/apps/app1/entities/Task/count", server.take().rawPath());

        server.respondJson("{\"success\":true,\"deleted\":2}");
        assertEquals(2, tasks.deleteManyAsync(Map.of("a", 1)).join().deleted());
        RecordingServer.Recorded deleted = server.take();
        assertEquals("DELETE", deleted.method());
        assertEquals("{\"a\":1}", deleted.text());

        server.respondJson("{\"created\":1,\"updated\":0,\"records\":[{\"id\":\"9\",\"title\":\"k\"}]}");
        assertEquals(1, tasks.upsertAsync(List.of(Map.of("title", "k")), "title").join().created());
        assertEquals("{\"records\":[{\"title\":\"k\"}],\"key\":\"title\"}", server.take().text());
        assertTrue(heard.isEmpty());
    }

    @Test
    void errorsCompleteWithTheBase44ExceptionItself() {
        server.respond(404, "{\"message\":\"Entity Task with ID x not found\",\"code\":\"NOT_FOUND\"}");
        CompletableFuture<Map<String, Object>> missing = client.entities("Task").getAsync("x");
        CompletionException wrapped = assertThrows(CompletionException.class, missing::join);
        Base44Exception e = assertInstanceOf(Base44Exception.class, wrapped.getCause());
        assertEquals(404, e.status());
        assertEquals("NOT_FOUND", e.code());
        assertEquals("Entity Task with ID x not found", e.getMessage());
        // Callbacks see the exception unwrapped, and the error listener heard about it.
        List<Throwable> seen = new ArrayList<>();
        missing.whenComplete((v, t) -> seen.add(t));
        assertEquals(List.of(e), seen);
        assertEquals(List.of(e), heard);

        server.respondJson("{\"id\":");
        Base44Exception truncated = assertInstanceOf(Base44Exception.class,
                assertThrows(CompletionException.class, () -> client.entities("Task").getAsync("y").join()).getCause());
        assertEquals("INVALID_RESPONSE", truncated.code());
        assertEquals(200, truncated.status());
    }

    @Test
    void timeoutsAndUnreachableServersFailTheFuture() throws Exception {
        server.respondSlowly(3000, "[]");
        Base44Exception timeout = assertInstanceOf(Base44Exception.class, assertThrows(CompletionException.class,
                () -> client.entities("Task").listAsync().join()).getCause());
        assertEquals("ECONNABORTED", timeout.code());
        assertEquals(0, timeout.status());

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Base44Client nowhere = Base44.createClient(ClientConfig.builder().serverUrl("http://127.0.0.1:" + port)
                .appId("a").build())) {
            Base44Exception refused = assertInstanceOf(Base44Exception.class, assertThrows(CompletionException.class,
                    () -> nowhere.entities("Task").countAsync(null).join()).getCause());
            assertEquals(0, refused.status());
            assertEquals("ERR_NETWORK", refused.code());
        }
    }

    @Test
    void argumentErrorsAreThrownBeforeAnyRequest() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> client.entities("Task").getAsync(" "));
        assertThrows(IllegalArgumentException.class, () -> client.entities("Task").upsertAsync(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> client.functions().invokeAsync("f", "text"));
        assertEquals(null, server.poll(100));
    }

    @Test
    void theCallingThreadIsNotBlocked() {
        server.respondSlowly(500, "{\"id\":\"1\"}");
        CompletableFuture<Map<String, Object>> later = client.entities("Task").getAsync("1");
        assertFalse(later.isDone(), "the answer comes 500 ms later; the call returned at once");
        assertEquals("1", later.join().get("id"));
    }

    @Test
    void functionsAndAuthHaveAsyncVariants() {
        server.respond(201, "{\"ok\":true}");
        FunctionResponse r = client.functions().invokeAsync("orders/process", Map.of("n", 1)).join();
        assertEquals(201, r.status());
        RecordingServer.Recorded call = server.take();
        assertEquals("/api/apps/app1/functions/orders/process", call.rawPath());
        assertEquals("{\"n\":1}", call.text());

        server.respond(500, "boom");
        FunctionException failed = assertInstanceOf(FunctionException.class, assertThrows(CompletionException.class,
                () -> client.functions().invokeAsync("f", null).join()).getCause());
        assertEquals(500, failed.status());
        server.take();

        server.respondJson("{\"access_token\":\"fresh\",\"user\":{\"id\":\"u1\",\"email\":\"ana@example.com\"}}");
        LoginResult login = client.auth().loginViaEmailPasswordAsync("ana@example.com", "pw").join();
        assertEquals("fresh", login.accessToken());
        assertEquals("{\"email\":\"ana@example.com\",\"password\":\"pw\"}", server.take().text());
        assertEquals("fresh", client.token().orElseThrow(), "the token is set before the future completes");

        server.respondJson("{\"id\":\"u1\",\"email\":\"ana@example.com\",\"role\":\"user\"}");
        assertEquals("ana@example.com", client.auth().meAsync().join().email());
        RecordingServer.Recorded me = server.take();
        assertEquals("/api/apps/app1/entities/User/me", me.rawPath());
        assertEquals("Bearer fresh", me.header("Authorization"));
    }

    /**
     * Sends the blocking call, then the async one, against the same canned answer, and checks that
     * both sent the same request; returns the async request and the async result.
     */
    private <R> Object[] sameRequest(String answer, Runnable blocking, Supplier<CompletableFuture<R>> async) {
        server.respondJson(answer);
        blocking.run();
        RecordingServer.Recorded sync = server.take();
        server.respondJson(answer);
        R result = async.get().join();
        RecordingServer.Recorded later = server.take();
        assertEquals(sync.method(), later.method());
        assertEquals(sync.rawPath(), later.rawPath());
        assertEquals(sync.rawQuery(), later.rawQuery());
        assertEquals(sync.header("Authorization"), later.header("Authorization"));
        String type = sync.header("Content-Type");
        if (type != null && type.startsWith("multipart/")) {
            assertTrue(later.header("Content-Type").startsWith("multipart/form-data"), later.header("Content-Type"));
            assertEquals(sync.text().replace(boundary(sync), ""), later.text().replace(boundary(later), ""));
        } else {
            assertEquals(sync.text(), later.text());
        }
        return new Object[] {later, result};
    }

    private static String boundary(RecordingServer.Recorded r) {
        String type = r.header("Content-Type");
        return type.substring(type.indexOf("boundary=") + "boundary=".length());
    }

    private static RecordingServer.Recorded request(Object[] sent) {
        return (RecordingServer.Recorded) sent[0];
    }

    @Test
    void authRequestsMatchTheBlockingOnes() {
        AuthModule auth = client.auth();
        assertEquals("/api/apps/app1/auth/register", request(sameRequest("{}",
                () -> auth.register("a@b.c", "longpassword"), () -> auth.registerAsync("a@b.c", "longpassword"))).rawPath());
        sameRequest("{}", () -> auth.register(Map.of("email", "a@b.c", "password", "pw", "referral_code", "r")),
                () -> auth.registerAsync(Map.of("email", "a@b.c", "password", "pw", "referral_code", "r")));
        RecordingServer.Recorded otp = request(sameRequest("{\"access_token\":\"x\"}",
                () -> auth.verifyOtp("a@b.c", "123456"), () -> auth.verifyOtpAsync("a@b.c", "123456")));
        assertEquals("/api/apps/app1/auth/verify-otp", otp.rawPath());
        assertEquals("{\"email\":\"a@b.c\",\"otp_code\":\"123456\"}", otp.text());
        sameRequest("{}", () -> auth.resendOtp("a@b.c"), () -> auth.resendOtpAsync("a@b.c"));
        sameRequest("{}", () -> auth.resetPasswordRequest("a@b.c"), () -> auth.resetPasswordRequestAsync("a@b.c"));
        sameRequest("{}", () -> auth.resetPassword("rt", "newpassword"), () -> auth.resetPasswordAsync("rt", "newpassword"));
        RecordingServer.Recorded change = request(sameRequest("{}", () -> auth.changePassword("u1", "old", "new"),
                () -> auth.changePasswordAsync("u1", "old", "new")));
        assertEquals("{\"user_id\":\"u1\",\"current_password\":\"old\",\"new_password\":\"new\"}", change.text());
        assertEquals("/api/apps/app1/users/invite-user", request(sameRequest("{}",
                () -> auth.inviteUser("a@b.c", "editor"), () -> auth.inviteUserAsync("a@b.c", "editor"))).rawPath());
        Object[] updated = sameRequest("{\"id\":\"u1\",\"nickname\":\"an\"}", () -> auth.updateMe(Map.of("nickname", "an")),
                () -> auth.updateMeAsync(Map.of("nickname", "an")));
        assertEquals("PUT", request(updated).method());
        assertEquals("an", ((User) updated[1]).get("nickname"));

        server.respondJson("{\"access_token\":\"fresh\",\"user\":{\"id\":\"u1\"}}");
        auth.loginViaEmailPasswordAsync("a@b.c", "pw", "captcha").join();
        assertEquals("{\"email\":\"a@b.c\",\"password\":\"pw\",\"turnstile_token\":\"captcha\"}", server.take().text());
        assertEquals("fresh", client.token().orElseThrow());

        server.respondJson("{\"id\":\"u1\"}");
        assertTrue(auth.isAuthenticatedAsync().join());
        server.take();
        server.respond(401, "{\"message\":\"Unauthorized\"}");
        assertFalse(auth.isAuthenticatedAsync().join(), "a failure completes with false, not exceptionally");
        assertEquals("/api/apps/app1/entities/User/me", server.take().rawPath());

        server.respond(400, "{\"message\":\"Invalid code\"}");
        Base44Exception bad = assertInstanceOf(Base44Exception.class, assertThrows(CompletionException.class,
                () -> auth.verifyOtpAsync("a@b.c", "000000").join()).getCause());
        assertEquals(400, bad.status());
        assertEquals("Invalid code", bad.getMessage());
        server.take();
        assertThrows(IllegalArgumentException.class, () -> auth.changePasswordAsync(" ", "a", "b"));
    }

    @Test
    void integrationRequestsMatchTheBlockingOnes(@TempDir Path dir) throws Exception {
        IntegrationsModule integrations = client.integrations();
        CoreIntegrations core = integrations.core();
        Object[] llm = sameRequest("\"the answer\"", () -> core.invokeLLM("hi"), () -> core.invokeLLMAsync("hi"));
        assertEquals("/api/apps/app1/integration-endpoints/Core/InvokeLLM", request(llm).rawPath());
        assertEquals("{\"prompt\":\"hi\"}", request(llm).text());
        assertEquals("the answer", llm[1]);
        InvokeLlmRequest structured = InvokeLlmRequest.of("hi").withResponseJsonSchema(Map.of("type", "object"));
        assertEquals(new Task("t", "x"), sameRequest("{\"id\":\"t\",\"title\":\"x\"}",
                () -> core.invokeLLM(structured, Task.class), () -> core.invokeLLMAsync(structured, Task.class))[1]);
        sameRequest("{}", () -> core.invokeLLM(structured), () -> core.invokeLLMAsync(structured));
        sameRequest("{}", () -> core.sendEmail("a@b.c", "s", "b"), () -> core.sendEmailAsync("a@b.c", "s", "b"));
        sameRequest("{}", () -> core.sendEmail(new SendEmailRequest("a@b.c", "s", "b", "Shop")),
                () -> core.sendEmailAsync(new SendEmailRequest("a@b.c", "s", "b", "Shop")));
        FilePart part = FilePart.of("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Object[] upload = sameRequest("{\"file_url\":\"https://f/a.txt\"}", () -> core.uploadFile(part),
                () -> core.uploadFileAsync(part));
        assertEquals("https://f/a.txt", upload[1]);
        assertTrue(request(upload).text().contains("hello"));
        Path file = Files.writeString(dir.resolve("b.txt"), "from disk");
        assertEquals("https://f/b.txt", sameRequest("{\"file_url\":\"https://f/b.txt\"}", () -> core.uploadFile(file),
                () -> core.uploadFileAsync(file))[1]);
        assertEquals("p://a", sameRequest("{\"file_uri\":\"p://a\"}", () -> core.uploadPrivateFile(part),
                () -> core.uploadPrivateFileAsync(part))[1]);
        sameRequest("{\"file_uri\":\"p://b\"}", () -> core.uploadPrivateFile(file), () -> core.uploadPrivateFileAsync(file));
        Object[] signed = sameRequest("{\"signed_url\":\"https://s\"}", () -> core.createFileSignedUrl("p://a", 60),
                () -> core.createFileSignedUrlAsync("p://a", 60));
        assertEquals("{\"file_uri\":\"p://a\",\"expires_in\":60}", request(signed).text());
        assertEquals("https://s", signed[1]);
        sameRequest("{\"signed_url\":\"https://s\"}", () -> core.createFileSignedUrl("p://a"),
                () -> core.createFileSignedUrlAsync("p://a"));
        assertEquals("https://img", sameRequest("{\"url\":\"https://img\"}", () -> core.generateImage("cat"),
                () -> core.generateImageAsync("cat"))[1]);
        sameRequest("{}", () -> core.extractDataFromUploadedFile("https://f", Map.of("type", "object")),
                () -> core.extractDataFromUploadedFileAsync("https://f", Map.of("type", "object")));
        sameRequest("{}", () -> core.invoke("Other", Map.of("a", 1)), () -> core.invokeAsync("Other", Map.of("a", 1)));
        Object[] installable = sameRequest("{\"ok\":true}", () -> integrations.invoke("Slack", "Post", Map.of("t", "hi")),
                () -> integrations.invokeAsync("Slack", "Post", Map.of("t", "hi")));
        assertEquals("/api/apps/app1/integration-endpoints/installable/Slack/integration-endpoints/Post",
                request(installable).rawPath());
        assertEquals(Map.of("ok", true), sameRequest("{\"ok\":true}", () -> integrations.invoke("Slack", "Post", null, Map.class),
                () -> integrations.invokeAsync("Slack", "Post", null, Map.class))[1]);
        Object[] custom = sameRequest("{\"success\":true,\"status_code\":201,\"data\":{\"n\":1}}",
                () -> integrations.custom().call("github", "get:/repos", Map.of("pathParams", Map.of("o", "x"))),
                () -> integrations.custom().callAsync("github", "get:/repos", Map.of("pathParams", Map.of("o", "x"))));
        assertEquals("/api/apps/app1/integrations/custom/github/get:/repos", request(custom).rawPath());
        assertEquals("{\"path_params\":{\"o\":\"x\"}}", request(custom).text());
        CustomIntegrationResult result = (CustomIntegrationResult) custom[1];
        assertEquals(201, result.statusCode());
        assertTrue(result.success());
        sameRequest("{}", () -> integrations.custom().call("github", "op"), () -> integrations.custom().callAsync("github", "op"));

        assertThrows(IllegalArgumentException.class, () -> core.createFileSignedUrlAsync("p://a", 0));
        assertThrows(IllegalArgumentException.class, () -> integrations.invokeAsync("Core", "X", "text"));
        assertThrows(IllegalArgumentException.class, () -> integrations.custom().callAsync(" ", "op"));
        assertEquals(null, server.poll(100));
    }

    @Test
    void otherModulesMatchTheBlockingOnes(@TempDir Path dir) throws Exception {
        assertEquals("/api/apps/app1/runtime/users/invite-user", request(sameRequest("{}",
                () -> client.users().inviteUser("a@b.c", "admin"), () -> client.users().inviteUserAsync("a@b.c", "admin"))).rawPath());
        assertThrows(IllegalArgumentException.class, () -> client.users().inviteUserAsync("a@b.c", "owner"));
        Object[] settings = sameRequest("{\"id\":\"app1\",\"public_settings\":{}}", () -> client.app().getPublicSettings(),
                () -> client.app().getPublicSettingsAsync());
        assertEquals("/api/apps/public/prod/public-settings/by-id/app1", request(settings).rawPath());
        assertEquals("app1", ((Map<?, ?>) settings[1]).get("id"));
        AppLogsModule logs = client.appLogs();
        assertEquals("/api/app-logs/app1/log-user-in-app/dash/board", request(sameRequest("{}",
                () -> logs.logUserInApp("dash/board"), () -> logs.logUserInAppAsync("dash/board"))).rawPath());
        assertEquals("limit=5", request(sameRequest("[]", () -> logs.fetchLogs(Map.of("limit", 5)),
                () -> logs.fetchLogsAsync(Map.of("limit", 5)))).rawQuery());
        sameRequest("{}", () -> logs.getStats(null), () -> logs.getStatsAsync(null));

        AgentsModule agents = client.agents();
        Object[] listed = sameRequest("[{\"id\":\"c1\"}]", agents::getConversations, agents::getConversationsAsync);
        assertEquals("/api/apps/app1/agents/conversations", request(listed).rawPath());
        assertEquals(List.of(Map.of("id", "c1")), listed[1]);
        sameRequest("[]", () -> agents.listConversations(Map.of("limit", 2)), () -> agents.listConversationsAsync(Map.of("limit", 2)));
        sameRequest("{}", () -> agents.getConversation("c1"), () -> agents.getConversationAsync("c1"));
        sameRequest("{}", () -> agents.createConversation("helper"), () -> agents.createConversationAsync("helper"));
        sameRequest("{}", () -> agents.createConversation(Map.of("agent_name", "h")),
                () -> agents.createConversationAsync(Map.of("agent_name", "h")));
        assertEquals("/api/apps/app1/agents/conversations/v2/c1/messages", request(sameRequest("{}",
                () -> agents.addMessage(Map.of("id", "c1"), Map.of("content", "hi")),
                () -> agents.addMessageAsync(Map.of("id", "c1"), Map.of("content", "hi")))).rawPath());
        sameRequest("{}", () -> agents.addMessage("c1", Map.of("content", "hi")), () -> agents.addMessageAsync("c1", Map.of("content", "hi")));

        UserConnectorsModule userConnectors = client.connectors();
        assertEquals("https://oauth", sameRequest("{\"redirect_url\":\"https://oauth\"}",
                () -> userConnectors.connectAppUser("c1"), () -> userConnectors.connectAppUserAsync("c1"))[1]);
        assertEquals("DELETE", request(sameRequest("{}", () -> userConnectors.disconnectAppUser("c1"),
                () -> userConnectors.disconnectAppUserAsync("c1"))).method());

        EntityHandler<Task> tasks = client.entities("Task", Task.class);
        Path csv = Files.writeString(dir.resolve("t.csv"), "title\nA\n");
        Object[] imported = sameRequest("{\"status\":\"success\",\"details\":\"1 row\",\"output\":[{\"id\":\"9\",\"title\":\"A\"}]}",
                () -> tasks.importEntities(csv), () -> tasks.importEntitiesAsync(csv));
        assertEquals("/api/apps/app1/entities/Task/import", request(imported).rawPath());
        assertEquals(List.of(new Task("9", "A")), ((ImportResult<?>) imported[1]).output());
        sameRequest("{}", () -> tasks.importEntities(FilePart.of("t.csv", new byte[] {65})),
                () -> tasks.importEntitiesAsync(FilePart.of("t.csv", new byte[] {65})));

        try (Base44Client withService = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1")
                .serviceToken("svc").build())) {
            ServiceRoleClient service = withService.asServiceRole();
            Object[] sso = sameRequest("{\"access_token\":\"at\"}", () -> service.sso().getAccessToken("u1"),
                    () -> service.sso().getAccessTokenAsync("u1"));
            assertEquals("/api/apps/app1/auth/sso/accesstoken/u1", request(sso).rawPath());
            assertEquals("Bearer svc", request(sso).header("Authorization"));
            assertEquals("id.token", sameRequest("\"id.token\"", () -> service.sso().getIdToken("u1"),
                    () -> service.sso().getIdTokenAsync("u1"))[1]);
            ConnectorsModule connectors = service.connectors();
            ConnectorConnection conn = (ConnectorConnection) sameRequest("{\"access_token\":\"tok\"}",
                    () -> connectors.getConnection("slack"), () -> connectors.getConnectionAsync("slack"))[1];
            assertEquals("tok", conn.accessToken());
            sameRequest("{}", () -> connectors.getWorkspaceConnection("c1"), () -> connectors.getWorkspaceConnectionAsync("c1"));
            sameRequest("{}", () -> connectors.getCurrentAppUserConnection("c1"),
                    () -> connectors.getCurrentAppUserConnectionAsync("c1"));
            Object[] api = sameRequest("{\"success\":true,\"status_code\":200}",
                    () -> connectors.callApi("slack", ConnectorApiRequest.post("/chat", Map.of("t", 1))),
                    () -> connectors.callApiAsync("slack", ConnectorApiRequest.post("/chat", Map.of("t", 1))));
            assertEquals("/api/apps/app1/connectors/slack/call", request(api).rawPath());
            assertEquals(Integer.valueOf(200), ((ConnectorApiResponse) api[1]).status());
            assertThrows(IllegalArgumentException.class, () -> connectors.callApiAsync("slack", null));
        }
        assertTrue(heard.isEmpty(), String.valueOf(heard));
    }
}

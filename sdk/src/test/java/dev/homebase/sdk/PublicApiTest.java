package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.sdk.agents.AgentsModule;
import dev.homebase.sdk.agents.AiGatewayConnection;
import dev.homebase.sdk.agents.AiGatewayModule;
import dev.homebase.sdk.app.AnalyticsModule;
import dev.homebase.sdk.app.AppLogsModule;
import dev.homebase.sdk.app.AppModule;
import dev.homebase.sdk.auth.AuthModule;
import dev.homebase.sdk.auth.LoginResult;
import dev.homebase.sdk.auth.SsoModule;
import dev.homebase.sdk.auth.User;
import dev.homebase.sdk.auth.UsersModule;
import dev.homebase.sdk.connectors.ConnectorApiRequest;
import dev.homebase.sdk.connectors.ConnectorApiResponse;
import dev.homebase.sdk.connectors.ConnectorConnection;
import dev.homebase.sdk.connectors.ConnectorsModule;
import dev.homebase.sdk.connectors.UserConnectorsModule;
import dev.homebase.sdk.entities.AggregateResult;
import dev.homebase.sdk.entities.DeleteManyResult;
import dev.homebase.sdk.entities.DeleteResult;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ImportResult;
import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import dev.homebase.sdk.entities.Query;
import dev.homebase.sdk.entities.UpdateManyResult;
import dev.homebase.sdk.entities.UpsertResult;
import dev.homebase.sdk.functions.FunctionException;
import dev.homebase.sdk.functions.FunctionHandler;
import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionRequest;
import dev.homebase.sdk.functions.FunctionResponse;
import dev.homebase.sdk.functions.FunctionServer;
import dev.homebase.sdk.functions.FunctionsModule;
import dev.homebase.sdk.functions.ReplyException;
import dev.homebase.sdk.integrations.CoreIntegrations;
import dev.homebase.sdk.integrations.CustomIntegrationResult;
import dev.homebase.sdk.integrations.CustomIntegrations;
import dev.homebase.sdk.integrations.IntegrationsModule;
import dev.homebase.sdk.integrations.InvokeLlmRequest;
import dev.homebase.sdk.integrations.SendEmailRequest;
import dev.homebase.sdk.realtime.EntityEvent;
import dev.homebase.sdk.realtime.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls the whole public API from Java, so that an accidental API break fails compilation
 * (after Javalin's {@code TestPublicApi_Java}). Responses are canned and mostly ignored; the
 * other tests check behaviour.
 */
class PublicApiTest {
    record Task(String id, String title) {
    }

    /** Runs a call and ignores server-side failures caused by canned responses. */
    private static void call(Runnable r) {
        try {
            r.run();
        } catch (Base44Exception ignored) {
            // shape mismatches with the canned {} answer are fine here
        }
    }

    /** Waits for async calls; failures caused by canned responses are fine here too. */
    private static void settle(CompletableFuture<?>... futures) {
        CompletableFuture.allOf(futures).handle((v, e) -> null).join();
    }

    private static com.sun.net.httpserver.Headers serverHeaders(String appId) {
        com.sun.net.httpserver.Headers h = new com.sun.net.httpserver.Headers();
        h.add("Base44-App-Id", appId);
        return h;
    }

    @Test
    @SuppressWarnings("deprecation")
    void wholePublicApi(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "title\nA\n");
        try (RecordingServer server = new RecordingServer()) {
            // ---- configuration and client ----
            Consumer<Base44Exception> listener = e -> { };
            ClientConfig config = ClientConfig.builder()
                    .serverUrl(server.url())
                    .appBaseUrl(server.url())
                    .appId("my-app")
                    .token("user-token")
                    .serviceToken("service-token")
                    .functionsVersion("v1")
                    .header("X-Data-Env", "dev")
                    .headers(Map.of("Base44-State", "s"))
                    .connectTimeout(Duration.ofSeconds(5))
                    .requestTimeout(Duration.ofSeconds(10))
                    .subscribeTimeout(Duration.ZERO)
                    .errorListener(listener)
                    .analyticsEnabled(false)
                    .objectMapper(new ObjectMapper())
                    .build();
            ClientConfig.Builder again = config.toBuilder();
            String serverUrl = config.serverUrl();
            String appBaseUrl = config.appBaseUrl();
            String appId = config.appId();
            Optional<String> token = config.token();
            Optional<String> serviceToken = config.serviceToken();
            Optional<String> version = config.functionsVersion();
            Map<String, String> headers = config.headers();
            Duration connect = config.connectTimeout();
            Duration request = config.requestTimeout();
            Optional<Consumer<Base44Exception>> errorListener = config.errorListener();
            boolean analyticsOn = config.analyticsEnabled();
            Optional<ObjectMapper> mapper = config.objectMapper();
            assertTrue(again.build().appId().equals(appId) && !serverUrl.isEmpty() && !appBaseUrl.isEmpty()
                    && token.isPresent() && serviceToken.isPresent() && version.isPresent() && !headers.isEmpty()
                    && !connect.isZero() && !request.isZero() && errorListener.isPresent() && !analyticsOn
                    && mapper.isPresent());
            assertEquals(ClientConfig.DEFAULT_SERVER_URL, "https://base44.app");
            assertTrue(!ClientConfig.DEFAULT_CONNECT_TIMEOUT.isZero() && !ClientConfig.DEFAULT_REQUEST_TIMEOUT.isZero());

            Base44Client base44 = Base44.createClient(config);
            ClientConfig same = base44.config();
            Optional<String> current = base44.token();
            base44.setToken("another");
            HttpResponse<InputStream> appRoute = base44.fetchWithAuth(java.net.URI.create(server.url()), "/api/orders");
            appRoute.body().close();
            HttpResponse<InputStream> appPost = base44.fetchWithAuth(java.net.URI.create(server.url()), "/api/orders",
                    HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("{}")));
            appPost.body().close();
            assertEquals(same, config);
            assertTrue(current.isPresent());

            // ---- static helpers ----
            Map<String, String> requestHeaders = Map.of("Base44-App-Id", "my-app", "Base44-Api-Url", server.url());
            try (Base44Client a = Base44.createClientFromRequest(requestHeaders);
                 Base44Client b = Base44.createClientFromRequest(HttpHeaders.of(Map.of("Base44-App-Id", List.of("x")),
                         (k, v) -> true));
                 Base44Client c = Base44.createClientFromRequest(serverHeaders("x"));
                 Base44Client d = Base44.createClientFromRequest((Function<String, String>) name -> "Base44-App-Id"
                         .equalsIgnoreCase(name) ? "x" : null)) {
                assertEquals("my-app", a.config().appId());
                assertEquals("x", b.config().appId() + c.config().appId().substring(1) + d.config().appId().substring(1));
            }
            String loginUrl = Base44.loginUrl("/next", server.url(), "my-app");
            String customLogin = Base44.loginUrl("/next", server.url(), "my-app", "/signin");
            Optional<String> fromCallback = Base44.accessTokenFromUrl("https://x/?access_token=t");
            assertTrue(loginUrl.contains("from_url") && customLogin.contains("/signin") && fromCallback.isPresent());

            // ---- entities ----
            EntityHandler<Map<String, Object>> tasks = base44.entities("Task");
            EntityHandler<Task> typed = base44.entities("Task", Task.class);
            String entityName = tasks.name();
            ListOptions options = ListOptions.builder().sort("-created_date").limit(10).cursor(null)
                    .fields(List.of("id")).fields("id", "title").build();
            ListOptions defaults = ListOptions.defaults();
            ListOptions copy = options.toBuilder().build();
            Optional<String> sort = options.sort();
            int limit = options.limit();
            Optional<String> cursor = options.cursor();
            List<String> fields = options.fields();
            assertTrue(entityName.equals("Task") && defaults.limit() == ListOptions.DEFAULT_LIMIT
                    && copy.limit() == limit && sort.isPresent() && cursor.isEmpty() && fields.size() == 2);

            Query query = Query.where("status").eq("open").and("n").gt(3).and("n").gte(3).and("n").lt(9).and("n").lte(9)
                    .and("m").ne(1).and("c").in("a", "b").and("c2").in(List.of("a")).and("d").nin("x")
                    .and("e").exists(true).and("f").regex("^a").and("f2").regex("^a", "i").and("g").all("t")
                    .and("h").size(1).and("i").elemMatch(Map.of("k", 1)).and("j").not(Map.of("$gt", 1))
                    .and(Map.of("extra", true));
            Query any = Query.anyOf(query, Map.of("x", 1));
            Query every = Query.allOf(Map.of("x", 1));
            Query none = Query.noneOf(Map.of("x", 1));
            Query wrapped = Query.of(Map.of("x", 1));
            String json = Query.all().toJson();
            assertTrue(!any.isEmpty() && !every.isEmpty() && !none.isEmpty() && !wrapped.isEmpty() && json.equals("{}"));

            call(() -> {
                List<Map<String, Object>> l0 = tasks.list();
                List<Map<String, Object>> l1 = tasks.list("-created_date");
                List<Map<String, Object>> l2 = tasks.list("-created_date", 20);
                List<Map<String, Object>> l3 = tasks.list("-created_date", 20, 0);
                List<Map<String, Object>> l4 = tasks.list("-created_date", 20, 0, List.of("title"));
                assertTrue(l0.size() + l1.size() + l2.size() + l3.size() + l4.size() >= 0);
            });
            call(() -> {
                Page<Map<String, Object>> page = tasks.list(options);
                List<Map<String, Object>> items = page.items();
                String next = page.nextCursor();
                boolean more = page.hasMore();
                Optional<ListOptions> nextOptions = page.next(options);
                assertTrue(items.size() >= 0 || next == null || more || nextOptions.isPresent());
            });
            call(() -> tasks.filter(query));
            call(() -> tasks.filter(Map.of("status", "open"), "-created_date"));
            call(() -> tasks.filter(Map.of("status", "open"), "-created_date", 20));
            call(() -> tasks.filter(Map.of("status", "open"), "-created_date", 20, 0));
            call(() -> tasks.filter(Map.of("status", "open"), "-created_date", 20, 0, List.of("title")));
            call(() -> tasks.filter(Map.of("status", "open"), options));
            call(() -> {
                Page<Object> values = tasks.distinct("status");
                Page<Object> filtered = tasks.distinct("status", Map.of(), options);
                assertTrue(values.items().size() + filtered.items().size() >= 0);
            });
            call(() -> {
                Map<String, Object> one = tasks.get("id1");
                Map<String, Object> created = tasks.create(Map.of("title", "Write docs"));
                Map<String, Object> updated = tasks.update("id1", Map.of("title", "x"));
                DeleteResult deleted = tasks.delete("id1");
                boolean ok = deleted.success();
                assertTrue(one != null || created != null || updated != null || ok || !ok);
            });
            call(() -> {
                DeleteManyResult many = tasks.deleteMany(Map.of("status", "done"));
                assertTrue(many.success() || many.deleted() >= 0);
            });
            call(() -> tasks.bulkCreate(List.of(Map.of("title", "a"))));
            call(() -> tasks.bulkUpdate(List.of(Map.of("id", "1", "title", "a"))));
            call(() -> {
                UpdateManyResult r = tasks.updateMany(Map.of(), Map.of("$set", Map.of("a", 1)));
                assertTrue(r.success() || r.updated() >= 0 || r.hasMore());
            });
            call(() -> assertTrue(tasks.count() + tasks.count(query) >= 0));
            call(() -> {
                AggregateResult r = tasks.aggregate(Map.of("groupBy", "status"));
                assertTrue(r.rows().size() >= 0 || r.truncated());
            });
            call(() -> {
                UpsertResult<Map<String, Object>> r1 = tasks.upsert(List.of(Map.of("sku", "a")), "sku");
                UpsertResult<Map<String, Object>> r2 = tasks.upsert(List.of(), List.of("a", "b"));
                assertTrue(r1.created() + r1.updated() + r1.records().size() + r2.created() >= 0);
            });
            call(() -> {
                ImportResult<Map<String, Object>> r1 = tasks.importEntities(csv);
                ImportResult<Task> r2 = typed.importEntities(FilePart.of("t.csv", "title\nA\n".getBytes(StandardCharsets.UTF_8)));
                assertTrue(r1.isSuccess() || r1.status() == null || r1.details() == null || r2.output().isEmpty());
            });
            call(() -> {
                List<Task> typedList = typed.list();
                Task one = typed.get("1");
                assertTrue(typedList.isEmpty() || one != null);
            });

            // ---- async variants (HttpClient.sendAsync); failures complete exceptionally ----
            List<CompletableFuture<?>> pending = List.of(
                    tasks.listAsync(), tasks.listAsync("-created_date", 20, 0, List.of("title")), tasks.listAsync(options),
                    tasks.filterAsync(query), tasks.filterAsync(query, "title", 5, 0, null), tasks.filterAsync(query, options),
                    tasks.distinctAsync("status", null, null), typed.getAsync("1"), tasks.createAsync(Map.of("title", "a")),
                    tasks.updateAsync("1", Map.of("title", "b")), tasks.deleteAsync("1"), tasks.deleteManyAsync(Map.of()),
                    tasks.bulkCreateAsync(List.of(Map.of())), tasks.bulkUpdateAsync(List.of(Map.of("id", "1"))),
                    tasks.updateManyAsync(Map.of(), Map.of("$set", Map.of("a", 1))), tasks.countAsync(query),
                    tasks.aggregateAsync(Map.of("groupBy", "status")), tasks.upsertAsync(List.of(), "sku"),
                    tasks.upsertAsync(List.of(), List.of("a", "b")));
            CompletableFuture<ImportResult<Map<String, Object>>> importLater = tasks.importEntitiesAsync(csv);
            CompletableFuture<ImportResult<Task>> typedImportLater = typed.importEntitiesAsync(
                    FilePart.of("t.csv", "title\nA\n".getBytes(StandardCharsets.UTF_8)));
            settle(importLater, typedImportLater);
            CompletableFuture<List<Task>> typedPage = typed.listAsync();
            CompletableFuture<Long> counted = tasks.countAsync(null);
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
            assertTrue(typedPage.handle((v, e) -> e == null || e instanceof Base44Exception).join());
            assertTrue(counted.handle((v, e) -> e == null || e instanceof Base44Exception).join());

            // ---- realtime ----
            Consumer<EntityEvent<Task>> onTask = event -> {
                String type = event.type();
                Task data = event.data();
                String id = event.id();
                String timestamp = event.timestamp();
                boolean kind = event.isCreate() || event.isUpdate() || event.isDelete() || event.oversize();
                assertTrue(type != null || data != null || id != null || timestamp != null || kind);
            };
            try (Subscription sub = typed.subscribe(onTask);
                 Subscription untyped = tasks.subscribe(event -> event.data().get("title"));
                 Subscription later = typed.subscribeAsync(onTask).join()) {
                assertTrue(sub != untyped && later != sub);
                assertTrue(config.subscribeTimeout().isZero());
            }

            // ---- files ----
            FilePart part = FilePart.of(csv);
            FilePart raw = new FilePart("a.bin", null, new byte[] {1});
            assertTrue(part.filename().equals("t.csv") && raw.contentType().equals(FilePart.OCTET_STREAM)
                    && raw.content().length == 1);

            // ---- auth and users ----
            AuthModule auth = base44.auth();
            call(() -> {
                LoginResult login = auth.loginViaEmailPassword("ana@example.com", "s3cret-pass");
                LoginResult login2 = auth.loginViaEmailPassword("ana@example.com", "s3cret-pass", "turnstile");
                String accessToken = login.accessToken();
                User user = login2.user();
                assertTrue(accessToken == null || user == null || user.id() != null);
            });
            call(() -> {
                User me = auth.me();
                User updated = auth.updateMe(Map.of("nickname", "an"));
                Map<String, Object> fieldsOfUser = me.asMap();
                Object custom = updated.get("nickname");
                assertTrue(me.email() != null || me.fullName() == null || me.role() == null || fieldsOfUser != null
                        || custom != null);
            });
            boolean authenticated = auth.isAuthenticated();
            CompletableFuture<User> meLater = auth.meAsync();
            CompletableFuture<LoginResult> loginLater = auth.loginViaEmailPasswordAsync("ana@example.com", "s3cret-pass");
            CompletableFuture.allOf(meLater, loginLater).handle((v, e) -> null).join();
            CompletableFuture<LoginResult> captchaLogin = auth.loginViaEmailPasswordAsync("ana@example.com", "pw", "turnstile");
            CompletableFuture<User> updatedLater = auth.updateMeAsync(Map.of("nickname", "an"));
            CompletableFuture<Boolean> authenticatedLater = auth.isAuthenticatedAsync();
            List<CompletableFuture<Map<String, Object>>> authLater = List.of(
                    auth.registerAsync(Map.of("email", "a@b.c", "password", "longpassword")),
                    auth.registerAsync("a@b.c", "longpassword"), auth.verifyOtpAsync("a@b.c", "123456"),
                    auth.resendOtpAsync("a@b.c"), auth.resetPasswordRequestAsync("a@b.c"),
                    auth.resetPasswordAsync("reset", "newpassword"), auth.changePasswordAsync("u1", "old", "new"),
                    auth.inviteUserAsync("a@b.c", "user"));
            settle(captchaLogin, updatedLater, authenticatedLater);
            settle(authLater.toArray(CompletableFuture[]::new));
            call(() -> auth.register(Map.of("email", "a@b.c", "password", "longpassword")));
            call(() -> auth.register("a@b.c", "longpassword"));
            call(() -> auth.verifyOtp("a@b.c", "123456"));
            call(() -> auth.resendOtp("a@b.c"));
            call(() -> auth.resetPasswordRequest("a@b.c"));
            call(() -> auth.resetPassword("reset", "newpassword"));
            call(() -> auth.changePassword("u1", "old", "new"));
            call(() -> auth.inviteUser("a@b.c", "user"));
            auth.setToken("t2");
            String loginPage = auth.redirectToLogin("/next");
            String google = auth.loginWithProvider("google");
            String microsoft = auth.loginWithProvider("microsoft", "/next");
            String logoutUrl = auth.logout("/bye");
            String logoutHome = auth.logout();
            assertTrue(authenticated || !loginPage.isEmpty() && !google.isEmpty() && !microsoft.isEmpty()
                    && !logoutUrl.isEmpty() && !logoutHome.isEmpty());
            base44.setToken("t3");
            UsersModule users = base44.users();
            call(() -> users.inviteUser("a@b.c", "admin"));
            CompletableFuture<Map<String, Object>> invitedLater = users.inviteUserAsync("a@b.c", "admin");
            settle(invitedLater);

            // ---- functions ----
            FunctionsModule functions = base44.functions();
            FunctionResponse fr = functions.invoke("ping");
            FunctionResponse fr2 = functions.invoke("ping", Map.of("a", 1));
            CompletableFuture<FunctionResponse> frLater = functions.invokeAsync("ping", Map.of("a", 1));
            assertEquals(fr2.status(), frLater.join().status());
            int status = fr.status();
            boolean success = fr.isSuccessful();
            Map<String, List<String>> responseHeaders = fr.headers();
            Optional<String> contentType = fr.header("Content-Type");
            byte[] bytes = fr.body();
            String text = fr.text();
            JsonNode data = fr.data();
            JsonNode parsed = fr2.json();
            Map<String, Object> asMap = fr2.as(new TypeReference<Map<String, Object>>() { });
            Task asTask = fr2.as(Task.class);
            assertTrue(status == 200 && success && !responseHeaders.isEmpty() && contentType.isPresent()
                    && bytes.length > 0 && !text.isEmpty() && data != null && parsed != null && asMap != null
                    && asTask != null);
            server.respond(500, "{}");
            try {
                functions.invoke("fails");
            } catch (FunctionException e) {
                FunctionResponse failed = e.response();
                assertEquals(500, failed.status());
            }
            HttpResponse<InputStream> streamed = functions.fetch("stream");
            streamed.body().close();
            HttpResponse<InputStream> posted = functions.fetch("/hook", HttpRequest.newBuilder()
                    .POST(HttpRequest.BodyPublishers.noBody()));
            posted.body().close();

            // ---- integrations ----
            IntegrationsModule integrations = base44.integrations();
            CoreIntegrations core = integrations.core();
            CustomIntegrations custom = integrations.custom();
            call(() -> integrations.invoke("Core", "SendEmail", Map.of()));
            call(() -> integrations.invoke("Pkg", "Endpoint", Map.of(), Map.class));
            call(() -> core.invokeLLM("hi"));
            InvokeLlmRequest llm = InvokeLlmRequest.of("hi").withModel("gpt_5_mini").withInternetContext(false)
                    .withResponseJsonSchema(Map.of("type", "object")).withFileUrls(List.of());
            Map<String, Object> llmBody = llm.toMap();
            call(() -> core.invokeLLM(llm));
            call(() -> core.invokeLLM(llm, Task.class));
            SendEmailRequest email = SendEmailRequest.of("a@b.c", "s", "b");
            Map<String, Object> emailBody = new SendEmailRequest("a@b.c", "s", "b", "Shop").toMap();
            call(() -> core.sendEmail("a@b.c", "s", "b"));
            call(() -> core.sendEmail(email));
            call(() -> core.uploadFile(part));
            call(() -> core.uploadFile(csv));
            call(() -> core.uploadPrivateFile(part));
            call(() -> core.uploadPrivateFile(csv));
            call(() -> core.createFileSignedUrl("uri"));
            call(() -> core.createFileSignedUrl("uri", 60));
            call(() -> core.generateImage("cat"));
            call(() -> core.extractDataFromUploadedFile("https://f", Map.of()));
            call(() -> core.extractDataFromUploadedFile("https://f", Map.of(), Task.class));
            call(() -> core.invoke("Other", Map.of()));
            call(() -> {
                CustomIntegrationResult r1 = custom.call("slug", "op");
                CustomIntegrationResult r2 = custom.call("slug", "get:/x", Map.of("payload", Map.of()));
                assertTrue(r1.success() || r1.statusCode() >= 0 || r1.data() == null || r2 != null);
            });
            assertTrue(!llmBody.isEmpty() && !emailBody.isEmpty());
            CompletableFuture<JsonNode> invokedLater = integrations.invokeAsync("Core", "SendEmail", Map.of());
            CompletableFuture<Map> convertedLater = integrations.invokeAsync("Pkg", "Endpoint", Map.of(), Map.class);
            CompletableFuture<String> answerLater = core.invokeLLMAsync("hi");
            CompletableFuture<JsonNode> llmLater = core.invokeLLMAsync(llm);
            CompletableFuture<Task> typedLlmLater = core.invokeLLMAsync(llm, Task.class);
            CompletableFuture<JsonNode> mailLater = core.sendEmailAsync("a@b.c", "s", "b");
            CompletableFuture<JsonNode> mailLater2 = core.sendEmailAsync(email);
            CompletableFuture<String> uploadLater = core.uploadFileAsync(part);
            CompletableFuture<String> uploadPathLater = core.uploadFileAsync(csv);
            CompletableFuture<String> privateLater = core.uploadPrivateFileAsync(part);
            CompletableFuture<String> privatePathLater = core.uploadPrivateFileAsync(csv);
            CompletableFuture<String> signedLater = core.createFileSignedUrlAsync("uri");
            CompletableFuture<String> signedLater2 = core.createFileSignedUrlAsync("uri", 60);
            CompletableFuture<String> imageLater = core.generateImageAsync("cat");
            CompletableFuture<JsonNode> extractLater = core.extractDataFromUploadedFileAsync("https://f", Map.of());
            CompletableFuture<Task> typedExtractLater = core.extractDataFromUploadedFileAsync("https://f", Map.of(), Task.class);
            CompletableFuture<JsonNode> coreLater = core.invokeAsync("Other", Map.of());
            CompletableFuture<CustomIntegrationResult> customLater = custom.callAsync("slug", "op");
            CompletableFuture<CustomIntegrationResult> customLater2 = custom.callAsync("slug", "get:/x", Map.of());
            settle(invokedLater, convertedLater, answerLater, llmLater, typedLlmLater, mailLater, mailLater2, uploadLater,
                    uploadPathLater, privateLater, privatePathLater, signedLater, signedLater2, imageLater, extractLater, typedExtractLater,
                    coreLater, customLater, customLater2);

            // ---- connectors ----
            UserConnectorsModule userConnectors = base44.connectors();
            call(() -> userConnectors.connectAppUser("c1"));
            call(() -> userConnectors.disconnectAppUser("c1"));
            CompletableFuture<String> connectLater = userConnectors.connectAppUserAsync("c1");
            CompletableFuture<Void> disconnectLater = userConnectors.disconnectAppUserAsync("c1");
            settle(connectLater, disconnectLater);

            // ---- service role ----
            ServiceRoleClient service = base44.asServiceRole();
            EntityHandler<Map<String, Object>> svcTasks = service.entities("Task");
            EntityHandler<Task> svcTyped = service.entities("Task", Task.class);
            IntegrationsModule svcIntegrations = service.integrations();
            SsoModule sso = service.sso();
            ConnectorsModule connectors = service.connectors();
            FunctionsModule svcFunctions = service.functions();
            AgentsModule svcAgents = service.agents();
            AiGatewayModule svcGateway = service.aiGateway();
            AppLogsModule svcLogs = service.appLogs();
            assertTrue(svcTasks != null && svcTyped != null && svcIntegrations != null && svcFunctions != null
                    && svcAgents != null && svcGateway != null && svcLogs != null);
            call(() -> sso.getAccessToken("u1"));
            call(() -> sso.getIdToken("u1"));
            CompletableFuture<Map<String, Object>> ssoTokenLater = sso.getAccessTokenAsync("u1");
            CompletableFuture<String> idTokenLater = sso.getIdTokenAsync("u1");
            CompletableFuture<ConnectorConnection> connLater = connectors.getConnectionAsync("slack");
            CompletableFuture<ConnectorConnection> wsLater = connectors.getWorkspaceConnectionAsync("c1");
            CompletableFuture<ConnectorConnection> appUserLater = connectors.getCurrentAppUserConnectionAsync("c1");
            CompletableFuture<ConnectorApiResponse> apiLater = connectors.callApiAsync("slack", ConnectorApiRequest.get("/x"));
            settle(ssoTokenLater, idTokenLater, connLater, wsLater, appUserLater, apiLater);
            call(() -> {
                ConnectorConnection conn = connectors.getConnection("slack");
                ConnectorConnection ws = connectors.getWorkspaceConnection("c1");
                ConnectorConnection me = connectors.getCurrentAppUserConnection("c1");
                String legacy = connectors.getAccessToken("slack");
                String legacyUser = connectors.getCurrentAppUserAccessToken("c1");
                assertTrue(conn.accessToken() == null || conn.connectionConfig() == null || ws != null || me != null
                        || legacy != null || legacyUser != null);
            });
            call(() -> {
                ConnectorApiRequest get = ConnectorApiRequest.get("/x").withQuery(Map.of("a", 1))
                        .withHeaders(Map.of("h", "v")).withHost("api");
                ConnectorApiResponse r = connectors.callApi("slack", ConnectorApiRequest.post("/y", Map.of()));
                ConnectorApiResponse r2 = connectors.callApi("slack", get);
                assertTrue(r.success() || r.phase() == null || r.status() == null || r.data() == null
                        || r.dataBase64() == null || r.contentType() == null || r.headers() != null
                        || r.creditsCharged() >= 0 || r2 != null);
            });

            // ---- agents, gateway, logs, app, analytics ----
            AgentsModule agents = base44.agents();
            call(() -> agents.getConversations());
            call(() -> agents.listConversations(Map.of("q", Map.of("agent_name", "x"))));
            call(() -> agents.getConversation("c1"));
            call(() -> agents.createConversation(Map.of("agent_name", "x")));
            call(() -> agents.createConversation("x"));
            call(() -> agents.addMessage(Map.of("id", "c1"), Map.of("role", "user", "content", "hi")));
            call(() -> agents.addMessage("c1", Map.of("role", "user", "content", "hi")));
            CompletableFuture<List<Map<String, Object>>> conversationsLater = agents.getConversationsAsync();
            CompletableFuture<List<Map<String, Object>>> listedLater = agents.listConversationsAsync(Map.of());
            CompletableFuture<Map<String, Object>> conversationLater = agents.getConversationAsync("c1");
            CompletableFuture<Map<String, Object>> createdLater = agents.createConversationAsync(Map.of("agent_name", "x"));
            CompletableFuture<Map<String, Object>> createdLater2 = agents.createConversationAsync("x");
            CompletableFuture<Map<String, Object>> messageLater = agents.addMessageAsync(Map.of("id", "c1"), Map.of());
            CompletableFuture<Map<String, Object>> messageLater2 = agents.addMessageAsync("c1", Map.of());
            settle(conversationsLater, listedLater, conversationLater, createdLater, createdLater2, messageLater, messageLater2);
            String whatsapp = agents.getWhatsAppConnectURL("x");
            String telegram = agents.getTelegramConnectURL("x");
            AiGatewayModule gateway = base44.aiGateway();
            AiGatewayConnection conn = gateway.connection();
            AiGatewayConnection typesafe = gateway.connection("typesafe");
            assertTrue(!whatsapp.isEmpty() && !telegram.isEmpty() && !conn.baseUrl().isEmpty()
                    && typesafe.token() != null);
            AppLogsModule logs = base44.appLogs();
            call(() -> logs.logUserInApp("home"));
            call(() -> logs.fetchLogs(Map.of()));
            call(() -> logs.getStats(Map.of()));
            AppModule app = base44.app();
            call(() -> app.getPublicSettings());
            AnalyticsModule analytics = base44.analytics();
            analytics.track("event");
            analytics.track("event", Map.of("k", "v"));
            analytics.flush();
            CompletableFuture<Void> logLater = logs.logUserInAppAsync("home");
            CompletableFuture<JsonNode> fetchedLater = logs.fetchLogsAsync(Map.of());
            CompletableFuture<JsonNode> statsLater = logs.getStatsAsync(Map.of());
            CompletableFuture<Map<String, Object>> settingsLater = app.getPublicSettingsAsync();
            CompletableFuture<Void> flushedLater = analytics.flushAsync();
            settle(logLater, fetchedLater, statsLater, settingsLater, flushedLater);

            // ---- errors ----
            Base44Exception error = new Base44Exception("m", 404, "NOT_FOUND", null, null);
            int errorStatus = error.status();
            String code = error.code();
            JsonNode errorData = error.data();
            ObjectNode errorJson = error.toJson();
            assertTrue(errorStatus == 404 && code != null && errorData == null && errorJson.has("name"));

            // ---- value types, constructed directly (tests and fakes do this) ----
            User user = new User(Map.of("id", "u1"));
            LoginResult login = new LoginResult("t", user);
            Page<Task> page = new Page<>(List.of(new Task("1", "a")), "c", true);
            DeleteResult deleteResult = new DeleteResult(true);
            DeleteManyResult deleteMany = new DeleteManyResult(true, 2);
            UpdateManyResult updateMany = new UpdateManyResult(true, 1, false);
            UpsertResult<Task> upsert = new UpsertResult<>(1, 0, List.of());
            ImportResult<Task> imported = new ImportResult<>("success", null, List.of());
            AggregateResult aggregate = new AggregateResult(List.of(Map.of("count", 1)), false);
            FunctionResponse response = new FunctionResponse(200, Map.of("Content-Type", List.of("text/plain")),
                    "ok".getBytes(StandardCharsets.UTF_8), new ObjectMapper());
            FunctionException failure = new FunctionException(new FunctionResponse(404, Map.of(), new byte[0],
                    new ObjectMapper()));
            CustomIntegrationResult customResult = new CustomIntegrationResult(true, 200, null);
            ConnectorConnection connection = new ConnectorConnection("t", null);
            ConnectorApiResponse apiResponse = new ConnectorApiResponse(true, "responded", 200, null, null, null,
                    Map.of(), 0);
            AiGatewayConnection gatewayConnection = new AiGatewayConnection("https://x", "");
            InvokeLlmRequest fullLlm = new InvokeLlmRequest("p", null, null, null, null);
            assertTrue(login.user().equals(user) && page.hasMore() && deleteResult.success() && deleteMany.deleted() == 2
                    && updateMany.updated() == 1 && upsert.created() == 1 && imported.isSuccess()
                    && !aggregate.truncated() && response.isSuccessful() && failure.status() == 404
                    && customResult.success() && connection.connectionConfig() == null && apiResponse.success()
                    && gatewayConnection.token().isEmpty() && fullLlm.prompt().equals("p"));

            // ---- the function helper: FunctionServer, FunctionRequest, FunctionReply, ReplyException ----
            FunctionHandler handler = fnRequest -> {
                if (fnRequest.queryParam("fail").isPresent()) throw new ReplyException(FunctionReply.status(409));
                Map<String, Object> body = fnRequest.bodyMap();
                JsonNode tree = fnRequest.bodyJson();
                Task fnTyped = fnRequest.bodyJson(Task.class);
                Map<String, Object> generic = fnRequest.bodyJson(new TypeReference<Map<String, Object>>() { });
                Base44Client caller = Base44.createClientFromRequest(fnRequest.headers());
                caller.close();
                return FunctionReply.json(200, Map.ofEntries(Map.entry("method", fnRequest.method()),
                                Map.entry("path", fnRequest.path()), Map.entry("query", fnRequest.query()),
                                Map.entry("raw", String.valueOf(fnRequest.rawQuery())),
                                Map.entry("header", fnRequest.header("Base44-App-Id").orElse("")),
                                Map.entry("text", fnRequest.bodyText()), Map.entry("bytes", fnRequest.bodyBytes().length),
                                Map.entry("keys", body.keySet()), Map.entry("tree", tree.size()),
                                Map.entry("typed", fnTyped.title()), Map.entry("generic", generic.size())))
                        .header("X-Extra", "1").withoutHeader("X-Extra");
            };
            FunctionReply[] replies = {FunctionReply.json(Map.of()), FunctionReply.text("t"), FunctionReply.text(201, "t"),
                FunctionReply.status(204), FunctionReply.bytes(200, "application/octet-stream", new byte[] {1})};
            assertTrue(replies[1].status() == 200 && replies[2].headers().containsKey("Content-Type")
                    && replies[4].body().length == 1);
            try (FunctionServer fnServer = FunctionServer.start(handler, new java.net.InetSocketAddress("127.0.0.1", 0))) {
                assertTrue(fnServer.port() > 0);
                assertTrue(FunctionServer.PORT_ENV.startsWith("HOMEBASE_") && FunctionServer.READY_PREFIX.startsWith("HOMEBASE_"));
            }
            FunctionRequest fnCall = new FunctionRequest("POST", "/fn", "a=1", HttpHeaders.of(Map.of(
                    "Base44-App-Id", List.of("app"), "Content-Type", List.of("application/json")), (a, b) -> true),
                    "{\"id\":\"1\",\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            try {
                assertEquals(200, handler.handle(fnCall).status());
            } catch (Exception e) {
                throw new AssertionError(e);
            }

            base44.close();
        }
    }
}

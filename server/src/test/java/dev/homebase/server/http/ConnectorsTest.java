package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.ForbiddenException;
import dev.homebase.sdk.NotFoundException;
import dev.homebase.sdk.UnauthorizedException;
import dev.homebase.sdk.connectors.ConnectorApiRequest;
import dev.homebase.sdk.connectors.ConnectorApiResponse;
import dev.homebase.sdk.connectors.ConnectorConnection;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connectors (api-contract §8) and SSO tokens (§9) over real HTTP, on SQLite and PostgreSQL:
 * mock-oauth2-server is the connector's OAuth server (connect with state + PKCE, refresh) and the
 * OpenID Connect provider of the social sign-in whose tokens SSO serves; {@link UpstreamStub} is the
 * connector's API (recording the token and headers that arrive) and an OAuth server that refuses
 * refreshes.
 */
class ConnectorsTest {
    private static final String APP = "authtest";
    private static final String BASE = "/api/apps/" + APP;

    private MockOAuth2Server oauth;
    private UpstreamStub upstream;
    private UpstreamStub elsewhere;

    @BeforeEach
    void start() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start();
        upstream = new UpstreamStub();
        elsewhere = new UpstreamStub();
    }

    @AfterEach
    void stop() {
        oauth.shutdown();
        upstream.close();
        elsewhere.close();
    }

    private TestServer server(TestDatabases.Kind kind) throws Exception {
        Path dir = TestServer.copyFixture("authtest");
        Files.writeString(dir.resolve("base44/config.jsonc"), """
                { "name": "Connectors Test",
                  "auth": { "providers": { "google": { "issuer": "%s", "clientId": "google-client" } } } }
                """.formatted(oauth.issuerUrl("google")));
        Path connectors = Files.createDirectories(dir.resolve("base44/connectors"));
        Files.writeString(connectors.resolve("acme.jsonc"), """
                // a custom type: everything declared
                { "clientId": "acme-client", "clientSecretName": "ACME_SECRET", "scopes": ["openid", "read", "write"],
                  "authorizationUrl": "%s", "tokenUrl": "%s", "hosts": ["%s"],
                  "allowedHeaders": ["X-Acme-Version"], "connectionConfig": {"subdomain": "acme"}, "timeoutSeconds": 2 }
                """.formatted(oauth.authorizationEndpointUrl("conn"), oauth.tokenEndpointUrl("conn"), upstream.origin()));
        Files.writeString(connectors.resolve("flaky.jsonc"), """
                { "clientId": "flaky-client", "clientSecretName": "FLAKY_SECRET",
                  "authorizationUrl": "%s/authorize", "tokenUrl": "%s/token", "hosts": ["%s"] }
                """.formatted(upstream.origin(), upstream.origin(), upstream.origin()));
        Files.writeString(connectors.resolve("slack.jsonc"), """
                { "clientId": "slack-client", "clientSecretName": "SLACK_SECRET", "scopes": ["chat:write"] }
                """);
        String db = TestDatabases.freshUrl(kind);
        assertEquals(0, HomebaseCommand.run("secrets", "set", "ACME_SECRET=acme-secret", "FLAKY_SECRET=flaky-secret",
                "GOOGLE_CLIENT_SECRET=google-secret", "-p", dir.toString(), "--db", db));
        return new TestServer(dir, db, TestServer.fastAuth().withAdmin("boss@example.test", "admin-password"));
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> res) {
        assertEquals(302, res.statusCode(), () -> "expected a redirect, got " + res.statusCode() + ": " + res.body());
        return res.headers().firstValue("Location").orElseThrow();
    }

    /** Follows a connect's authorization URL to the provider and back to our callback; returns the callback URL. */
    private static String authorize(String redirectUrl) throws Exception {
        return location(get(browser(), redirectUrl));
    }

    private static TestServer.Response as(TestServer s, String token, String onBehalfOf, String method, String path, String body) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
        if (token != null) h.put("Authorization", "Bearer " + token);
        if (onBehalfOf != null) h.put("on-behalf-of", "Bearer " + onBehalfOf);
        return s.send(method, path, body, h);
    }

    private static String connectApp(TestServer s, String svc, String type) throws Exception {
        TestServer.Response r = as(s, svc, null, "POST", BASE + "/connectors/" + type + "/connect", null);
        assertEquals(200, r.status(), r.body());
        String callback = authorize(r.json().get("redirect_url").asText());
        HttpResponse<String> done = get(browser(), callback);
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("is connected"), done.body());
        return callback;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void connectsTheAppAccountServesItsTokenToTheServiceRoleOnlyAndKeepsItEncrypted(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            String svc = s.serviceToken();
            String admin = s.login(APP, "boss@example.test", "admin-password");
            // Not connected yet: 404 in the contract's shape.
            TestServer.Response none = as(s, svc, null, "GET", BASE + "/external-auth/tokens/acme", null);
            assertEquals(404, none.status(), none.body());
            assertEquals("NOT_FOUND", none.json().get("code").asText());

            // The authorization URL: code flow, our client, scopes, state and PKCE S256.
            TestServer.Response start = as(s, admin, null, "POST", BASE + "/connectors/acme/connect", null);
            assertEquals(200, start.status(), start.body());
            String url = start.json().get("redirect_url").asText();
            Map<String, String> q = UpstreamStub.AuthOAuthTestAccess.query(url);
            assertTrue(url.startsWith(oauth.authorizationEndpointUrl("conn").toString()), url);
            assertEquals("acme-client", q.get("client_id"));
            assertEquals("openid read write", q.get("scope"));
            assertEquals("S256", q.get("code_challenge_method"));
            assertEquals("http://127.0.0.1:" + s.port() + "/api/connectors/callback", q.get("redirect_uri"));
            assertTrue(q.get("state").length() >= 43);

            // A forged state is refused; the real callback works once, a replay is refused.
            String callback = authorize(url);
            String forged = callback.replaceAll("state=[^&]+", "state=" + "A".repeat(43));
            assertEquals(400, get(browser(), forged).statusCode());
            HttpResponse<String> done = get(browser(), callback);
            assertEquals(200, done.statusCode(), done.body());
            HttpResponse<String> replay = get(browser(), callback);
            assertEquals(400, replay.statusCode());
            assertTrue(replay.body().contains("expired or was already used"), replay.body());

            // The service role gets the token (both paths); users, admins included, get 403; no token 401.
            TestServer.Response tok = as(s, svc, null, "GET", BASE + "/external-auth/tokens/acme", null);
            assertEquals(200, tok.status(), tok.body());
            String access = tok.json().get("access_token").asText();
            assertEquals(3, access.split("\\.").length, "mock-oauth2-server issues JWT access tokens: " + access);
            assertEquals("acme", tok.json().get("integration_type").asText());
            assertEquals("acme", tok.json().get("connection_config").get("subdomain").asText());
            assertEquals(access, as(s, svc, null, "GET", BASE + "/external-auth/tokens/connectors/acme", null).json().get("access_token").asText());
            TestServer.Response asAdmin = as(s, admin, null, "GET", BASE + "/external-auth/tokens/acme", null);
            assertEquals(403, asAdmin.status());
            assertEquals("This endpoint is only accessible to service tokens", asAdmin.json().get("detail").asText());
            assertFalse(asAdmin.body().contains(access));
            assertEquals(401, as(s, null, null, "GET", BASE + "/external-auth/tokens/acme", null).status());
            assertEquals(403, as(s, admin, null, "POST", BASE + "/connectors/acme/call", "{\"path\":\"/echo\"}").status());

            // Stored encrypted: the token is in no column, nor anywhere in the SQLite file.
            try (Database db = Database.open(s.databaseUrl())) {
                List<String> stored = db.read(c -> {
                    List<String> out = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT access_token, refresh_token FROM connector_connections");
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                            out.add(rs.getString(2));
                        }
                    }
                    return out;
                });
                assertEquals(2, stored.size());
                for (String v : stored) {
                    assertNotNull(v);
                    assertTrue(v.startsWith("v1."), v);
                    assertFalse(v.contains(access));
                }
            }
            if (kind == TestDatabases.Kind.SQLITE) {
                Path file = Path.of(s.databaseUrl().substring("sqlite:".length()));
                byte[] needle = access.substring(access.length() - 40).getBytes(StandardCharsets.UTF_8);
                try (Stream<Path> files = Files.list(file.getParent())) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        assertFalse(contains(Files.readAllBytes(f), needle), "plaintext token in " + f);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void callApiReachesDeclaredHostsOnlyWithTheTokenAndAllowedHeaders(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            String svc = s.serviceToken();
            // The admin connects from the command line: it prints the authorization URL; the running server takes the callback.
            String url = cli("connectors", "connect", "acme", s.dir().toString(), "--db", s.databaseUrl(), "--url", "http://127.0.0.1:" + s.port());
            HttpResponse<String> done = get(browser(), authorize(url));
            assertEquals(200, done.statusCode(), done.body());
            String access = as(s, svc, null, "GET", BASE + "/external-auth/tokens/acme", null).json().get("access_token").asText();
            String call = BASE + "/connectors/acme/call";

            TestServer.Response ok = as(s, svc, null, "POST", call, """
                    {"method":"POST","path":"/echo","query":{"q":"a b","n":2},"body":{"x":1},
                     "headers":{"X-Acme-Version":"7","X-Other":"no","Authorization":"Bearer stolen","Accept":"application/json"}}""");
            assertEquals(200, ok.status(), ok.body());
            JsonNode r = ok.json();
            assertTrue(r.get("success").asBoolean(), r.toString());
            assertEquals("responded", r.get("phase").asText());
            assertEquals(200, r.get("status_code").asInt());
            assertEquals("POST", r.get("data").get("method").asText());
            assertTrue(r.get("data_base64").isNull());
            assertTrue(r.get("content_type").asText().startsWith("application/json"));
            assertEquals(0, r.get("credits_charged").asInt());
            UpstreamStub.Seen seen = upstream.seen.get(upstream.seen.size() - 1);
            assertEquals("/echo?q=a+b&n=2", seen.uri());
            assertEquals("Bearer " + access, seen.header("Authorization"));
            assertEquals("7", seen.header("X-Acme-Version"));
            assertEquals("application/json", seen.header("Accept"));
            assertEquals(null, seen.header("X-Other"));
            assertEquals("{\"x\":1}", seen.body());

            // Binary as base64; upstream errors are a 200 with success:false; a slow upstream times out.
            JsonNode img = as(s, svc, null, "POST", call, "{\"path\":\"/image\"}").json();
            assertTrue(img.get("data").isNull());
            assertEquals("image/png", img.get("content_type").asText());
            assertEquals(7, Base64.getDecoder().decode(img.get("data_base64").asText()).length);
            TestServer.Response fail = as(s, svc, null, "POST", call, "{\"path\":\"/fail\"}");
            assertEquals(200, fail.status());
            assertFalse(fail.json().get("success").asBoolean());
            assertEquals(500, fail.json().get("status_code").asInt());
            assertEquals("boom", fail.json().get("data").get("error").asText());
            JsonNode slow = as(s, svc, null, "POST", call, "{\"path\":\"/slow\"}").json();
            assertEquals("timed_out", slow.get("phase").asText(), slow.toString());
            assertFalse(slow.get("success").asBoolean());

            // A redirect on the declared host is followed; one to another host is not (the token stays home).
            JsonNode in = as(s, svc, null, "POST", call, "{\"path\":\"/redirect-in\"}").json();
            assertTrue(in.get("success").asBoolean(), in.toString());
            assertEquals("GET", in.get("data").get("method").asText());
            JsonNode out = as(s, svc, null, "POST", call, "{\"path\":\"/redirect-to?url="
                    + URLEncoder.encode(elsewhere.origin() + "/steal", StandardCharsets.UTF_8) + "\"}").json();
            assertFalse(out.get("success").asBoolean(), out.toString());
            assertEquals(302, out.get("status_code").asInt());
            assertTrue(out.get("error").asText().contains("not a declared host"), out.toString());
            assertTrue(elsewhere.seen.isEmpty(), "the undeclared host was reached");

            // Undeclared hosts, paths that name another host, and bad requests are 400s; nothing is sent.
            int before = upstream.seen.size();
            for (String bad : List.of("{\"host\":\"127.0.0.1:1\",\"path\":\"/echo\"}", "{\"host\":\"evil.example\",\"path\":\"/\"}",
                    "{\"path\":\"//evil.example/x\"}", "{\"path\":\"@evil.example/x\"}", "{\"path\":\"/x\",\"method\":\"TRACE\"}",
                    "{\"path\":\"/x\",\"query\":{\"a\":{\"b\":1}}}", "{}", "[]")) {
                TestServer.Response b = as(s, svc, null, "POST", call, bad);
                assertEquals(400, b.status(), bad + " -> " + b.body());
                assertNotNull(b.json().get("message"));
            }
            assertEquals(before, upstream.seen.size());
            assertEquals(404, as(s, svc, null, "POST", BASE + "/connectors/nope/call", "{\"path\":\"/\"}").status());
            // slack is declared with built-in endpoints but not connected (and its secret is not set).
            assertEquals(404, as(s, svc, null, "POST", BASE + "/connectors/slack/call", "{\"path\":\"/api/auth.test\"}").status());
            assertEquals(404, as(s, svc, null, "POST", BASE + "/connectors/slack/connect", null).status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void refreshesBeforeExpiryAndARefusedRefreshNeedsAReconnect(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            String svc = s.serviceToken();
            // The first token lives 30 s: under the refresh margin, so the next read refreshes it at the provider.
            oauth.enqueueCallback(new DefaultOAuth2TokenCallback("conn", "acme-account", "JWT", null, Map.of("n", 1), 30));
            connectApp(s, svc, "acme");
            String before = storedAccess(s, "acme");
            String refreshed = as(s, svc, null, "GET", BASE + "/external-auth/tokens/acme", null).json().get("access_token").asText();
            assertNotEquals(before, storedAccess(s, "acme"), "the read refreshed the token and stored the new one");
            assertEquals(3, refreshed.split("\\.").length);
            // mock-oauth2-server gives refreshed tokens the same 30 s: each use refreshes again, and callApi sends the new one.
            assertTrue(as(s, svc, null, "POST", BASE + "/connectors/acme/call", "{\"path\":\"/echo\"}").json().get("success").asBoolean());
            String sent = upstream.seen.get(upstream.seen.size() - 1).header("Authorization").substring("Bearer ".length());
            assertNotEquals(refreshed, sent);

            // flaky's token endpoint refuses refreshes: the connection is marked, and says so on every read.
            connectApp(s, svc, "flaky");
            TestServer.Response r = as(s, svc, null, "GET", BASE + "/external-auth/tokens/flaky", null);
            assertEquals(404, r.status(), r.body());
            assertEquals("NEEDS_RECONNECT", r.json().get("code").asText());
            assertTrue(r.json().get("message").asText().contains("invalid_grant"), r.body());
            assertFalse(r.body().contains("stub-access-1"));
            TestServer.Response again2 = as(s, svc, null, "GET", BASE + "/external-auth/tokens/flaky", null);
            assertEquals("NEEDS_RECONNECT", again2.json().get("code").asText());
            assertEquals(1, upstream.refreshes.get(), "a refused refresh is not retried on every read");
            TestServer.Response call = as(s, svc, null, "POST", BASE + "/connectors/flaky/call", "{\"path\":\"/echo\"}");
            assertEquals(404, call.status());
            // Connecting again clears it.
            connectApp(s, svc, "flaky");
            TestServer.Response reconnected = as(s, svc, null, "GET", BASE + "/external-auth/tokens/flaky", null);
            assertEquals("NEEDS_RECONNECT", reconnected.json().path("code").asText(), "its 5 s token is refreshed, and refused, again");
            assertEquals(2, upstream.refreshes.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void appUsersConnectTheirOwnAccountsAndSsoServesTheOnBehalfOfUsersTokensOnly(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            String svc = s.serviceToken();
            // Ann signs in with the OpenID Connect provider: her provider tokens are kept for SSO.
            oauth.enqueueCallback(new DefaultOAuth2TokenCallback("google", "sub-ann", "JWT", null,
                    Map.of("email", "ann@example.test", "email_verified", true, "name", "Ann"), 3600));
            HttpClient http = browser();
            String base = "http://127.0.0.1:" + s.port();
            String authorize = location(get(http, base + "/api/apps/auth/login?app_id=" + APP + "&from_url=%2F"));
            String back = location(get(http, location(get(http, authorize))));
            String ann = UpstreamStub.AuthOAuthTestAccess.query(back).get("access_token");
            String annId = s.sendAs(ann, "GET", BASE + "/entities/User/me", null).json().get("id").asText();
            String admin = s.login(APP, "boss@example.test", "admin-password");
            String adminId = s.sendAs(admin, "GET", BASE + "/entities/User/me", null).json().get("id").asText();

            TestServer.Response at = as(s, svc, ann, "GET", BASE + "/auth/sso/accesstoken/" + annId, null);
            assertEquals(200, at.status(), at.body());
            String providerAccess = at.json().get("access_token").asText();
            assertEquals(3, providerAccess.split("\\.").length);
            TestServer.Response idt = as(s, svc, ann, "GET", BASE + "/auth/sso/idtoken/" + annId, null);
            assertEquals(200, idt.status(), idt.body());
            assertTrue(idt.json().isTextual() && idt.json().asText().startsWith("eyJ"), idt.body());
            // Another user's id, no on-behalf-of, or a user token: refused, and no token in the answer.
            for (TestServer.Response refused : List.of(as(s, svc, ann, "GET", BASE + "/auth/sso/accesstoken/" + adminId, null),
                    as(s, svc, null, "GET", BASE + "/auth/sso/accesstoken/" + annId, null),
                    as(s, ann, null, "GET", BASE + "/auth/sso/accesstoken/" + annId, null),
                    as(s, ann, null, "GET", BASE + "/auth/sso/idtoken/" + annId, null))) {
                assertEquals(403, refused.status(), refused.body());
                assertFalse(refused.body().contains(providerAccess));
            }
            TestServer.Response noneStored = as(s, svc, admin, "GET", BASE + "/auth/sso/accesstoken/" + adminId, null);
            assertEquals(404, noneStored.status());
            assertEquals("No access token stored", noneStored.json().get("detail").asText());

            // Ann connects her own acme account.
            TestServer.Response init = as(s, ann, null, "POST", BASE + "/app-user-auth/connectors/acme/initiate", null);
            assertEquals(200, init.status(), init.body());
            assertFalse(init.json().get("already_authorized").asBoolean());
            assertEquals(401, as(s, null, null, "POST", BASE + "/app-user-auth/connectors/acme/initiate", null).status());
            HttpResponse<String> done = get(browser(), authorize(init.json().get("redirect_url").asText()));
            assertEquals(200, done.statusCode(), done.body());

            String tokenPath = BASE + "/app-user-auth/connectors/acme/token";
            TestServer.Response mine = as(s, svc, ann, "GET", tokenPath, null);
            assertEquals(200, mine.status(), mine.body());
            assertNotNull(mine.json().get("access_token").asText());
            assertEquals(401, as(s, svc, null, "GET", tokenPath, null).status(), "no on-behalf-of user");
            assertEquals(403, as(s, ann, null, "GET", tokenPath, null).status(), "a user token");
            assertEquals(404, as(s, svc, admin, "GET", tokenPath, null).status(), "the admin has not connected");
            // Ann's connection is not the app's.
            assertEquals(404, as(s, svc, null, "GET", BASE + "/external-auth/tokens/acme", null).status());
            assertNotEquals(mine.json().get("access_token").asText(), providerAccess);

            TestServer.Response off = as(s, ann, null, "DELETE", BASE + "/app-user-auth/connectors/acme", null);
            assertEquals(200, off.status(), off.body());
            assertEquals("disconnected", off.json().get("status").asText());
            assertEquals(404, as(s, ann, null, "DELETE", BASE + "/app-user-auth/connectors/acme", null).status());
            assertEquals(404, as(s, svc, ann, "GET", tokenPath, null).status());

            // SSO tokens are sealed too.
            try (Database db = Database.open(s.databaseUrl())) {
                String stored = db.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT access_token || id_token FROM sso_tokens");
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                });
                assertFalse(stored.contains(providerAccess.substring(providerAccess.length() - 30)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void theJavaSdkConnectorsAndSsoModulesWorkAgainstThisServer(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            String svc = s.serviceToken();
            String admin = s.login(APP, "boss@example.test", "admin-password");
            String adminId = s.sendAs(admin, "GET", BASE + "/entities/User/me", null).json().get("id").asText();
            connectApp(s, svc, "acme");
            String url = "http://127.0.0.1:" + s.port();
            try (Base44Client script = Base44.createClient(ClientConfig.builder().serverUrl(url).appId(APP).serviceToken(svc).build());
                 Base44Client user = Base44.createClient(ClientConfig.builder().serverUrl(url).appId(APP).token(admin).serviceToken(svc).build())) {
                ConnectorConnection c = script.asServiceRole().connectors().getConnection("acme");
                assertEquals(as(s, svc, null, "GET", BASE + "/external-auth/tokens/acme", null).json().get("access_token").asText(), c.accessToken());
                assertEquals("acme", c.connectionConfig().get("subdomain"));
                assertEquals(c, script.asServiceRole().connectors().getWorkspaceConnection("acme"));
                ConnectorApiResponse r = script.asServiceRole().connectors().callApi("acme",
                        ConnectorApiRequest.post("/echo", Map.of("x", 1)).withHeaders(Map.of("X-Acme-Version", "3")));
                assertTrue(r.success());
                assertEquals(200, r.status());
                assertEquals("POST", r.data().get("method").asText());
                assertEquals("3", upstream.seen.get(upstream.seen.size() - 1).header("X-Acme-Version"));
                assertThrows(NotFoundException.class, () -> script.asServiceRole().connectors().getConnection("nope"));

                // The user connects their own account; the service role reads it on their behalf; they disconnect.
                HttpResponse<String> done = get(browser(), authorize(user.connectors().connectAppUser("acme")));
                assertEquals(200, done.statusCode(), done.body());
                assertNotNull(user.asServiceRole().connectors().getCurrentAppUserConnection("acme").accessToken());
                assertThrows(UnauthorizedException.class, () -> script.asServiceRole().connectors().getCurrentAppUserConnection("acme"));
                user.connectors().disconnectAppUser("acme");
                assertThrows(NotFoundException.class, () -> user.connectors().disconnectAppUser("acme"));

                // SSO: a password sign-in keeps no provider token; another user's id is refused.
                assertThrows(NotFoundException.class, () -> user.asServiceRole().sso().getAccessToken(adminId));
                assertThrows(ForbiddenException.class, () -> user.asServiceRole().sso().getIdToken("someone-else"));
            }
        }
    }

    /** Runs the command line; returns the first line of its stdout (exit 0 required). */
    private static String cli(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        synchronized (System.class) {
            System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, HomebaseCommand.run(args));
            } finally {
                System.setOut(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    /** The sealed access token stored for the app's connection of {@code type}. */
    private static String storedAccess(TestServer s, String type) {
        try (Database db = Database.open(s.databaseUrl())) {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT access_token FROM connector_connections WHERE connector = ? AND user_id = ''")) {
                    ps.setString(1, type);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.project.ProjectException;
import dev.homebase.server.project.ProjectLoader;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sign-in with Facebook, GitHub and Apple (api-contract §2.8) against {@link SocialStub}, a local
 * server playing the three providers (recording what arrives), followed redirect by redirect with a
 * real HTTP client that keeps cookies. Apple's {@code form_post} return is sent as a browser would
 * send a cross-site POST: without our cookie, so it goes through the same-origin relay page.
 */
class SocialLoginTest {
    private static final String APP = "authtest";
    private static final Pattern INPUT = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form id=\"\\w+\" method=\"post\" action=\"([^\"]+)\">");

    private SocialStub stub;

    @BeforeEach
    void startStub() throws Exception {
        stub = new SocialStub();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    /** A server whose app has the stub's Facebook, GitHub and Apple, their secrets set, and {@code authExtra} in "auth". */
    static TestServer serverWith(TestDatabases.Kind kind, SocialStub stub, String authExtra) throws Exception {
        Path dir = TestServer.copyFixture("authtest");
        Files.writeString(dir.resolve("base44/config.jsonc"), """
                { "name": "Social Test",
                  "auth": { %s "providers": { %s } } }
                """.formatted(authExtra, stub.providersJson()));
        String db = TestDatabases.freshUrl(kind);
        assertEquals(0, HomebaseCommand.run("secrets", "set", "FACEBOOK_CLIENT_SECRET=" + SocialStub.SECRET,
                "GITHUB_CLIENT_SECRET=" + SocialStub.SECRET, "APPLE_PRIVATE_KEY=" + stub.appleP8(), "-p", dir.toString(), "--db", db));
        return new TestServer(dir, db, TestServer.fastAuth());
    }

    private TestServer server(TestDatabases.Kind kind) throws Exception {
        return serverWith(kind, stub, "");
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> res) {
        assertEquals(302, res.statusCode(), () -> "expected a redirect, got " + res.statusCode() + ": " + res.body());
        return res.headers().firstValue("Location").orElseThrow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String url) {
        return SocialStub.form(URI.create(url).getRawQuery());
    }

    private static String base(TestServer s) {
        return "http://127.0.0.1:" + s.port();
    }

    /** Starts a sign-in with {@code provider} and follows it to the provider's redirect back; returns the callback URL. */
    private static String toCallback(HttpClient http, TestServer s, String provider) throws Exception {
        String authorize = location(get(http, base(s) + "/api/apps/auth/" + provider + "/login?app_id=" + APP + "&from_url=%2Fhome"));
        return location(get(http, authorize));
    }

    private static JsonNode me(TestServer s, String backUrl) {
        TestServer.Response me = s.sendAs(query(backUrl).get("access_token"), "GET", "/api/apps/" + APP + "/entities/User/me", null);
        assertEquals(200, me.status(), me.body());
        return me.json();
    }

    /** {@code asServiceRole.sso.<kind>(userId)} on behalf of the user signed in by {@code backUrl} (api-contract §9). */
    private static TestServer.Response sso(TestServer s, String kind, String backUrl, String userId) {
        Map<String, String> h = new java.util.HashMap<>();
        h.put("Authorization", "Bearer " + s.serviceToken());
        h.put("on-behalf-of", "Bearer " + query(backUrl).get("access_token"));
        return s.send("GET", "/api/apps/" + APP + "/auth/sso/" + kind + "/" + userId, null, h);
    }

    /** The hidden fields of a page's form. */
    private static Map<String, String> fields(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) out.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&"));
        return out;
    }

    private static String action(String html) {
        Matcher m = ACTION.matcher(html);
        assertTrue(m.find(), html);
        return m.group(1).replace("&amp;", "&");
    }

    // ---- Facebook -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void facebookSignsInWithPkceAndTheGraphApi(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            HttpClient http = browser();
            String authorize = location(get(http, base(s) + "/api/apps/auth/facebook/login?app_id=" + APP + "&from_url=%2Fhome"));
            Map<String, String> q = query(authorize);
            assertTrue(authorize.startsWith(stub.base() + "/fb/dialog/oauth?"), authorize);
            assertEquals(SocialStub.CLIENT_ID, q.get("client_id"));
            assertEquals(base(s) + "/api/apps/auth/facebook/callback", q.get("redirect_uri"));
            assertEquals("code", q.get("response_type"));
            assertEquals("email,public_profile", q.get("scope"));
            assertEquals("S256", q.get("code_challenge_method"));
            assertTrue(q.get("state").length() >= 43, q.toString());

            String back = location(get(http, location(get(http, authorize))));
            assertTrue(back.startsWith("/home?access_token=") && back.endsWith("&is_new_user=true"), back);
            JsonNode me = me(s, back);
            assertEquals("fb.user@example.test", me.get("email").asText());
            assertEquals("Fay Book", me.get("full_name").asText());
            assertTrue(me.get("is_verified").asBoolean());

            // What reached Facebook: the code exchange with the secret and the PKCE verifier; /me with the token and its proof.
            SocialStub.Recorded token = stub.requests("/fb-graph/oauth/access_token").getFirst();
            assertEquals("POST", token.method());
            assertEquals(SocialStub.SECRET, token.form().get("client_secret"));
            assertNotNull(token.form().get("code_verifier"));
            SocialStub.Recorded graph = stub.requests("/fb-graph/me").getFirst();
            assertTrue(graph.authorization().startsWith("Bearer tok-"), graph.authorization());
            assertEquals("id,name,email", graph.params().get("fields"));
            assertEquals(64, graph.params().get("appsecret_proof").length());

            // The Facebook access token is kept for asServiceRole.sso (§9), for this user only.
            TestServer.Response kept = sso(s, "accesstoken", back, me.get("id").asText());
            assertEquals(200, kept.status(), kept.body());
            assertEquals(graph.authorization().substring("Bearer ".length()), kept.json().get("access_token").asText());
            assertEquals(404, sso(s, "idtoken", back, me.get("id").asText()).status(), "Facebook has no ID token");

            // The same person again: the same user.
            String again = location(get(http, toCallback(http, s, "facebook")));
            assertTrue(again.endsWith("&is_new_user=false"), again);
            assertEquals(me.get("id").asText(), me(s, again).get("id").asText());
        }
    }

    @Test
    void facebookWithoutAnEmailIsRefusedWithAClearPage() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            stub.facebookEmail = null;
            HttpClient http = browser();
            HttpResponse<String> refused = get(http, toCallback(http, s, "facebook"));
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(refused.body().contains("Facebook did not share an email address"), refused.body());
            assertTrue(refused.body().contains("allow access to your email address"), refused.body());
        }
    }

    @Test
    void forgedAndReplayedStatesAreRefused() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            HttpClient http = browser();
            String callback = toCallback(http, s, "facebook");
            String state = query(callback).get("state");
            // A state we never issued, in the browser that holds a real sign-in's cookie.
            String forged = callback.replace("state=" + enc(state), "state=" + enc("forged-" + state.substring(7)));
            HttpResponse<String> f = get(http, forged);
            assertEquals(400, f.statusCode(), f.body());
            assertTrue(f.body().contains("expired or was already used"), f.body());
            // Another browser cannot finish it.
            assertEquals(400, get(browser(), callback).statusCode());
            location(get(http, callback));
            HttpResponse<String> replay = get(http, callback);
            assertEquals(400, replay.statusCode(), "a replayed callback is refused");
            // A genuine state brought to another provider's callback is refused too.
            String other = toCallback(http, s, "facebook");
            assertEquals(400, get(http, other.replace("/facebook/callback", "/github/callback")).statusCode());
            assertEquals(1, stub.requests("/fb-graph/oauth/access_token").size(), "only the genuine callback reached Facebook");
        }
    }

    /** The Java SDK's {@code auth().loginWithProvider} URLs start each sign-in, and its token works afterwards. */
    @Test
    void theJavaSdksLoginWithProviderUrlsSignIn() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            dev.homebase.sdk.Base44Client app = dev.homebase.sdk.Base44.createClient(
                    dev.homebase.sdk.ClientConfig.builder().serverUrl(base(s)).appId(APP).build());
            Map<String, String> emails = Map.of("facebook", "fb.user@example.test", "github", "gh.user@example.test");
            for (var provider : emails.entrySet()) {
                HttpClient http = browser();
                String start = app.auth().loginWithProvider(provider.getKey(), "/home");
                String authorize = location(get(http, start));
                assertTrue(authorize.startsWith(stub.base() + "/"), provider.getKey() + ": " + authorize);
                String back = location(get(http, location(get(http, authorize))));
                String token = dev.homebase.sdk.Base44.accessTokenFromUrl(back).orElseThrow(() -> new AssertionError(back));
                dev.homebase.sdk.Base44Client signedIn = dev.homebase.sdk.Base44.createClient(
                        dev.homebase.sdk.ClientConfig.builder().serverUrl(base(s)).appId(APP).token(token).build());
                assertEquals(provider.getValue(), signedIn.auth().me().email(), provider.getKey());
            }
        }
    }

    // ---- GitHub ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void gitHubSignsInWithThePrimaryVerifiedEmail(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            HttpClient http = browser();
            String authorize = location(get(http, base(s) + "/api/apps/auth/github/login?app_id=" + APP + "&from_url=%2Fhome"));
            Map<String, String> q = query(authorize);
            assertTrue(authorize.startsWith(stub.base() + "/gh/login/oauth/authorize?"), authorize);
            assertEquals("read:user user:email", q.get("scope"));
            assertEquals("S256", q.get("code_challenge_method"));
            String back = location(get(http, location(get(http, authorize))));
            JsonNode me = me(s, back);
            assertEquals("gh.user@example.test", me.get("email").asText(), "the primary verified address, not another one");
            assertEquals("Git Hubber", me.get("full_name").asText());
            SocialStub.Recorded token = stub.requests("/gh/login/oauth/access_token").getFirst();
            assertEquals(SocialStub.SECRET, token.form().get("client_secret"));
            assertNotNull(token.form().get("code_verifier"));
            assertTrue(stub.requests("/gh-api/user/emails").getFirst().authorization().startsWith("Bearer tok-"));
        }
    }

    @Test
    void gitHubWithoutAVerifiedPrimaryEmailIsRefused() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            stub.githubEmailsJson = "[{\"email\":\"unverified@example.test\",\"primary\":true,\"verified\":false},"
                    + "{\"email\":\"other@example.test\",\"primary\":false,\"verified\":true}]";
            HttpClient http = browser();
            HttpResponse<String> refused = get(http, toCallback(http, s, "github"));
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("no verified primary email address"), refused.body());
            // No user was created for either address.
            for (String email : new String[] {"unverified@example.test", "other@example.test"}) {
                assertEquals(200, s.send("POST", "/api/apps/" + APP + "/auth/register",
                        "{\"email\":\"" + email + "\",\"password\":\"long-enough-1\"}").status());
            }
        }
    }

    // ---- Apple ----------------------------------------------------------------------------------

    /**
     * Follows Apple's form_post as a browser does: the provider's page posts cross-site (no cookie
     * of ours), our relay page posts the same fields back from our origin (with the cookie).
     * Returns the final answer.
     */
    private HttpResponse<String> appleSignIn(HttpClient http, TestServer s) throws Exception {
        String authorize = location(get(http, base(s) + "/api/apps/auth/apple/login?app_id=" + APP + "&from_url=%2Fhome"));
        return appleReturn(http, get(http, authorize).body());
    }

    private HttpResponse<String> appleReturn(HttpClient http, String applePage) throws Exception {
        HttpResponse<String> relay = post(HttpClient.newHttpClient(), action(applePage), fields(applePage));
        assertEquals(200, relay.statusCode(), relay.body());
        Map<String, String> relayed = fields(relay.body());
        assertEquals("1", relayed.get(FormPostRelay.RELAYED), relay.body());
        return post(http, base(relay) + action(relay.body()), relayed);
    }

    private static String base(HttpResponse<?> res) {
        URI u = res.uri();
        return u.getScheme() + "://" + u.getAuthority();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void appleSignsInThroughFormPostAndKeepsTheFirstName(TestDatabases.Kind kind) throws Exception {
        try (TestServer s = server(kind)) {
            HttpClient http = browser();
            String authorize = location(get(http, base(s) + "/api/apps/auth/apple/login?app_id=" + APP + "&from_url=%2Fhome"));
            Map<String, String> q = query(authorize);
            assertTrue(authorize.startsWith(stub.base() + "/apple/auth/authorize?"), authorize);
            assertEquals("form_post", q.get("response_mode"));
            assertEquals("name email", q.get("scope"));
            assertTrue(q.get("nonce").length() >= 43, q.toString());
            String back = location(appleReturn(http, get(http, authorize).body()));
            assertTrue(back.startsWith("/home?access_token=") && back.endsWith("&is_new_user=true"), back);
            JsonNode me = me(s, back);
            assertEquals("apple.user@example.test", me.get("email").asText());
            assertEquals("Ada Apple", me.get("full_name").asText(), "the name Apple sends on the first sign-in");

            // The client secret Apple got: an ES256 JWT of our team and key, for our Services ID (the stub verified its signature).
            SignedJWT secret = SignedJWT.parse(stub.requests("/apple/auth/token").getFirst().form().get("client_secret"));
            assertEquals("ES256", secret.getHeader().getAlgorithm().getName());
            assertEquals(SocialStub.APPLE_KEY_ID, secret.getHeader().getKeyID());
            assertEquals(SocialStub.APPLE_TEAM, secret.getJWTClaimsSet().getIssuer());
            assertEquals(SocialStub.CLIENT_ID, secret.getJWTClaimsSet().getSubject());

            // Apple's tokens are kept for asServiceRole.sso (§9): its access token and the raw ID token it sent.
            TestServer.Response access = sso(s, "accesstoken", back, me.get("id").asText());
            assertEquals(200, access.status(), access.body());
            assertTrue(access.json().get("access_token").asText().startsWith("a-"), access.body());
            TestServer.Response id = sso(s, "idtoken", back, me.get("id").asText());
            assertEquals(200, id.status(), id.body());
            assertEquals(SocialStub.CLIENT_ID, SignedJWT.parse(id.json().asText()).getJWTClaimsSet().getAudience().getFirst());

            // Later sign-ins carry no name: the one kept stays.
            stub.appleUser = null;
            String again = location(appleSignIn(http, s));
            assertTrue(again.endsWith("&is_new_user=false"), again);
            JsonNode later = me(s, again);
            assertEquals(me.get("id").asText(), later.get("id").asText());
            assertEquals("Ada Apple", later.get("full_name").asText());
        }
    }

    @Test
    void appleIdTokensWithAWrongAudienceOrSignatureAreRefused() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            stub.appleAudience = "another-client";
            HttpResponse<String> audience = appleSignIn(browser(), s);
            assertEquals(400, audience.statusCode(), audience.body());
            assertTrue(audience.body().contains("could not be verified"), audience.body());

            stub.appleAudience = null;
            stub.appleForgedSignature = true;
            HttpResponse<String> signature = appleSignIn(browser(), s);
            assertEquals(400, signature.statusCode(), signature.body());
            assertTrue(signature.body().contains("could not be verified"), signature.body());

            // Nobody was signed up by either.
            assertEquals(200, s.send("POST", "/api/apps/" + APP + "/auth/register",
                    "{\"email\":\"apple.user@example.test\",\"password\":\"long-enough-1\"}").status());
        }
    }

    @Test
    void appleFormPostsWithAForgedOrReplayedStateOrFromAnotherBrowserAreRefused() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            HttpClient http = browser();
            String authorize = location(get(http, base(s) + "/api/apps/auth/apple/login?app_id=" + APP + "&from_url=%2Fhome"));
            String applePage = get(http, authorize).body();
            Map<String, String> genuine = fields(applePage);
            String callback = action(applePage);

            Map<String, String> forged = new LinkedHashMap<>(genuine);
            forged.put("state", "forged-state-value-that-we-never-issued-000000");
            forged.put(FormPostRelay.RELAYED, "1");
            HttpResponse<String> f = post(http, callback, forged);
            assertEquals(400, f.statusCode(), f.body());
            assertTrue(f.body().contains("expired or was already used"), f.body());

            // Relayed, but in a browser without the cookie (someone else's): refused, and not relayed again.
            Map<String, String> relayedElsewhere = new LinkedHashMap<>(genuine);
            relayedElsewhere.put(FormPostRelay.RELAYED, "1");
            assertEquals(400, post(HttpClient.newHttpClient(), callback, relayedElsewhere).statusCode());

            assertEquals(302, appleReturn(http, applePage).statusCode());
            HttpResponse<String> replay = appleReturn(http, applePage);
            assertEquals(400, replay.statusCode(), "a replayed form_post is refused");
            assertEquals(1, stub.requests("/apple/auth/token").size());
        }
    }

    @Test
    void appleWithAKeyThatIsNotAnEcKeyAnswersAPageNotA500() throws Exception {
        try (TestServer s = server(TestDatabases.Kind.SQLITE)) {
            assertEquals(0, HomebaseCommand.run("secrets", "set", "APPLE_PRIVATE_KEY=not-a-key", "-p", s.dir().toString(),
                    "--db", s.databaseUrl()));
            HttpResponse<String> res = appleSignIn(browser(), s);
            assertEquals(503, res.statusCode(), res.body());
            assertTrue(res.body().contains("not set up correctly"), res.body());
            assertFalse(res.body().contains("not-a-key"));
        }
    }

    // ---- Login page, switches, config -------------------------------------------------------------

    @Test
    void theLoginPageShowsOneButtonPerEnabledProviderAndTheSwitchesTurnThemOff() throws Exception {
        try (TestServer s = serverWith(TestDatabases.Kind.SQLITE, stub, "\"enable_github_login\": false, \"enable_apple_login\": true,")) {
            HttpClient http = browser();
            String page = get(http, base(s) + "/login?app_id=" + APP + "&from_url=%2Fhome").body();
            assertTrue(page.contains("href=\"/api/apps/auth/facebook/login?app_id=authtest&amp;from_url=%2Fhome\">Continue with Facebook</a>"), page);
            assertTrue(page.contains(">Continue with Apple</a>"), page);
            assertFalse(page.contains("Continue with GitHub"), page);
            HttpResponse<String> off = get(http, base(s) + "/api/apps/auth/github/login?app_id=" + APP + "&from_url=%2F");
            assertEquals(404, off.statusCode(), off.body());
            assertTrue(stub.requests.isEmpty(), "nothing reached a provider");
        }
    }

    @Test
    void providerSettingsAreCheckedWhenTheProjectLoads() throws Exception {
        Path dir = TestServer.copyFixture("authtest");
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"auth\": { \"providers\": { \"apple\": { \"clientId\": \"x\" } } } }");
        assertTrue(assertThrows(ProjectException.class, () -> ProjectLoader.load(dir)).getMessage().contains("needs \"teamId\""));
        Files.writeString(dir.resolve("base44/config.jsonc"),
                "{ \"auth\": { \"providers\": { \"github\": { \"clientId\": \"x\", \"scopes\": [\"read:user\"] } } } }");
        assertTrue(assertThrows(ProjectException.class, () -> ProjectLoader.load(dir)).getMessage().contains("must include user:email"));
        Files.writeString(dir.resolve("base44/config.jsonc"),
                "{ \"auth\": { \"enable_facebook_login\": \"yes\", \"providers\": { \"facebook\": { \"clientId\": \"x\" } } } }");
        assertTrue(assertThrows(ProjectException.class, () -> ProjectLoader.load(dir)).getMessage().contains("must be true or false"));
        Files.writeString(dir.resolve("base44/config.jsonc"), "{ \"auth\": { \"providers\": { \"facebook\": { \"clientId\": \"1\" },"
                + " \"github\": { \"clientId\": \"2\" }, \"apple\": { \"clientId\": \"3\", \"teamId\": \"T1\", \"keyId\": \"K1\" } } } }");
        var providers = ProjectLoader.load(dir).authProviders();
        assertEquals("https://graph.facebook.com/v21.0", providers.get("facebook").apiUrl().toString());
        assertEquals("https://github.com", providers.get("github").issuer().toString());
        assertEquals("https://api.github.com", providers.get("github").apiUrl().toString());
        assertEquals("https://appleid.apple.com", providers.get("apple").issuer().toString());
        assertEquals("APPLE_PRIVATE_KEY", providers.get("apple").clientSecretName());
        assertEquals("GITHUB_CLIENT_SECRET", providers.get("github").clientSecretName());
        assertNull(providers.get("apple").apiUrl());
    }
}

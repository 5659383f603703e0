package dev.homebase.server.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Facebook (dialog + Graph API), GitHub (authorize, token, {@code /user}, {@code /user/emails}) and
 * Sign in with Apple (authorize with {@code form_post}, token, JWKS) served over real HTTP for tests,
 * each under its own path prefix ({@code /fb}, {@code /fb-graph}, {@code /gh}, {@code /gh-api},
 * {@code /apple}). It plays the provider honestly: codes are single use and remember the client, the
 * redirect URI, the PKCE challenge and the nonce; the token endpoints check the client secret (Apple's:
 * an ES256 JWT verified with the team key's public half) and the PKCE verifier; the APIs check the
 * bearer token (and Graph's {@code appsecret_proof}). Every request is recorded. The authorize
 * endpoints sign in at once as the person set by the test (no consent page).
 *
 * <p>URLs use the host {@code localhost}, so to a browser the stub is another site than a server
 * at {@code 127.0.0.1}: Apple's form_post is then a genuine cross-site POST.
 */
final class SocialStub implements AutoCloseable {
    static final String CLIENT_ID = "stub-client";
    static final String SECRET = "stub-client-secret";
    static final String APPLE_TEAM = "TEAM123456";
    static final String APPLE_KEY_ID = "KEY1234567";

    /** One recorded request: method, path, raw query, the headers that matter, the raw body. */
    record Recorded(String method, String path, String query, String authorization, String body) {
        Map<String, String> form() {
            return SocialStub.form(body);
        }

        Map<String, String> params() {
            return SocialStub.form(query);
        }
    }

    private record Grant(String clientId, String redirectUri, String challenge, String nonce, String provider) {}

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final ECKey appleSigning;
    private final ECKey appleTeamKey;

    // Who signs in next, and how the providers behave; tests set these.
    volatile String facebookEmail = "fb.user@example.test";
    volatile String facebookName = "Fay Book";
    volatile String githubName = "Git Hubber";
    volatile String githubEmailsJson = "[{\"email\":\"public@example.test\",\"primary\":false,\"verified\":true},"
            + "{\"email\":\"gh.user@example.test\",\"primary\":true,\"verified\":true}]";
    volatile String appleEmail = "apple.user@example.test";
    /** Apple's {@code user} form field on the next authorization (null: not sent, as on later sign-ins). */
    volatile String appleUser = "{\"name\":{\"firstName\":\"Ada\",\"lastName\":\"Apple\"},\"email\":\"apple.user@example.test\"}";
    /** The audience Apple's next ID tokens carry (null: our client id). */
    volatile String appleAudience;
    /** Whether Apple's next ID tokens are signed with a key that is not in its JWKS. */
    volatile boolean appleForgedSignature;

    SocialStub() throws IOException, JOSEException {
        appleSigning = new ECKeyGenerator(Curve.P_256).keyID("stub-apple-1").generate();
        appleTeamKey = new ECKeyGenerator(Curve.P_256).keyID(APPLE_KEY_ID).generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The {@code .p8} text of the Apple sign-in key (what an operator stores as APPLE_PRIVATE_KEY). */
    String appleP8() throws JOSEException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(appleTeamKey.toPrivateKey().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** The {@code auth.providers} entries of an app signing in at this stub. */
    String providersJson() {
        return """
                "facebook": { "clientId": "%1$s", "authUrl": "%2$s/fb", "apiUrl": "%2$s/fb-graph" },
                "github": { "clientId": "%1$s", "authUrl": "%2$s/gh", "apiUrl": "%2$s/gh-api" },
                "apple": { "clientId": "%1$s", "issuer": "%2$s/apple", "teamId": "%3$s", "keyId": "%4$s" }
                """.formatted(CLIENT_ID, base(), APPLE_TEAM, APPLE_KEY_ID);
    }

    List<Recorded> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(new Recorded(ex.getRequestMethod(), path, query, ex.getRequestHeaders().getFirst("Authorization"), body));
        Map<String, String> q = form(query);
        Map<String, String> f = form(body);
        try {
            switch (path) {
                case "/fb/dialog/oauth", "/gh/login/oauth/authorize" -> {
                    String code = grant(q, path.startsWith("/fb") ? "facebook" : "github");
                    redirect(ex, q.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(q.get("state")));
                }
                case "/fb-graph/oauth/access_token", "/gh/login/oauth/access_token" -> {
                    Grant g = redeem(f, path.startsWith("/fb") ? "facebook" : "github");
                    if (g == null || !SECRET.equals(f.get("client_secret"))) {
                        json(ex, path.startsWith("/gh") ? 200 : 400, path.startsWith("/gh") ? "{\"error\":\"bad_verification_code\"}"
                                : "{\"error\":{\"message\":\"Invalid verification code format.\",\"type\":\"OAuthException\"}}");
                        return;
                    }
                    String token = "tok-" + UUID.randomUUID();
                    tokens.add(token);
                    json(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
                }
                case "/fb-graph/me" -> {
                    String token = bearer(ex);
                    if (token == null || !proof(token).equals(q.get("appsecret_proof")) || !"id,name,email".equals(q.get("fields"))) {
                        json(ex, 400, "{\"error\":{\"message\":\"Invalid OAuth access token.\"}}");
                        return;
                    }
                    String email = facebookEmail;
                    json(ex, 200, "{\"id\":\"10101\",\"name\":\"" + facebookName + "\"" + (email == null ? "" : ",\"email\":\"" + email + "\"") + "}");
                }
                case "/gh-api/user" -> {
                    if (bearer(ex) == null) json(ex, 401, "{\"message\":\"Bad credentials\"}");
                    else json(ex, 200, "{\"id\":4242,\"login\":\"githubber\",\"name\":" + (githubName == null ? "null" : "\"" + githubName + "\"") + "}");
                }
                case "/gh-api/user/emails" -> {
                    if (bearer(ex) == null) json(ex, 401, "{\"message\":\"Bad credentials\"}");
                    else json(ex, 200, githubEmailsJson);
                }
                case "/apple/auth/authorize" -> appleAuthorize(ex, q);
                case "/apple/auth/token" -> appleToken(ex, f);
                case "/apple/auth/keys" -> json(ex, 200, new JWKSet(appleSigning.toPublicJWK()).toString());
                default -> json(ex, 404, "{\"error\":\"not_found\"}");
            }
        } catch (Exception e) {
            json(ex, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** Apple's authorize: a page that posts the code back to redirect_uri at once (response_mode=form_post). */
    private void appleAuthorize(HttpExchange ex, Map<String, String> q) throws IOException {
        if (!"form_post".equals(q.get("response_mode")) || q.get("nonce") == null) {
            json(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = grant(q, "apple");
        StringBuilder fields = new StringBuilder();
        Map<String, String> post = new LinkedHashMap<>();
        post.put("state", q.get("state"));
        post.put("code", code);
        if (appleUser != null) post.put("user", appleUser);
        post.forEach((k, v) -> fields.append("<input type=\"hidden\" name=\"").append(k).append("\" value=\"")
                .append(v.replace("&", "&amp;").replace("\"", "&quot;")).append("\">"));
        String html = "<!doctype html><html><body><form id=\"f\" method=\"post\" action=\"" + q.get("redirect_uri").replace("\"", "&quot;")
                + "\">" + fields + "</form><script>document.getElementById('f').submit();</script></body></html>";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void appleToken(HttpExchange ex, Map<String, String> f) throws Exception {
        // The client secret: an ES256 JWT from the team's key, iss = team, sub = client, aud = Apple's issuer.
        SignedJWT secret;
        try {
            secret = SignedJWT.parse(f.getOrDefault("client_secret", ""));
        } catch (java.text.ParseException e) {
            json(ex, 400, "{\"error\":\"invalid_client\"}");
            return;
        }
        JWTClaimsSet c = secret.getJWTClaimsSet();
        boolean good = secret.getHeader().getAlgorithm() == JWSAlgorithm.ES256 && APPLE_KEY_ID.equals(secret.getHeader().getKeyID())
                && secret.verify(new ECDSAVerifier(appleTeamKey.toPublicJWK())) && APPLE_TEAM.equals(c.getIssuer())
                && CLIENT_ID.equals(c.getSubject()) && c.getAudience().equals(List.of(base() + "/apple"))
                && c.getExpirationTime().after(new Date()) && CLIENT_ID.equals(f.get("client_id"))
                && "authorization_code".equals(f.get("grant_type"));
        if (!good) {
            json(ex, 400, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant g = redeem(f, "apple");
        if (g == null) {
            json(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(base() + "/apple").subject("001234.apple-sub")
                .audience(appleAudience != null ? appleAudience : CLIENT_ID).issueTime(new Date(now)).expirationTime(new Date(now + 600_000))
                .claim("nonce", g.nonce()).claim("email", appleEmail).claim("email_verified", "true").claim("nonce_supported", true).build();
        ECKey signer = appleForgedSignature ? new ECKeyGenerator(Curve.P_256).keyID(appleSigning.getKeyID()).generate() : appleSigning;
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(appleSigning.getKeyID()).build(), claims);
        idToken.sign(new ECDSASigner(signer));
        json(ex, 200, "{\"access_token\":\"a-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"r-1\",\"id_token\":\"" + idToken.serialize() + "\"}");
    }

    private String grant(Map<String, String> q, String provider) {
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"), provider));
        return code;
    }

    /** Takes the code's grant if client, redirect URI and PKCE verifier all match; else null. */
    private static boolean matches(Grant g, Map<String, String> f, String provider) {
        if (!g.provider().equals(provider) || !CLIENT_ID.equals(g.clientId()) || !g.redirectUri().equals(f.get("redirect_uri"))) return false;
        if (g.challenge() == null) return true;
        String verifier = f.get("code_verifier");
        return verifier != null && CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue().equals(g.challenge());
    }

    private Grant redeem(Map<String, String> f, String provider) {
        String code = f.get("code");
        Grant g = code == null ? null : codes.remove(code);
        return g != null && matches(g, f, provider) ? g : null;
    }

    private String bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ")) return null;
        String token = h.substring(7);
        return tokens.contains(token) ? token : null;
    }

    private static String proof(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sends malformed input to every route of the route table (read from the running server, so a new
 * route is covered without touching this test), on both stores: bad path parameters and
 * percent-escapes, bad query parameters and filters, malformed and mistyped bodies, huge numbers,
 * NUL characters, deep nesting, invalid tokens, wrong content types and methods (see
 * {@link FuzzCases}). Fails on any answer of 500 or more (but the deliberate ones: see {@code notImplemented}), on no answer, and on any request slower
 * than {@link #LIMIT_MILLIS}. Deterministic (fixed seed) and bounded ({@link #PER_ROUTE} requests a
 * route plus the known cases).
 */
class FuzzTest {
    private static final long SEED = 12;
    private static final int PER_ROUTE = 50;
    /** Slowest acceptable answer; a catastrophic regex must be cut off well before. */
    private static final int LIMIT_MILLIS = 5_000;
    private static final String ADMIN = "admin@fuzz.test";
    private static final String PASSWORD = "admin-password-1";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void noServerErrorsAndNoHangsOnMalformedInput(TestDatabases.Kind kind) {
        // Sign-in rate limits off, so the fuzzed sign-in bodies reach their handlers instead of a 429.
        AuthConfig auth = TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withRateLimits(RateLimits.parse("off"));
        try (TestServer server = new TestServer("fuzztest", kind, auth)) {
            FuzzCases.Seeds seeds = seed(server);
            List<HttpServer.Route> routes = server.app().http().routes();
            assertTrue(routes.size() > 40, "the route table is read from the server: " + routes);

            List<FuzzCases.Case> cases = new ArrayList<>(known(seeds));
            cases.addAll(tamperedCursors(server, seeds));
            FuzzCases generator = new FuzzCases(SEED, seeds);
            for (HttpServer.Route route : routes) cases.addAll(generator.forRoute(route.method(), route.path(), PER_ROUTE));

            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            long started = System.nanoTime();
            long slowest = 0;
            for (FuzzCases.Case c : cases) {
                RawHttp.Reply reply = RawHttp.send(server.port(), c.method(), c.target(), c.headers(), c.body(), LIMIT_MILLIS);
                statuses.merge(reply.status(), 1, Integer::sum);
                slowest = Math.max(slowest, reply.millis());
                if (reply.timedOut() || reply.millis() > LIMIT_MILLIS) failures.add("HANG " + reply.millis() + " ms: " + c.describe());
                else if (reply.status() < 0) failures.add("NO ANSWER " + reply.body() + ": " + c.describe());
                else if (reply.status() >= 500 && !notImplemented(reply)) failures.add(reply.status() + ": " + c.describe() + " -> " + bodyOf(reply));
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            System.out.printf("FuzzTest %s: %d requests over %d routes in %d s, slowest %d ms, statuses %s, failures %d%n",
                    kind, cases.size(), routes.size(), seconds, slowest, statuses, failures.size());
            failures.stream().limit(60).forEach(f -> System.out.println("  " + f));
            assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " requests failed on " + kind);
        }
    }

    /** The cases the attack pass of issue 12 reported, always sent. */
    private static List<FuzzCases.Case> known(FuzzCases.Seeds seeds) {
        String app = "/api/apps/" + seeds.appId();
        String service = seeds.tokens().get("service");
        Map<String, String> json = new LinkedHashMap<>(Map.of("Content-Type", "application/json", "Authorization", "Bearer " + service));
        List<FuzzCases.Case> out = new ArrayList<>();
        for (String target : List.of(app + "/functions/echo?%zz", "/api/functions/echo?%zz", "/functions/echo?%zz",
                app + "/functions/echo?a=%E0%A4%A", app + "/functions/echo?q={%22a%22:1}|^`", app + "/entities/Item?%zz",
                app + "/entities/Item/%zz", "/api/%zz", "/%zz", "/login?from_url=%zz", "/reset-password?token=%")) {
            out.add(new FuzzCases.Case("GET", target, json, null));
        }
        String item = app + "/entities/Item";
        for (String body : List.of("{\"title\":\"\\u0000\"}", "{\"title\":\"x\",\"price\":1e999999}", "{\"title\":\"x\",\"meta\":{\"size\":-1e999999}}",
                "{\"title\":\"\\ud800\"}")) {
            out.add(new FuzzCases.Case("POST", item, json, body.getBytes(StandardCharsets.UTF_8)));
        }
        // Imports: multipart uploads with what the stores cannot keep, and broken multipart bodies.
        for (String file : List.of("title,price\r\na\u0000b,1\r\n", "title,price\r\nx,1e999999\r\n", "[{\"title\":\"\\u0000\"}]",
                "[{\"title\":\"x\",\"count\":-1e999999}]", "title\r\n\"unclosed\r\n")) {
            Map<String, String> multipart = new LinkedHashMap<>(json);
            multipart.put("Content-Type", "multipart/form-data; boundary=B");
            String name = file.startsWith("[") ? "x.json" : "x.csv";
            String body = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n\r\n" + file + "\r\n--B--\r\n";
            out.add(new FuzzCases.Case("POST", item + "/import", multipart, body.getBytes(StandardCharsets.UTF_8)));
            out.add(new FuzzCases.Case("POST", item + "/import", multipart, body.substring(0, body.length() / 2).getBytes(StandardCharsets.UTF_8)));
        }
        for (String q : List.of("{\"title\":{\"$regex\":\"^(a|a)*$\"}}", "{\"title\":{\"$regex\":\"^(a+)\\\\1+$\"}}",
                "{\"price\":{\"$gt\":1e999999}}", "{\"title\":{\"$regex\":\"^(a|aa)+$\"}}")) {
            out.add(new FuzzCases.Case("GET", item + "?q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8), json, null));
        }
        return out;
    }

    /** A real cursor of a page, cut, extended and with each of its first characters changed. */
    private static List<FuzzCases.Case> tamperedCursors(TestServer server, FuzzCases.Seeds seeds) {
        String service = seeds.tokens().get("service");
        String list = "/api/apps/" + seeds.appId() + "/entities/Item/v2/list";
        TestServer.Response page = server.sendAs(service, "GET", list + "?limit=1&sort=-title", null);
        assertEquals(200, page.status(), page.body());
        String cursor = page.json().path("next_cursor").asText("");
        assertTrue(cursor.length() > 10, "a page of 1 out of 2 has a next cursor: " + page.body());
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + service);
        List<String> variants = new ArrayList<>(List.of(cursor.substring(0, cursor.length() / 2), cursor + "A", cursor + "%00",
                cursor.replace('-', '+'), cursor.toUpperCase(java.util.Locale.ROOT), cursor + cursor));
        for (int i = 0; i < Math.min(cursor.length(), 40); i++) {
            char c = cursor.charAt(i);
            variants.add(cursor.substring(0, i) + (c == 'A' ? 'B' : 'A') + cursor.substring(i + 1));
        }
        List<FuzzCases.Case> out = new ArrayList<>();
        for (String v : variants) {
            String encoded = v.endsWith("%00") ? java.net.URLEncoder.encode(v.substring(0, v.length() - 3), StandardCharsets.UTF_8) + "%00"
                    : java.net.URLEncoder.encode(v, StandardCharsets.UTF_8);
            out.add(new FuzzCases.Case("GET", list + "?limit=1&sort=-title&cursor=" + encoded, headers, null));
        }
        return out;
    }

    /** Records for the generated paths to name, and a token of each kind. */
    private static FuzzCases.Seeds seed(TestServer server) {
        String app = "fuzztest";
        String service = server.serviceToken();
        String admin = server.login(app, ADMIN, PASSWORD);
        String base = "/api/apps/" + app + "/entities/";
        TestServer.Response item = server.sendAs(service, "POST", base + "Item", "{\"title\":\"t\",\"count\":1,\"tags\":[\"a\"]}");
        assertEquals(201, item.status(), item.body());
        // A long value for catastrophic patterns to chew on (issue 12: ^(a|a)*$ over 100,000 characters).
        TestServer.Response longItem = server.sendAs(service, "POST", base + "Item", "{\"title\":\"" + "a".repeat(100_000) + "!\"}");
        assertEquals(201, longItem.status(), longItem.body());
        TestServer.Response note = server.sendAs(admin, "POST", base + "Note", "{\"title\":\"n\",\"team\":\"red\",\"salary\":100}");
        assertEquals(201, note.status(), note.body());
        TestServer.Response me = server.sendAs(admin, "GET", base + "User/me", null);
        assertEquals(200, me.status(), me.body());
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("admin", admin);
        tokens.put("service", service);
        tokens.put("garbage", "not-a-token");
        return new FuzzCases.Seeds(app, item.json().get("id").asText(), note.json().get("id").asText(), me.json().get("id").asText(), tokens);
    }

    /**
     * A deliberate 5xx: a Base44 feature Homebase does not have (http/Unavailable: 501 {@code not_implemented}; a
     * HEAD of such a route has no body), or an AI route on a server with no model provider configured (503
     * {@code ai_not_configured}).
     */
    private static boolean notImplemented(RawHttp.Reply reply) {
        String text = reply.body(); // the whole answer, head and body
        int start = text.indexOf("\r\n\r\n");
        String body = start < 0 ? "" : text.substring(start + 4);
        if (reply.status() == 501) return body.isBlank() || body.contains("\"code\":\"not_implemented\"");
        return reply.status() == 503 && body.contains("\"code\":\"ai_not_configured\"");
    }

    private static String bodyOf(RawHttp.Reply reply) {
        String text = reply.body();
        int start = text.indexOf("\r\n\r\n");
        String body = start < 0 ? text : text.substring(start + 4);
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}

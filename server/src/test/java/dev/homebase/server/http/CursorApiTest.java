package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cursor pages and distinct values ({@code GET .../v2/list}, api-contract §4.3) over real HTTP, on
 * SQLite and PostgreSQL: keyset walks agree with the array list, deletions do not shift pages,
 * cursors cannot be reused for another walk or altered, and access rules apply to every page.
 */
class CursorApiTest {
    private static final String BASE = "/api/apps/cursortest/entities/Thing";
    private static final List<String> SORTS = List.of("", "title", "-title", "-count", "count", "meta.priority", "-meta.priority",
            "created_date", "-id", "created_by");

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void walksAgreeWithTheArrayList(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("cursortest", kind)) {
            seed(server, 250, 7);
            for (String sort : SORTS) {
                List<String> expected = ids(get(server, BASE + "?limit=5000" + (sort.isEmpty() ? "" : "&sort=" + sort)));
                assertEquals(250, expected.size());
                List<String> walked = walk(server, BASE + "/v2/list?limit=7" + (sort.isEmpty() ? "" : "&sort=" + sort), 7);
                assertEquals(expected, walked, "sort '" + sort + "'");
                assertEquals(250, new HashSet<>(walked).size());
            }
            // With a filter and a projection, resent unchanged on every follow-up (the SDK's filter() form).
            String q = "q=" + enc("{\"count\":{\"$gte\":2}}");
            List<String> expected = ids(get(server, BASE + "?limit=5000&sort=-count&" + q));
            assertFalse(expected.isEmpty());
            JsonNode first = get(server, BASE + "/v2/list?limit=5&sort=-count&fields=title&" + q);
            List<String> walked = new ArrayList<>(ids(first.get("items")));
            assertFalse(first.get("items").get(0).has("count"), "projection applies");
            String cursor = first.get("next_cursor").asText();
            while (cursor != null) {
                JsonNode page = get(server, BASE + "/v2/list?limit=5&sort=-count&fields=title&" + q + "&cursor=" + cursor);
                walked.addAll(ids(page.get("items")));
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            }
            assertEquals(expected, walked);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void deletionsBetweenPagesDoNotShiftBoundaries(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("cursortest", kind)) {
            seed(server, 60, 11);
            List<String> all = ids(get(server, BASE + "?limit=5000&sort=title"));
            List<String> walked = new ArrayList<>();
            JsonNode page = get(server, BASE + "/v2/list?limit=7&sort=title");
            for (int i = 0; i < 2; i++) {
                walked.addAll(ids(page.get("items")));
                page = get(server, BASE + "/v2/list?limit=7&cursor=" + page.get("next_cursor").asText());
            }
            walked.addAll(ids(page.get("items")));
            assertEquals(all.subList(0, 21), walked);
            // Delete the cursor's own row, an earlier one and a later one.
            for (String id : List.of(all.get(20), all.get(3), all.get(30))) {
                assertEquals(200, server.send("DELETE", BASE + "/" + id, null).status());
            }
            String cursor = page.get("next_cursor").asText();
            while (cursor != null) {
                page = get(server, BASE + "/v2/list?limit=7&cursor=" + cursor);
                walked.addAll(ids(page.get("items")));
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            }
            List<String> expected = new ArrayList<>(all);
            expected.remove(all.get(30));
            assertEquals(expected, walked, "each remaining record exactly once, none skipped");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void cursorsBelongToTheirWalk(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("cursortest", kind)) {
            seed(server, 20, 3);
            String q = "q=" + enc("{\"title\":{\"$exists\":true}}");
            JsonNode first = get(server, BASE + "/v2/list?limit=3&sort=title&" + q);
            assertTrue(first.get("has_more").asBoolean());
            String cursor = first.get("next_cursor").asText();
            assertEquals(200, server.send("GET", BASE + "/v2/list?limit=3&sort=title&" + q + "&cursor=" + cursor, null).status(),
                    "the same values may be resent");
            assertEquals(200, server.send("GET", BASE + "/v2/list?limit=3&sort=%2Btitle&cursor=" + cursor, null).status(), "+title is title");
            invalid(server, BASE + "/v2/list?limit=3&sort=-title&cursor=" + cursor, "Cursor was issued for a different sort");
            invalid(server, BASE + "/v2/list?limit=3&q=" + enc("{\"title\":\"x\"}") + "&cursor=" + cursor, "Cursor was issued for a different query");
            invalid(server, BASE + "/v2/list?limit=3&fields=count&cursor=" + cursor, "Cursor was issued for a different query");
            invalid(server, BASE + "/v2/list?limit=3&distinct=title&cursor=" + cursor, "Cursor was issued for a different query");
            char c = cursor.charAt(cursor.length() / 2);
            String tampered = cursor.substring(0, cursor.length() / 2) + (c == 'A' ? 'B' : 'A') + cursor.substring(cursor.length() / 2 + 1);
            invalid(server, BASE + "/v2/list?limit=3&cursor=" + tampered, "Invalid cursor");
            invalid(server, BASE + "/v2/list?limit=3&cursor=garbage", "Invalid cursor");
            invalid(server, BASE + "/v2/list?limit=3&cursor=" + enc("{\"position\":[]}"), "Invalid cursor");
            invalid(server, "/api/apps/cursortest/entities/Thing/v2/list?limit=3&cursor=" + cursor + "x", "Invalid cursor");
            for (String limit : List.of("0", "5001", "x", "-1")) {
                assertEquals(400, server.send("GET", BASE + "/v2/list?limit=" + limit, null).status(), limit);
            }
            assertEquals(400, server.send("GET", BASE + "/v2/list?distinct=title&limit=1001", null).status());
            assertEquals(400, server.send("GET", BASE + "/v2/list?distinct=created_by", null).status());
            JsonNode defaults = get(server, BASE + "/v2/list");
            assertEquals(20, defaults.get("items").size(), "default limit is 100");
            assertFalse(defaults.get("has_more").asBoolean());
            assertTrue(defaults.get("next_cursor").isNull());
            assertEquals(ids(get(server, BASE)), ids(defaults.get("items")), "default sort -created_date");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void distinctValuesInTypeOrder(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("cursortest", kind)) {
            String records = "[{\"title\":\"b\",\"count\":3,\"tags\":[\"x\",\"y\"]},{\"title\":\"a\",\"count\":1.5,\"tags\":[\"y\",\"z\"]},"
                    + "{\"title\":\"b\",\"count\":\"b\",\"tags\":\"w\"},{\"title\":\"c\",\"count\":\"a\",\"tags\":[null,\"x\",3]},"
                    + "{\"count\":true,\"tags\":[]},{\"title\":null,\"count\":false,\"tags\":null},{\"count\":null},{\"count\":{\"a\":1}},"
                    + "{\"count\":[2,\"z\",[1]]},{\"count\":3},{\"title\":\"B\",\"meta\":{\"priority\":2}}]";
            assertEquals(201, server.send("POST", BASE + "/bulk", records).status());
            assertEquals("[\"B\",\"a\",\"b\",\"c\"]", get(server, BASE + "/v2/list?distinct=title").get("items").toString());
            assertEquals("[1.5,2,3,\"a\",\"b\",\"z\",{\"a\":1},[1],false,true]",
                    get(server, BASE + "/v2/list?distinct=count").get("items").toString());
            assertEquals("[3,\"w\",\"x\",\"y\",\"z\"]", get(server, BASE + "/v2/list?distinct=tags").get("items").toString());
            assertEquals("[2]", get(server, BASE + "/v2/list?distinct=meta.priority").get("items").toString());
            assertEquals("[\"w\",\"x\",\"y\"]",
                    get(server, BASE + "/v2/list?distinct=tags&q=" + enc("{\"title\":\"b\"}")).get("items").toString(),
                    "a filter narrows the records");
            // Paged, two values at a time; a follow-up may resend distinct but not change it.
            List<String> walked = new ArrayList<>();
            JsonNode page = get(server, BASE + "/v2/list?distinct=count&limit=2");
            while (true) {
                page.get("items").forEach(v -> walked.add(v.toString()));
                if (!page.get("has_more").asBoolean()) break;
                String cursor = page.get("next_cursor").asText();
                invalid(server, BASE + "/v2/list?distinct=title&limit=2&cursor=" + cursor, "Cursor was issued for a different query");
                invalid(server, BASE + "/v2/list?sort=title&limit=2&cursor=" + cursor, "Cursor was issued for a different sort");
                page = get(server, BASE + "/v2/list?distinct=count&limit=2&cursor=" + cursor);
            }
            assertEquals("[1.5, 2, 3, \"a\", \"b\", \"z\", {\"a\":1}, [1], false, true]", walked.toString());
            assertTrue(page.get("next_cursor").isNull());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void pagesHoldOnlyWhatTheRulesAllow(TestDatabases.Kind kind) {
        String api = "/api/apps/rlstest/entities/Note";
        AuthConfig auth = TestServer.fastAuth().withAdmin("admin@example.test", "s3cret-pass")
                .withSmtp(MAIL.settings());
        try (TestServer server = new TestServer("rlstest", kind, auth)) {
            String service = server.serviceToken();
            String admin = server.send("POST", "/api/apps/rlstest/auth/login", "{\"email\":\"admin@example.test\",\"password\":\"s3cret-pass\"}")
                    .json().get("access_token").asText();
            ArrayNode notes = Json.MAPPER.createArrayNode();
            for (int i = 0; i < 30; i++) notes.addObject().put("title", "n" + (i % 9)).put("team", i % 2 == 0 ? "red" : "blue").put("salary", i);
            assertEquals(201, server.sendAs(service, "POST", api + "/bulk", notes.toString()).status());

            List<JsonNode> asService = walkAs(server, service, api + "/v2/list?limit=7&sort=title");
            assertEquals(30, asService.size());
            assertTrue(asService.stream().allMatch(n -> n.has("salary")), "the service role sees every field");

            List<JsonNode> asAdmin = walkAs(server, admin, api + "/v2/list?limit=7&sort=-salary");
            assertEquals(asService.stream().map(n -> n.get("id").asText()).sorted().toList(),
                    asAdmin.stream().map(n -> n.get("id").asText()).sorted().toList());
            assertTrue(asAdmin.stream().noneMatch(n -> n.has("salary")), "salary is for HR only");
            assertEquals("[]", getAs(server, admin, api + "/v2/list?distinct=salary").get("items").toString(),
                    "no distinct values of a field the caller may not read");
            assertEquals("[\"blue\",\"red\"]", getAs(server, admin, api + "/v2/list?distinct=team").get("items").toString());
            assertEquals(30, getAs(server, service, api + "/v2/list?distinct=salary&limit=1000").get("items").size());

            // A red-team user reads red notes and their own: every page holds only those, in the list's order.
            String user = signedUp(server, "red");
            assertEquals(201, server.sendAs(user, "POST", api, "{\"title\":\"mine\",\"team\":\"green\"}").status());
            List<String> permitted = new ArrayList<>();
            for (JsonNode n : getAs(server, user, api + "?sort=title&limit=5000")) permitted.add(n.get("id").asText());
            assertEquals(16, permitted.size(), "15 red notes and one of their own");
            List<JsonNode> asUser = walkAs(server, user, api + "/v2/list?limit=7&sort=title");
            assertEquals(permitted, asUser.stream().map(n -> n.get("id").asText()).toList());
            assertTrue(asUser.stream().allMatch(n -> n.get("team").asText().equals("red") || n.get("title").asText().equals("mine")));
            assertEquals("[\"green\",\"red\"]", getAs(server, user, api + "/v2/list?distinct=team").get("items").toString());

            // Anonymous callers fail the Note read rule: empty pages, not errors, not rows.
            JsonNode anonymous = get(server, api + "/v2/list?limit=7");
            assertEquals(0, anonymous.get("items").size());
            assertFalse(anonymous.get("has_more").asBoolean());
            assertEquals(0, get(server, api + "/v2/list?distinct=team").get("items").size());
            // A cursor does not carry access: an anonymous caller continuing a service walk sees nothing.
            String cursor = getAs(server, service, api + "/v2/list?limit=7").get("next_cursor").asText();
            assertEquals(0, get(server, api + "/v2/list?limit=7&cursor=" + cursor).get("items").size());
        }
    }

    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    /** Registers a user with the code from the mail, signs in, sets their team; returns the access token. */
    private static String signedUp(TestServer server, String team) {
        String auth = "/api/apps/rlstest/auth";
        String email = "user" + System.nanoTime() + "@example.test";
        String creds = "{\"email\":\"" + email + "\",\"password\":\"s3cret-pass\"}";
        MAIL.signUp(server, "rlstest", email, "s3cret-pass");
        String token = server.send("POST", auth + "/login", creds).json().get("access_token").asText();
        assertEquals(200, server.sendAs(token, "PUT", "/api/apps/rlstest/entities/User/me", "{\"team\":\"" + team + "\"}").status());
        return token;
    }

    /** Records, and a quick timing of the first and last pages of a long walk (not an assertion). */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    @EnabledIfSystemProperty(named = "homebase.bench", matches = "true")
    void measureALongWalk(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer("cursortest", kind)) {
            for (int batch = 0; batch < 4; batch++) {
                ArrayNode items = Json.MAPPER.createArrayNode();
                Random random = new Random(batch);
                for (int i = 0; i < 5000; i++) items.add(thing(random, batch * 5000 + i));
                assertEquals(201, server.send("POST", BASE + "/bulk", items.toString()).status());
            }
            for (String sort : List.of("", "title", "-count")) {
                String url = BASE + "/v2/list?limit=100" + (sort.isEmpty() ? "" : "&sort=" + sort);
                List<Long> nanos = new ArrayList<>();
                int count = 0;
                String cursor = null;
                do {
                    long start = System.nanoTime();
                    JsonNode page = get(server, url + (cursor == null ? "" : "&cursor=" + cursor));
                    nanos.add(System.nanoTime() - start);
                    count += page.get("items").size();
                    cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
                } while (cursor != null);
                assertEquals(20_000, count);
                // For comparison: the array list's first and last page by offset.
                String list = BASE + "?limit=100" + (sort.isEmpty() ? "" : "&sort=" + sort);
                long offsetFirst = time(() -> get(server, list));
                long offsetLast = time(() -> get(server, list + "&skip=19900"));
                System.out.printf("BENCH %s sort='%s' pages=%d first=%.1fms second=%.1fms last=%.1fms median=%.1fms"
                                + " | offset list first=%.1fms skip=19900 %.1fms%n", kind, sort,
                        nanos.size(), nanos.get(0) / 1e6, nanos.get(1) / 1e6, nanos.getLast() / 1e6,
                        nanos.stream().sorted().toList().get(nanos.size() / 2) / 1e6, offsetFirst / 1e6, offsetLast / 1e6);
            }
        }
    }

    private static long time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    /** Creates {@code count} things with ties, mixed types, nulls and missing values. */
    private static void seed(TestServer server, int count, long seed) {
        Random random = new Random(seed);
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) items.add(thing(random, i));
        TestServer.Response res = server.send("POST", BASE + "/bulk", items.toString());
        assertEquals(201, res.status(), res.body());
    }

    private static ObjectNode thing(Random random, int i) {
        ObjectNode t = Json.object();
        switch (random.nextInt(8)) {
            case 0 -> { } // missing
            case 1 -> t.putNull("title");
            default -> t.put("title", "t" + random.nextInt(12));
        }
        switch (random.nextInt(10)) {
            case 0 -> { }
            case 1 -> t.putNull("count");
            case 2 -> t.put("count", random.nextInt(5) + 0.5);
            case 3 -> t.put("count", "c" + random.nextInt(4));
            case 4 -> t.put("count", random.nextBoolean());
            case 5 -> t.putObject("count").put("a", random.nextInt(3));
            case 6 -> t.putArray("count").add(random.nextInt(3));
            default -> t.put("count", random.nextInt(6));
        }
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> t.putObject("meta");
            case 2 -> t.putObject("meta").put("priority", "p" + random.nextInt(3));
            default -> t.putObject("meta").put("priority", random.nextInt(4));
        }
        if (random.nextBoolean()) t.putArray("tags").add("g" + random.nextInt(5)).add(random.nextInt(3));
        return t;
    }

    /** Every id of a walk, following cursors; checks page sizes and the last page's markers. */
    private static List<String> walk(TestServer server, String firstUrl, int limit) {
        List<String> out = new ArrayList<>();
        JsonNode page = get(server, firstUrl);
        while (true) {
            out.addAll(ids(page.get("items")));
            if (!page.get("has_more").asBoolean()) {
                assertTrue(page.get("next_cursor").isNull(), "no cursor on the last page");
                assertTrue(page.get("items").size() <= limit);
                return out;
            }
            assertEquals(limit, page.get("items").size(), "full pages until the last");
            assertNotNull(page.get("next_cursor").textValue());
            page = get(server, BASE + "/v2/list?limit=" + limit + "&cursor=" + page.get("next_cursor").asText());
        }
    }

    private static List<JsonNode> walkAs(TestServer server, String token, String firstUrl) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode page = getAs(server, token, firstUrl);
        String base = firstUrl.substring(0, firstUrl.indexOf('?'));
        while (true) {
            page.get("items").forEach(out::add);
            if (!page.get("has_more").asBoolean()) return out;
            page = getAs(server, token, base + "?limit=7&cursor=" + page.get("next_cursor").asText());
        }
    }

    private static void invalid(TestServer server, String url, String message) {
        TestServer.Response res = server.send("GET", url, null);
        assertEquals(400, res.status(), url + ": " + res.body());
        JsonNode body = res.json();
        assertEquals("invalid_cursor", body.at("/error/code").asText(), res.body());
        assertEquals(message, body.at("/error/message").asText(), res.body());
        assertEquals(message, body.get("message").asText());
        assertTrue(body.at("/error/details").isObject());
    }

    private static JsonNode get(TestServer server, String url) {
        return getAs(server, null, url);
    }

    private static JsonNode getAs(TestServer server, String token, String url) {
        TestServer.Response res = server.sendAs(token, "GET", url, null);
        assertEquals(200, res.status(), url + ": " + res.body());
        return res.json();
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

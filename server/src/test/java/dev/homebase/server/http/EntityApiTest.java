package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenario table for the entity routes, run over real HTTP against a real server on SQLite and on
 * PostgreSQL. Each scenario starts from the same three seeded items.
 */
class EntityApiTest {
    private static final String BASE = "/api/apps/apitest/entities/Item";

    /** One request and what its answer must (and must not) contain. */
    record Scenario(String name, String method, String path, String body, int status, List<String> contains, List<String> absent) {
        Scenario(String name, String method, String path, String body, int status, String... contains) {
            this(name, method, path, body, status, List.of(contains), List.of());
        }

        Scenario without(String... fragments) {
            return new Scenario(name, method, path, body, status, contains, Arrays.asList(fragments));
        }
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static List<Scenario> scenarios() {
        return List.of(
                new Scenario("list all, newest first", "GET", BASE, null, 200, "\"title\":\"c\"", "\"title\":\"a\""),
                new Scenario("filter by equality", "GET", BASE + "?q=" + q("{\"title\":\"b\"}"), null, 200, "\"title\":\"b\"").without("\"title\":\"a\""),
                new Scenario("entity names match case-insensitively", "GET", "/api/apps/apitest/entities/item", null, 200, "\"title\":\"a\""),
                new Scenario("limit and skip", "GET", BASE + "?sort=title&limit=1&skip=1", null, 200, "\"title\":\"b\"").without("\"title\":\"a\"", "\"title\":\"c\""),
                new Scenario("fields projection keeps id", "GET", BASE + "?fields=title", null, 200, "\"id\"", "\"title\"").without("\"created_date\""),
                new Scenario("unknown sort field falls back", "GET", BASE + "?sort=10", null, 200, "\"title\":\"a\""),
                new Scenario("count with a filter", "GET", BASE + "/count?q=" + q("{\"title\":{\"$in\":[\"a\",\"b\"]}}"), null, 200, "{\"count\":2}"),
                new Scenario("count of all", "GET", BASE + "/count", null, 200, "{\"count\":3}"),
                new Scenario("invalid q", "GET", BASE + "?q=" + q("{nope"), null, 400, "\"message\":\"Invalid query parameter 'q'\""),
                new Scenario("q must be an object", "GET", BASE + "?q=" + q("[1]"), null, 400, "\"message\""),
                new Scenario("deeply nested q", "GET", BASE + "?q=" + q("{\"a\":".repeat(100) + "1" + "}".repeat(100)), null, 400, "\"message\""),
                new Scenario("q longer than the limit", "GET", BASE + "?q=" + q("{\"title\":\"" + "x".repeat(70_000) + "\"}"), null, 400, "\"message\":\"Query parameter 'q' is too long\""),
                new Scenario("URL longer than the server takes", "GET", BASE + "?q=" + "x".repeat(300_000), null, 414, "\"message\""),
                new Scenario("a negative limit means the maximum", "GET", BASE + "?limit=-1", null, 200, "\"title\":\"a\"", "\"title\":\"c\""),
                new Scenario("a huge limit is clamped", "GET", BASE + "?limit=99999999999999999999", null, 200, "\"title\":\"a\""),
                new Scenario("a fractional limit is cut", "GET", BASE + "?limit=1.5&sort=title", null, 200, "\"title\":\"a\"").without("\"title\":\"b\""),
                new Scenario("non-numeric skip", "GET", BASE + "?skip=x", null, 400, "\"message\""),
                new Scenario("unknown entity", "GET", "/api/apps/apitest/entities/Nope", null, 404, "\"message\":\"Entity \\\"Nope\\\" not found\""),
                new Scenario("unknown app", "GET", "/api/apps/nope/entities/Item", null, 404, "\"message\""),
                new Scenario("unknown record", "GET", BASE + "/000000000000000000000000", null, 404, "\"message\""),
                new Scenario("unknown api route", "GET", "/api/nothing/here", null, 404, "\"message\""),
                new Scenario("create drops unknown and system keys", "POST", BASE, "{\"title\":\"new\",\"id\":\"x\",\"bogus\":1}", 201, "\"title\":\"new\"", "\"created_by\":null").without("\"bogus\"", "\"id\":\"x\""),
                new Scenario("create without required field", "POST", BASE, "{\"count\":1}", 422, "\"message\":\"Error in field title: Field required\"", "\"error_type\":\"ValidationError\""),
                new Scenario("create with malformed JSON", "POST", BASE, "{\"title\":", 400, "\"message\""),
                new Scenario("create with an array body", "POST", BASE, "[1]", 400, "\"message\""),
                new Scenario("create with no body still validates", "POST", BASE, null, 422, "\"message\":\"Error in field title: Field required\""),
                new Scenario("bulk create", "POST", BASE + "/bulk", "[{\"title\":\"x\"},{\"title\":\"y\"}]", 201, "\"title\":\"x\"", "\"title\":\"y\""),
                new Scenario("bulk create needs an array", "POST", BASE + "/bulk", "{\"title\":\"x\"}", 400, "\"message\":\"Request body must be an array\""),
                new Scenario("bulk create is all or nothing", "POST", BASE + "/bulk", "[{\"title\":\"x\"},{\"count\":2}]", 422, "\"message\""),
                new Scenario("delete many with a filter", "DELETE", BASE, "{\"title\":\"a\"}", 200, "\"deleted\":1", "\"success\":true"),
                new Scenario("delete many needs an object", "DELETE", BASE, "[]", 400, "\"message\""),
                new Scenario("wrong content type", "POST", BASE, "title=x", 415, "\"message\""),
                new Scenario("analytics batch without auth", "POST", "/api/apps/apitest/analytics/track/batch", "{\"events\":[{\"event_name\":\"x\"}]}", 200, "\"accepted\":1"),
                new Scenario("page view log keeps slashes", "POST", "/api/app-logs/apitest/log-user-in-app//dash/board", null, 200, "{}"),
                new Scenario("page view log of unknown app", "POST", "/api/app-logs/nope/log-user-in-app/home", null, 404, "\"message\""),
                new Scenario("field names with SQL are values, not SQL", "GET", BASE + "?q=" + q("{\"title\":\"a'; DROP TABLE records; --\"}"), null, 200, "[]"));
    }

    @TestFactory
    Stream<DynamicNode> scenariosOnBothDatabases() {
        return Stream.of(TestDatabases.Kind.values()).map(kind -> DynamicContainer.dynamicContainer(kind.name(), testsFor(kind)));
    }

    private static List<DynamicNode> testsFor(TestDatabases.Kind kind) {
            List<DynamicNode> tests = new ArrayList<>();
            for (Scenario s : scenarios()) {
                tests.add(dynamicTest(s.name(), () -> {
                    try (TestServer server = new TestServer("apitest", kind)) {
                        seed(server);
                        TestServer.Response res = s.method().equals("POST") && s.name().equals("wrong content type")
                                ? server.send(s.method(), s.path(), s.body(), "application/x-www-form-urlencoded")
                                : server.send(s.method(), s.path(), s.body());
                        assertEquals(s.status(), res.status(), () -> s.name() + ": " + res.body());
                        for (String c : s.contains()) assertTrue(res.body().contains(c), () -> s.name() + " lacks " + c + ": " + res.body());
                        for (String a : s.absent()) assertFalse(res.body().contains(a), () -> s.name() + " has " + a + ": " + res.body());
                    }
                }));
            }
            tests.add(dynamicTest("update merges, get reads, delete removes", () -> {
                try (TestServer server = new TestServer("apitest", kind)) {
                    JsonNode created = Json.parse(server.send("POST", BASE, "{\"title\":\"t\",\"count\":1,\"meta\":{\"color\":\"red\"}}").body());
                    String id = created.get("id").asText();
                    assertTrue(id.matches("[0-9a-f]{24}"), id);
                    assertTrue(created.get("created_date").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}"));
                    JsonNode updated = Json.parse(server.send("PUT", BASE + "/" + id, "{\"count\":2}").body());
                    assertEquals("t", updated.get("title").asText());
                    assertEquals(2, updated.get("count").asInt());
                    assertEquals("red", updated.at("/meta/color").asText());
                    assertEquals(200, server.send("GET", BASE + "/" + id, null).status());
                    assertEquals(200, server.send("DELETE", BASE + "/" + id, null).status());
                    assertEquals(404, server.send("GET", BASE + "/" + id, null).status());
                    assertEquals(404, server.send("DELETE", BASE + "/" + id, null).status());
                    assertEquals(404, server.send("PUT", BASE + "/" + id, "{\"count\":3}").status());
                }
            }));
            tests.add(dynamicTest("bulk update is all or nothing", () -> {
                try (TestServer server = new TestServer("apitest", kind)) {
                    String a = Json.parse(server.send("POST", BASE, "{\"title\":\"a\",\"count\":1}").body()).get("id").asText();
                    String b = Json.parse(server.send("POST", BASE, "{\"title\":\"b\",\"count\":1}").body()).get("id").asText();
                    TestServer.Response ok = server.send("PUT", BASE + "/bulk", "[{\"id\":\"" + b + "\",\"count\":7},{\"id\":\"" + a + "\",\"count\":8}]");
                    assertEquals(200, ok.status(), ok.body());
                    JsonNode items = Json.parse(ok.body());
                    assertEquals(b, items.get(0).get("id").asText());
                    assertEquals(8, items.get(1).get("count").asInt());
                    assertEquals(404, server.send("PUT", BASE + "/bulk", "[{\"id\":\"" + a + "\",\"count\":9},{\"id\":\"nope\",\"count\":9}]").status());
                    assertEquals(422, server.send("PUT", BASE + "/bulk", "[{\"id\":\"" + a + "\",\"count\":9},{\"id\":\"" + b + "\",\"count\":\"x\"}]").status());
                    assertEquals(400, server.send("PUT", BASE + "/bulk", "{}").status());
                    assertEquals(8, Json.parse(server.send("GET", BASE + "/" + a, null).body()).get("count").asInt(), "nothing half-written");
                }
            }));
            tests.add(dynamicTest("upsert creates, updates, and the last record with a key wins", () -> {
                try (TestServer server = new TestServer("apitest", kind)) {
                    server.send("POST", BASE, "{\"title\":\"a\",\"count\":1}");
                    TestServer.Response res = server.send("POST", BASE + "/upsert",
                            "{\"key\":\"title\",\"records\":[{\"title\":\"a\",\"count\":5},{\"title\":\"n\",\"count\":1},{\"title\":\"n\",\"count\":2}]}");
                    assertEquals(200, res.status(), res.body());
                    JsonNode body = Json.parse(res.body());
                    assertEquals(1, body.get("created").asInt());
                    assertEquals(1, body.get("updated").asInt());
                    assertEquals("{\"count\":2}", server.send("GET", BASE + "/count", null).body());
                    assertEquals(2, Json.parse(server.send("GET", BASE + "?q=" + q("{\"title\":\"n\"}"), null).body()).get(0).get("count").asInt());
                    TestServer.Response missing = server.send("POST", BASE + "/upsert", "{\"key\":\"title\",\"records\":[{\"count\":5}]}");
                    assertEquals(400, missing.status());
                    assertTrue(missing.body().contains("\"code\":\"invalid_upsert\""), missing.body());
                    assertEquals(400, server.send("POST", BASE + "/upsert", "{\"key\":\"nope\",\"records\":[]}").status());
                    assertEquals(422, server.send("POST", BASE + "/upsert", "{\"key\":\"title\",\"records\":[{\"title\":\"z\"},{\"title\":\"a\",\"count\":\"x\"}]}").status());
                    assertEquals("{\"count\":2}", server.send("GET", BASE + "/count", null).body(), "nothing half-written");
                }
            }));
            tests.add(dynamicTest("failed bulk create writes nothing", () -> {
                try (TestServer server = new TestServer("apitest", kind)) {
                    assertEquals(422, server.send("POST", BASE + "/bulk", "[{\"title\":\"x\"},{\"count\":2}]").status());
                    assertEquals("[]", server.send("GET", BASE, null).body());
                }
            }));
            return tests;
    }

    private static void seed(TestServer server) {
        for (String t : new String[] {"a", "b", "c"}) {
            TestServer.Response r = server.send("POST", BASE, "{\"title\":\"" + t + "\",\"count\":1}");
            assertEquals(201, r.status(), r.body());
        }
    }
}

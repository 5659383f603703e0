package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.AggregateParser;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import dev.homebase.server.store.TestDatabases;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code POST .../aggregate} (api-contract §4.13) over real HTTP on SQLite and PostgreSQL, with the
 * same expectations on both. Thirty sales are written straight into the store, so their dates are
 * fixed and some values break the schema (a string amount, a malformed date), as lax apps allow.
 * Expected values are computed from the same seed in Java.
 */
class AggregateApiTest {
    private static final String SALES = "/api/apps/aggtest/entities/Sale/aggregate";
    private static final String NOTES = "/api/apps/rlstest/entities/Note";
    private static final int RECORDS = 30;
    private static final LocalDateTime FIRST = LocalDateTime.of(2024, 12, 20, 10, 0);
    private static final String[] REGIONS = {"north", "south", "east"};

    /** The seeded sale {@code i}: its fields as the test reasons about them. */
    private static String region(int i) {
        return REGIONS[i % 3];
    }

    private static String agent(int i) {
        return "a" + i % 5;
    }

    /** Every tenth amount is a string, which aggregates must ignore. */
    private static boolean numericAmount(int i) {
        return i % 10 != 9;
    }

    private static LocalDate created(int i) {
        return FIRST.plusDays(i).toLocalDate();
    }

    private static ObjectNode data(int i) {
        ObjectNode d = Json.object();
        d.put("region", region(i));
        d.put("agent", agent(i));
        if (numericAmount(i)) d.put("amount", i % 2 == 0 ? i : i + 0.5);
        else d.put("amount", "n/a");
        if (!numericAmount(i)) d.put("label", "odd");
        d.put("qty", 1 + i % 4);
        d.put("paid_on", "2025-0" + (1 + i % 3) + "-15");
        d.put("paid_at", i == 5 ? "soon" : "2025-03-0" + (1 + i % 9) + "T23:30:00.000Z");
        d.putObject("meta").put("channel", i % 2 == 0 ? "web" : "shop");
        return d;
    }

    private static double amount(int i) {
        return i % 2 == 0 ? i : i + 0.5;
    }

    private static void seed(TestServer server) {
        try (Database db = Database.open(server.databaseUrl())) {
            RecordStore store = new RecordStore(db.dialect());
            EntityScope scope = new EntityScope("aggtest", "Sale", "prod");
            db.useTx(c -> {
                for (int i = 0; i < RECORDS; i++) {
                    String at = created(i).atTime(10, 0) + ":00.000000";
                    store.insert(c, scope, new StoredRecord(String.format("%024x", i + 1), data(i), at, at,
                            "u" + i % 2 + "@example.test", "u" + i % 2, false));
                }
            });
        }
    }

    private static JsonNode post(TestServer server, String body) {
        TestServer.Response res = server.send("POST", SALES, body);
        assertEquals(200, res.status(), () -> body + " -> " + res.body());
        return res.json();
    }

    private static JsonNode rows(TestServer server, String body) {
        return post(server, body).get("rows");
    }

    /** The rows as a map from the value of {@code key} to the value of {@code value}. */
    private static Map<String, JsonNode> byKey(JsonNode rows, String key, String value) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode row : rows) out.put(row.get(key).asText(), row.get(value));
        return out;
    }

    private static Map<String, Long> expectedCounts(Function<Integer, String> key) {
        return IntStream.range(0, RECORDS).boxed().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> counts(JsonNode rows, String key) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode row : rows) out.put(row.get(key).asText(), row.get("count").asLong());
        return out;
    }

    private static List<String> column(JsonNode rows, String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) out.add(row.get(key).asText());
        return out;
    }

    @TestFactory
    Stream<DynamicNode> onBothDatabases() {
        return Stream.of(TestDatabases.Kind.values()).map(kind -> DynamicContainer.dynamicContainer(kind.name(), Stream.of(
                dynamicTest("aggregates", () -> {
                    try (TestServer server = new TestServer("aggtest", kind)) {
                        seed(server);
                        aggregates(server);
                        buckets(server);
                        havingSortLimit(server);
                        errors(server);
                        recordDependentFieldRules(server);
                    }
                }),
                dynamicTest("row and field rules", () -> rules(kind)))));
    }

    private static void aggregates(TestServer server) throws Exception {
        JsonNode total = post(server, "{}");
        assertEquals(Json.parse("{\"rows\":[{\"count\":30}],\"truncated\":false}"), total, "one total row by default");

        double sum = IntStream.range(0, RECORDS).filter(AggregateApiTest::numericAmount).mapToDouble(AggregateApiTest::amount).sum();
        JsonNode stats = rows(server, "{\"sum\":\"amount\",\"avg\":[\"amount\"],\"min\":\"amount\",\"max\":\"amount\","
                + "\"countDistinct\":[\"agent\",\"region\",\"created_by\"],\"count\":false}").get(0);
        assertEquals(sum, stats.get("sum_amount").asDouble(), 1e-9, stats.toString());
        assertEquals(sum / 27, stats.get("avg_amount").asDouble(), 1e-9, "strings are ignored: " + stats);
        assertEquals(0, stats.get("min_amount").asLong());
        assertEquals(28, stats.get("max_amount").asLong(), "29.5 is not there: 29 is a string");
        assertEquals(5, stats.get("count_distinct_agent").asInt());
        assertEquals(3, stats.get("count_distinct_region").asInt());
        assertEquals(2, stats.get("count_distinct_created_by").asInt());
        assertFalse(stats.has("count"), "count: false");
        assertTrue(stats.get("min_amount").isIntegralNumber(), "integral results are integers on both databases: " + stats);

        JsonNode byRegion = rows(server, "{\"groupBy\":\"region\",\"sum\":\"amount\"}");
        assertEquals(List.of("east", "north", "south"), column(byRegion, "region"), "default order: group keys ascending");
        assertEquals(expectedCounts(AggregateApiTest::region), counts(byRegion, "region"));
        for (String region : REGIONS) {
            double expected = IntStream.range(0, RECORDS).filter(i -> region(i).equals(region) && numericAmount(i))
                    .mapToDouble(AggregateApiTest::amount).sum();
            assertEquals(expected, byKey(byRegion, "region", "sum_amount").get(region).asDouble(), 1e-9, region);
        }

        JsonNode byTwo = rows(server, "{\"groupBy\":[\"region\",\"agent\"]}");
        assertEquals(15, byTwo.size(), byTwo.toString());
        for (JsonNode row : byTwo) {
            assertEquals(2, row.get("count").asInt(), row.toString());
            assertEquals(List.of("region", "agent", "count"), iterableKeys(row), "row keys in order");
        }

        JsonNode nested = rows(server, "{\"groupBy\":[\"meta.channel\",\"created_by\"],\"query\":{\"region\":\"north\"}}");
        assertEquals(Map.of("shop", 5L, "web", 5L), counts(nested, "meta.channel"), "nested paths and a query");
        assertEquals(List.of("u0@example.test", "u1@example.test"), nested.findValuesAsText("created_by").stream().sorted().distinct().toList());

        JsonNode onlyStrings = rows(server, "{\"groupBy\":\"label\",\"sum\":\"amount\",\"avg\":\"amount\",\"min\":\"amount\"}");
        assertEquals(2, onlyStrings.size(), onlyStrings.toString());
        JsonNode missing = onlyStrings.get(0);
        assertTrue(missing.get("label").isNull(), "missing values group as null, first: " + onlyStrings);
        JsonNode odd = onlyStrings.get(1);
        assertEquals("odd", odd.get("label").asText());
        assertEquals(3, odd.get("count").asInt());
        assertEquals(0, odd.get("sum_amount").asInt(), "a sum of no numbers is 0");
        assertTrue(odd.get("avg_amount").isNull(), "an empty group's average is null: " + odd);
        assertTrue(odd.get("min_amount").isNull());

        assertEquals(Json.parse("[{\"is_sample\":false,\"count\":30}]"), rows(server, "{\"groupBy\":\"is_sample\"}"), "the boolean column");

        JsonNode qty = rows(server, "{\"groupBy\":\"qty\",\"query\":{\"qty\":{\"$gte\":3}}}");
        assertEquals(Json.parse("[{\"qty\":3,\"count\":7},{\"qty\":4,\"count\":7}]"), qty, "numbers group as numbers");
    }

    private static List<String> iterableKeys(JsonNode row) {
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static void buckets(TestServer server) throws Exception {
        Map<String, Long> days = expectedCounts(i -> created(i).toString());
        Map<String, Long> weeks = expectedCounts(i -> created(i).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString());
        Map<String, Long> months = expectedCounts(i -> created(i).withDayOfMonth(1).toString());
        Map<String, Long> years = expectedCounts(i -> created(i).withDayOfYear(1).toString());
        assertEquals(days, counts(rows(server, "{\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"day\"}}"), "created_date"));
        JsonNode weekRows = rows(server, "{\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"week\"}}");
        assertEquals(weeks, counts(weekRows, "created_date"));
        assertEquals(List.of("2024-12-16", "2024-12-23", "2024-12-30", "2025-01-06", "2025-01-13"), column(weekRows, "created_date"),
                "ISO weeks start on Monday");
        assertEquals(months, counts(rows(server, "{\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"month\"}}"), "created_date"));
        assertEquals(Map.of("2024-01-01", 12L, "2025-01-01", 18L),
                counts(rows(server, "{\"dateBucket\":{\"field\":\"updated_date\",\"unit\":\"year\"}}"), "updated_date"));
        assertEquals(years, Map.of("2024-01-01", 12L, "2025-01-01", 18L));

        JsonNode byRegionAndMonth = rows(server, "{\"groupBy\":\"region\",\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"month\"}}");
        assertEquals(6, byRegionAndMonth.size(), byRegionAndMonth.toString());
        JsonNode late = rows(server, "{\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"month\"},"
                + "\"having\":{\"created_date\":{\"$gte\":\"2025-01-01\"}}}");
        assertEquals(Json.parse("[{\"created_date\":\"2025-01-01\",\"count\":18}]"), late, "having on the bucket key");
        assertEquals(List.of("region", "created_date", "count"), iterableKeys(byRegionAndMonth.get(0)));

        assertEquals(Map.of("2025-01-01", 10L, "2025-02-01", 10L, "2025-03-01", 10L),
                counts(rows(server, "{\"dateBucket\":{\"field\":\"paid_on\",\"unit\":\"month\"}}"), "paid_on"), "schema date field");
        JsonNode paidAt = rows(server, "{\"dateBucket\":{\"field\":\"paid_at\",\"unit\":\"day\"}}");
        assertTrue(paidAt.get(0).get("paid_at").isNull(), "a malformed date has no bucket: " + paidAt);
        assertEquals(1, paidAt.get(0).get("count").asInt());
        assertEquals("2025-03-01", paidAt.get(1).get("paid_at").asText(), "the date as written (offsets are not applied)");
        assertEquals(Map.of("2025-01-01", 30L),
                counts(rows(server, "{\"dateBucket\":{\"field\":\"paid_on\",\"unit\":\"year\"}}"), "paid_on"));
    }

    private static void havingSortLimit(TestServer server) throws Exception {
        Map<String, Double> sums = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) if (numericAmount(i)) sums.merge(agent(i), amount(i), Double::sum);
        List<String> bySumDesc = sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(Map.Entry::getKey).toList();

        JsonNode desc = rows(server, "{\"groupBy\":\"agent\",\"sum\":\"amount\",\"sort\":\"-sum_amount\"}");
        assertEquals(bySumDesc, column(desc, "agent"), desc.toString());
        JsonNode asc = rows(server, "{\"groupBy\":\"agent\",\"sum\":\"amount\",\"sort\":\"sum_amount\"}");
        assertEquals(bySumDesc.reversed(), column(asc, "agent"));
        assertEquals(List.of("south", "north", "east"), column(rows(server, "{\"groupBy\":\"region\",\"sort\":\"-region\"}"), "region"));

        double threshold = sums.values().stream().sorted().toList().get(2);
        JsonNode having = rows(server, "{\"groupBy\":\"agent\",\"sum\":\"amount\",\"having\":{\"sum_amount\":{\"$gte\":" + threshold + "}}}");
        assertEquals(sums.entrySet().stream().filter(e -> e.getValue() >= threshold).map(Map.Entry::getKey).toList(), column(having, "agent"));
        JsonNode onKeys = rows(server, "{\"groupBy\":[\"region\",\"agent\"],\"having\":{\"$or\":[{\"region\":\"north\"},{\"agent\":{\"$in\":[\"a1\"]}}],"
                + "\"count\":{\"$gt\":1}}}");
        assertEquals(7, onKeys.size(), "5 north groups, 2 more of a1: " + onKeys);
        assertEquals(0, rows(server, "{\"having\":{\"count\":{\"$lt\":30}}}").size(), "having can drop the total row");

        JsonNode limited = post(server, "{\"groupBy\":\"agent\",\"limit\":2,\"sort\":\"-agent\"}");
        assertEquals(List.of("a4", "a3"), column(limited.get("rows"), "agent"));
        assertTrue(limited.get("truncated").asBoolean());
        JsonNode exact = post(server, "{\"groupBy\":\"agent\",\"limit\":5}");
        assertEquals(5, exact.get("rows").size());
        assertFalse(exact.get("truncated").asBoolean(), "exactly the limit is not truncated");
        assertEquals(30, post(server, "{\"groupBy\":\"id\",\"limit\":5000}").get("rows").size(), "larger limits are clamped to 1000");
    }

    private static void errors(TestServer server) {
        String[][] cases = {
                {"{\"groupBy\":\"nope\"}", "Unknown field 'nope'"},
                {"{\"groupBy\":[\"region\",\"agent\",\"qty\",\"label\",\"amount\"]}", "Too many groupBy fields"},
                {"{\"groupBy\":[\"region\",\"region\"]}", "appears twice"},
                {"{\"groupBy\":\"bad name\"}", "Invalid field name"},
                {"{\"groupBy\":7}", "must be a field name"},
                {"{\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"hour\"}}", "Unknown dateBucket unit 'hour'"},
                {"{\"dateBucket\":{\"field\":\"paid_on\",\"unit\":\"week\"}}", "Unit 'week' is only available"},
                {"{\"dateBucket\":{\"field\":\"region\",\"unit\":\"day\"}}", "is not a date"},
                {"{\"dateBucket\":{\"field\":\"created_by\",\"unit\":\"day\"}}", "is not a date"},
                {"{\"dateBucket\":\"created_date\"}", "'dateBucket' must be an object"},
                {"{\"sum\":\"region\"}", "Field 'region' is not a number"},
                {"{\"avg\":\"created_date\"}", "is not a number"},
                {"{\"max\":\"nope\"}", "Unknown field 'nope'"},
                {"{\"countDistinct\":\"nope.x\"}", "Unknown field 'nope.x'"},
                {"{\"having\":{\"count\":{\"$foo\":1}}}", "Unknown operator '$foo'"},
                {"{\"having\":{\"region\":\"north\"}}", "not a row key"},
                {"{\"having\":[1]}", "'having' must be a filter object"},
                {"{\"query\":{\"region\":{\"$bogus\":1}}}", "Unknown operator '$bogus'"},
                {"{\"sort\":\"-sum_amount\"}", "not a row key"},
                {"{\"limit\":0}", "'limit' must be a positive integer"},
                {"{\"limit\":\"10\"}", "'limit' must be a positive integer"},
                {"{\"count\":\"yes\"}", "'count' must be true or false"},
                {"{\"group_by\":\"region\"}", "Unknown aggregate option 'group_by'"},
                {"{\"groupBy\":\"paid_on\",\"dateBucket\":{\"field\":\"paid_on\",\"unit\":\"day\"}}", "share the row key 'paid_on'"},
                {"[1]", "must be a JSON object"},
                {"{\"groupBy\":", ""},
        };
        for (String[] c : cases) {
            TestServer.Response res = server.send("POST", SALES, c[0]);
            assertEquals(400, res.status(), () -> c[0] + " -> " + res.body());
            JsonNode body = res.json();
            assertEquals("invalid_aggregate", body.at("/error/code").asText(), () -> c[0] + " -> " + res.body());
            assertTrue(body.at("/error/message").asText().contains(c[1]), () -> c[0] + " -> " + res.body());
            assertEquals(body.at("/error/message").asText(), body.get("message").asText(), "a top-level message too");
        }
        TestServer.Response unknown = server.send("POST", "/api/apps/aggtest/entities/Nope/aggregate", "{}");
        assertEquals(404, unknown.status(), unknown.body());
    }

    /**
     * A field rule that depends on the record (none of the fixtures has one) makes the field count
     * as missing where it fails: checked at the store, where its bound parameters must land inside
     * the per-record layer on both databases.
     */
    private static void recordDependentFieldRules(TestServer server) throws Exception {
        AggregateSpec spec = AggregateParser.parse(Json.parse("{\"groupBy\":\"agent\",\"sum\":\"amount\",\"sort\":\"-count\"}"));
        Filter northOnly = new Filter.Eq("region", TextNode.valueOf("north"));
        try (Database db = Database.open(server.databaseUrl())) {
            RecordStore store = new RecordStore(db.dialect());
            List<ObjectNode> rows = db.read(c -> store.aggregate(c, new EntityScope("aggtest", "Sale", "prod"), new Filter.All(), spec,
                    Map.of("amount", northOnly, "agent", northOnly)));
            assertEquals(6, rows.size(), rows.toString());
            assertTrue(rows.getFirst().get("agent").isNull(), "hidden agents group as null: " + rows);
            assertEquals(20, rows.getFirst().get("count").asInt());
            assertEquals(0, rows.getFirst().get("sum_amount").asInt(), "hidden amounts are not summed");
            double north = IntStream.range(0, RECORDS).filter(i -> region(i).equals("north") && numericAmount(i))
                    .mapToDouble(AggregateApiTest::amount).sum();
            assertEquals(north, rows.stream().mapToDouble(r -> r.get("sum_amount").asDouble()).sum(), 1e-9);
        }
    }

    /** Note's read rule (owner, team or admin) comes before grouping; its salary field is for HR only. */
    private static void rules(TestDatabases.Kind kind) throws Exception {
        String admin = "admin@example.test";
        String password = "s3cret-pass";
        try (TestServer server = new TestServer("rlstest", kind, TestServer.fastAuth().withAdmin(admin, password))) {
            String service = server.serviceToken();
            String adminToken = server.send("POST", "/api/apps/rlstest/auth/login",
                    "{\"email\":\"" + admin + "\",\"password\":\"" + password + "\"}").json().get("access_token").asText();
            for (int i = 0; i < 6; i++) {
                TestServer.Response created = server.sendAs(service, "POST", NOTES,
                        "{\"title\":\"n" + i + "\",\"team\":\"" + (i < 4 ? "red" : "blue") + "\",\"salary\":" + (10 * (i + 1)) + "}");
                assertEquals(201, created.status(), created.body());
            }
            String body = "{\"groupBy\":\"team\",\"sum\":\"salary\"}";
            JsonNode asService = Json.parse(server.sendAs(service, "POST", NOTES + "/aggregate", body).body());
            assertEquals(Json.parse("{\"rows\":[{\"team\":\"blue\",\"count\":2,\"sum_salary\":110},"
                    + "{\"team\":\"red\",\"count\":4,\"sum_salary\":100}],\"truncated\":false}"), asService);

            TestServer.Response anonymous = server.sendAs(null, "POST", NOTES + "/aggregate", body);
            assertEquals(200, anonymous.status(), anonymous.body());
            assertEquals(Json.parse("{\"rows\":[],\"truncated\":false}"), anonymous.json(), "the read rule hides every note");
            assertEquals(Json.parse("[{\"count\":0}]"), Json.parse(server.sendAs(null, "POST", NOTES + "/aggregate", "{}").body()).get("rows"));

            JsonNode asAdmin = Json.parse(server.sendAs(adminToken, "POST", NOTES + "/aggregate", body).body());
            assertEquals(Json.parse("{\"rows\":[{\"team\":\"blue\",\"count\":2,\"sum_salary\":0},"
                    + "{\"team\":\"red\",\"count\":4,\"sum_salary\":0}],\"truncated\":false}"), asAdmin,
                    "admins read every note but not salaries: the field counts as missing");
            // The SDK's entities.X.aggregate(spec) speaks the same wire format; its errors carry the code.
            dev.homebase.sdk.Base44Client script = dev.homebase.sdk.Base44.createClient(dev.homebase.sdk.ClientConfig.builder()
                    .serverUrl("http://127.0.0.1:" + server.port()).appId("rlstest").serviceToken(service).build());
            dev.homebase.sdk.entities.AggregateResult viaSdk = script.asServiceRole().entities("Note")
                    .aggregate(Map.of("groupBy", "team", "sort", "-count", "limit", 1));
            assertEquals("red", viaSdk.rows().getFirst().get("team"));
            assertTrue(viaSdk.truncated());
            dev.homebase.sdk.Base44Exception refused = org.junit.jupiter.api.Assertions.assertThrows(dev.homebase.sdk.Base44Exception.class,
                    () -> script.asServiceRole().entities("Note").aggregate(Map.of("groupBy", "nope")));
            assertEquals(400, refused.status());
            assertEquals("invalid_aggregate", refused.code());

            JsonNode adminGroups = Json.parse(server.sendAs(adminToken, "POST", NOTES + "/aggregate", "{\"groupBy\":\"salary\"}").body());
            assertEquals(Json.parse("[{\"salary\":null,\"count\":6}]"), adminGroups.get("rows"), "no grouping by a hidden field either");
        }
    }

    /** A rough number, not an assertion: run with {@code -Dhomebase.bench=true}. */
    @Test
    @EnabledIfSystemProperty(named = "homebase.bench", matches = "true")
    void hundredThousandRecordsOnSqlite() throws Exception {
        int n = 100_000;
        try (TestServer server = new TestServer("aggtest", TestDatabases.Kind.SQLITE)) {
            try (Database db = Database.open(server.databaseUrl())) {
                RecordStore store = new RecordStore(db.dialect());
                EntityScope scope = new EntityScope("aggtest", "Sale", "prod");
                db.useTx(c -> {
                    for (int i = 0; i < n; i++) {
                        String at = FIRST.plusMinutes(i) + ":00.000000";
                        store.insert(c, scope, new StoredRecord(String.format("%024x", i + 1), data(i), at, at,
                                "u@example.test", "u", false));
                    }
                });
            }
            String body = "{\"groupBy\":\"agent\",\"sum\":\"amount\"}";
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                TestServer.Response res = server.send("POST", SALES, body);
                long micros = (System.nanoTime() - start) / 1000;
                assertEquals(200, res.status(), res.body());
                System.out.println("aggregate over " + n + " records (groupBy agent, sum amount): " + micros / 1000 + " ms -> " + res.body());
            }
        }
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.functions.FunctionLogs;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dashboard's Functions page on the server, over real HTTP on SQLite and PostgreSQL: the function list
 * ({@code GET /api/apps/{appId}/dashboard/functions}: runtimes, entries, the time each was last loaded, moved by
 * a reload of that function only), and the filters of the function logs it reads
 * ({@code GET /api/apps/{appId}/functions-logs}: function, level, text, time range, the tail cursor
 * {@code after}). Both endpoints answer app admins and the service role only: anonymous 401, other users 403.
 */
class DashboardFunctionsApiTest {
    private static final String APP = "dashfunctionstest";
    private static final String LIST = "/api/apps/" + APP + "/dashboard/functions";
    private static final String LOGS = "/api/apps/" + APP + "/functions-logs";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void listsEveryFunctionWithItsRuntimeAndLastLoadForAdminsOnly(TestDatabases.Kind kind) throws Exception {
        Instant before = Instant.now();
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String user = user(server, "u-plain", "plain@example.test");
            String admin = server.login(APP, ADMIN, PASSWORD);
            refusesAllButAdmins(server, user, LIST);

            TestServer.Response list = server.sendAs(admin, "GET", LIST, null);
            assertEquals(200, list.status(), list.body());
            Map<String, JsonNode> byName = byName(list.json());
            assertEquals(List.of("greet", "orders/fail", "report"), List.copyOf(byName.keySet()), list.body());
            assertEquals("deno", byName.get("greet").get("runtime").asText());
            assertEquals("base44/functions/greet/entry.ts", byName.get("greet").get("path").asText());
            assertEquals("deno", byName.get("orders/fail").get("runtime").asText());
            assertEquals("base44/functions/orders/fail/entry.ts", byName.get("orders/fail").get("path").asText());
            assertEquals("java", byName.get("report").get("runtime").asText());
            assertEquals("base44/functions/report/Entry.java", byName.get("report").get("path").asText());
            assertEquals(0, byName.get("greet").get("processes").asInt(), "nothing started yet");
            Instant greetLoaded = Instant.parse(byName.get("greet").get("loaded_at").asText());
            Instant reportLoaded = Instant.parse(byName.get("report").get("loaded_at").asText());
            assertFalse(greetLoaded.isBefore(before) || greetLoaded.isAfter(Instant.now()), greetLoaded.toString());

            // An edit of one function (as hot reload reports it) moves its time only; a new function gets one.
            Thread.sleep(5);
            Path greet = server.dir().resolve("base44/functions/greet/entry.ts");
            Files.writeString(greet, Files.readString(greet) + "\n// edited\n");
            Path added = server.dir().resolve("base44/functions/added/entry.ts");
            Files.createDirectories(added.getParent());
            Files.writeString(added, "Deno.serve(() => new Response(\"new\"));\n");
            FunctionHost host = server.app().functions();
            host.reload(APP, List.of(greet, added.getParent()));
            Map<String, JsonNode> after = byName(server.sendAs(server.serviceToken(), "GET", LIST, null).json());
            assertTrue(Instant.parse(after.get("greet").get("loaded_at").asText()).isAfter(greetLoaded), after.toString());
            assertEquals(reportLoaded, Instant.parse(after.get("report").get("loaded_at").asText()), "an unchanged function keeps its time");
            assertTrue(after.containsKey("added"), after.toString());
            assertFalse(after.get("added").get("loaded_at").isNull());

            // A change in base44/shared/ reloads every function.
            Path shared = server.dir().resolve("base44/shared/util.ts");
            Files.createDirectories(shared.getParent());
            Files.writeString(shared, "export const x = 1;\n");
            host.reload(APP, List.of(shared));
            Map<String, JsonNode> again = byName(server.sendAs(admin, "GET", LIST, null).json());
            assertTrue(Instant.parse(again.get("report").get("loaded_at").asText()).isAfter(reportLoaded), again.toString());

            assertEquals(404, server.sendAs(admin, "GET", "/api/apps/nope/dashboard/functions", null).status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theLogsAreFilteredByFunctionLevelTextTimeAndCursor(TestDatabases.Kind kind) {
        try (TestServer server = new TestServer(APP, kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String user = user(server, "u-plain", "plain@example.test");
            String admin = server.login(APP, ADMIN, PASSWORD);
            refusesAllButAdmins(server, user, LOGS);
            refusesAllButAdmins(server, user, LOGS + "?after=0&level=warn");

            // Lines written by the same store the server uses, a minute apart from a whole second on (a test clock).
            TestClock clock = new TestClock();
            Instant now = clock.instant();
            clock.advance(Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)));
            Instant base = clock.instant();
            try (Database db = Database.open(server.databaseUrl());
                 FunctionLogs logs = new FunctionLogs(db, clock, FunctionLogs.defaultRetention())) {
                String[][] lines = {
                    {"greet", "info", "greeting Ada"},
                    {"greet", "warn", "slow GREETING for Bob"},
                    {"orders/fail", "warn", "payment 100% failed"},
                    {"orders/fail", "info", "retry_count=2"},
                    {"greet", "info", "greeting Cy"},
                };
                for (String[] l : lines) {
                    logs.note(APP, l[0], l[1], l[2], null);
                    clock.advance(Duration.ofMinutes(1));
                }
                logs.note("otherapp", "greet", "info", "greeting from another app", null);
                logs.flush();
            }

            assertEquals(List.of("greeting Cy", "retry_count=2", "payment 100% failed", "slow GREETING for Bob", "greeting Ada"),
                    messages(server, admin, ""), "newest first, this app only");
            assertEquals(List.of("greeting Cy", "slow GREETING for Bob", "greeting Ada"), messages(server, admin, "function=greet"));
            assertEquals(List.of("payment 100% failed", "slow GREETING for Bob"), messages(server, admin, "level=warn"));
            assertEquals(List.of("greeting Cy", "slow GREETING for Bob", "greeting Ada"), messages(server, admin, "q=greeting"),
                    "text matches in any case");
            assertEquals(List.of("slow GREETING for Bob"), messages(server, admin, "q=greeting&level=warn&function=greet"));
            assertEquals(List.of("payment 100% failed"), messages(server, admin, "q=" + enc("0%")), "% is literal");
            assertEquals(List.of("retry_count=2"), messages(server, admin, "q=" + enc("y_c")), "_ is literal");
            assertEquals(List.of(), messages(server, admin, "q=" + enc("y%c")));
            assertEquals(List.of("payment 100% failed", "slow GREETING for Bob"),
                    messages(server, admin, "since=" + base.plusSeconds(60) + "&until=" + enc(base.plusSeconds(180).toString())),
                    "since is inclusive, until exclusive");
            assertEquals(List.of("greeting Cy"), messages(server, admin, "since=" + LocalDateTime.ofInstant(base.plusSeconds(240), ZoneOffset.UTC)), "naive UTC");

            TestServer.Response all = server.sendAs(admin, "GET", LOGS + "?limit=2", null);
            assertEquals(5, all.json().get("total").asLong());
            assertEquals(2, all.json().get("items").size());

            // The tail: after an id, the later lines oldest first, under the same filters, in pages; the total counts them.
            long oldest = all.json().get("items").get(0).get("id").asLong() - 4;
            TestServer.Response tail = server.sendAs(admin, "GET", LOGS + "?after=" + oldest + "&limit=2", null);
            assertEquals(200, tail.status(), tail.body());
            assertEquals(List.of("slow GREETING for Bob", "payment 100% failed"), messagesOf(tail.json()));
            assertEquals(4, tail.json().get("total").asLong());
            long cursor = tail.json().get("items").get(1).get("id").asLong();
            assertEquals(List.of("retry_count=2", "greeting Cy"), messages(server, admin, "after=" + cursor));
            assertEquals(List.of("greeting Cy"), messages(server, admin, "after=" + cursor + "&function=greet"));
            long newest = all.json().get("items").get(0).get("id").asLong();
            assertEquals(List.of(), messages(server, admin, "after=" + newest), "nothing new: no duplicates");

            for (String bad : new String[] {"level=error", "level=INFO", "after=-1", "after=x", "until=soon", "since=yesterday",
                    "q=" + "x".repeat(201), "limit=1001", "function=" + enc("../x")}) {
                TestServer.Response r = server.sendAs(admin, "GET", LOGS + "?" + bad, null);
                assertEquals(400, r.status(), bad + ": " + r.body());
                assertFalse(r.json().path("message").asText().isEmpty(), r.body());
            }
            assertEquals(200, server.sendAs(server.serviceToken(), "GET", LOGS + "?level=info", null).status());
        }
    }

    /** Anonymous and bad tokens get 401, a signed-in user who is not an admin 403, each with a message. */
    private static void refusesAllButAdmins(TestServer server, String userToken, String path) {
        TestServer.Response anonymous = server.sendAs(null, "GET", path, null);
        assertEquals(401, anonymous.status(), anonymous.body());
        assertTrue(anonymous.json().hasNonNull("message"), anonymous.body());
        assertEquals(401, server.sendAs("not-a-token", "GET", path, null).status());
        TestServer.Response refused = server.sendAs(userToken, "GET", path, null);
        assertEquals(403, refused.status(), refused.body());
        assertFalse(refused.json().get("message").asText().isEmpty(), refused.body());
        assertFalse(refused.body().contains("\"items\"") || refused.body().contains("\"functions\""), refused.body());
    }

    private static Map<String, JsonNode> byName(JsonNode body) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode f : body.get("functions")) out.put(f.get("name").asText(), f);
        return out;
    }

    private static List<String> messages(TestServer server, String token, String query) {
        TestServer.Response r = server.sendAs(token, "GET", LOGS + (query.isEmpty() ? "" : "?" + query), null);
        assertEquals(200, r.status(), query + ": " + r.body());
        assertEquals(r.json().get("items").size(), r.json().get("total").asInt(), query + ": all fit in one page");
        return messagesOf(r.json());
    }

    private static List<String> messagesOf(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : body.get("items")) out.add(item.get("message").asText());
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Adds a verified user (role user) with the test password and signs them in; returns the token. */
    private static String user(TestServer server, String id, String email) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(server.databaseUrl())) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(APP, id, email, "U", "user", hash, true, null,
                    null, 0, "2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.000000")));
        }
        return server.login(APP, email, PASSWORD);
    }
}

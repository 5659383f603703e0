package dev.homebase.server.store.backup;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.cli.CliRun;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code homebase export} / {@code homebase import} between real stores: a round trip SQLite → PostgreSQL → SQLite
 * gives back every row of every table of the app (records, users with password hashes, secrets, keys, logs), a user
 * signs in with their password on the PostgreSQL copy and a token of the SQLite server still works there; an export
 * taken during a burst of writes holds no torn write; bad files are refused with one line and exit code 11, changing
 * nothing; an app with data is refused unless {@code --replace}. Both stores.
 */
class AppExportImportTest {
    private static final String APP = "authtest";
    private static final String EMAIL = "moved@example.test";
    private static final String PASSWORD = "moved-pass-1";

    @Test
    void roundTripSqliteToPostgresToSqliteKeepsEveryRowAndSignIns() throws Exception {
        Path dir = TempDirs.create("homebase-export");
        Path duringBurst = dir.resolve("burst.hbx");
        Path quiet = dir.resolve("app.hbx");
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Integer> ackedBeforeExport;
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Path project;
        String sourceUrl;
        String sourceToken;
        String recordId;
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE)) {
            project = server.dir();
            sourceUrl = server.databaseUrl();
            sourceToken = server.serviceToken();
            seed(sourceUrl);
            assertEquals(0, HomebaseCommand.run("secrets", "set", "STRIPE_KEY=sk_test_moved", "-p", project.toString(), "--db", sourceUrl));
            server.login(APP, EMAIL, PASSWORD);
            TestServer.Response one = server.sendAs(sourceToken, "POST", "/api/apps/" + APP + "/entities/Item", item(0, "a"));
            assertEquals(201, one.status(), one.body());
            recordId = one.json().path("id").asText();

            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        int i = next.incrementAndGet();
                        String pair = "[" + item(i, "a") + "," + item(i, "b") + "]";
                        TestServer.Response r = server.sendAs(sourceToken, "POST", "/api/apps/" + APP + "/entities/Item/bulk", pair);
                        if (r.status() != 200 && r.status() != 201) throw new AssertionError(r.status() + " " + r.body());
                        acknowledged.add(i);
                    }
                }));
            }
            while (acknowledged.size() < 50) Thread.sleep(10);
            ackedBeforeExport = Set.copyOf(acknowledged);
            assertEquals(0, HomebaseCommand.run("export", "--app", APP, project.toString(), "--db", sourceUrl, "--out", duringBurst.toString()));
            int after = acknowledged.size();
            while (acknowledged.size() < after + 30) Thread.sleep(10);
            stop.set(true);
            for (Thread t : writers) t.join();
            // Quiet now: the export of the whole app, logs included, while the server still runs.
            assertEquals(0, HomebaseCommand.run("export", "--app", APP, project.toString(), "--db", sourceUrl, "--with-logs",
                    "--out", quiet.toString()));
        }

        // The export taken during the burst: every write acknowledged before it is there, none torn.
        String burstCopy = TestDatabases.freshUrl(TestDatabases.Kind.SQLITE);
        assertEquals(0, HomebaseCommand.run("import", duringBurst.toString(), "--db", burstCopy));
        Map<Integer, List<String>> pairs = pairs(burstCopy);
        for (int i : ackedBeforeExport) assertTrue(pairs.containsKey(i), "acknowledged write " + i + " is missing");
        pairs.forEach((i, sides) -> assertEquals(List.of("a", "b"), sides.stream().sorted().toList(), "write " + i + " is torn"));
        assertTrue(pairs.size() < next.get(), "the export holds only what was written up to it");

        // SQLite → PostgreSQL → SQLite: every table's rows of the app are equal.
        Map<String, List<Map<String, Object>>> source = dump(sourceUrl);
        assertEquals(1, source.get("users").size(), "users");
        assertEquals(3, source.get("function_logs").size(), "function logs: " + source.get("function_logs"));
        assertTrue(source.get("app_keys").size() >= 2, "app keys: " + source.get("app_keys").size());
        String postgres = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        assertEquals(0, HomebaseCommand.run("import", quiet.toString(), "--db", postgres));
        assertEquals(source, dump(postgres));
        Path back = dir.resolve("back.hbx");
        assertEquals(0, HomebaseCommand.run("export", "--app", APP, "--db", postgres, "--with-logs", "--out", back.toString()));
        String sqliteAgain = TestDatabases.freshUrl(TestDatabases.Kind.SQLITE);
        assertEquals(0, HomebaseCommand.run("import", back.toString(), "--db", sqliteAgain));
        assertEquals(source, dump(sqliteAgain));

        // The PostgreSQL copy serves: the user signs in with their password, and a token of the old server still works.
        try (TestServer copy = new TestServer(project, postgres, TestServer.fastAuth())) {
            String token = copy.login(APP, EMAIL, PASSWORD);
            assertFalse(token.isEmpty());
            TestServer.Response got = copy.sendAs(sourceToken, "GET", "/api/apps/" + APP + "/entities/Item/" + recordId, null);
            assertEquals(200, got.status(), got.body());
            assertEquals(400, copy.send("POST", "/api/apps/" + APP + "/auth/login",
                    "{\"email\":\"" + EMAIL + "\",\"password\":\"wrong-pass-1\"}").status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void refusesBadFilesAndAnAppWithDataWithOneLine(TestDatabases.Kind kind) throws Exception {
        Path dir = TempDirs.create("homebase-export");
        String source = TestDatabases.freshUrl(kind);
        try (Database ignored = Database.open(source)) {
            // migrated
        }
        seed(source);
        Path good = dir.resolve("app.hbx");
        assertEquals(0, HomebaseCommand.run("export", "--app", APP, "--db", source, "--with-logs", "--out", good.toString()));
        String target = TestDatabases.freshUrl(kind);
        try (Database ignored = Database.open(target)) {
            // migrated
        }

        assertRefused(Files.writeString(dir.resolve("notes.txt"), "not an export\n"), target, "is not a Homebase export");
        assertRefused(dir.resolve("missing.hbx"), target, "does not exist");
        byte[] bytes = Files.readAllBytes(good);
        assertRefused(Files.write(dir.resolve("cut.hbx"), java.util.Arrays.copyOf(bytes, bytes.length / 2)), target, "is not a Homebase export or is damaged");
        assertRefused(rewrite(good, dir.resolve("v2.hbx"), "manifest.json", m -> m.replace("\"version\" : 1", "\"version\" : 2")), target,
                "format version 2");
        assertRefused(rewrite(good, dir.resolve("sum.hbx"), "users.jsonl", u -> u.replace("Moved", "Mover")), target,
                "checksum of users.jsonl does not match");
        assertRefused(rewrite(good, dir.resolve("count.hbx"), "function_logs.jsonl", u -> u.substring(0, u.indexOf('\n') + 1)), target,
                "function_logs.jsonl has 1 rows");
        for (var rows : dump(target).values()) assertEquals(List.of(), rows, "a refused import writes nothing");

        assertEquals(0, HomebaseCommand.run("import", good.toString(), "--db", target));
        assertRefused(good, target, "already has data");
        assertEquals(0, HomebaseCommand.run("import", good.toString(), "--db", target, "--replace"));
        assertEquals(dump(source), dump(target));
        // Under another app id: the same rows, named for it.
        assertEquals(0, HomebaseCommand.run("import", good.toString(), "--db", target, "--app", "other"));
        assertEquals(1, dump(target, "other").get("users").size());
    }

    /** A user with a password, a secret-like key, a record with every system field set, function logs, a page view. */
    private static void seed(String url) throws Exception {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(url)) {
            db.useTx(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users (app_id, id, email, full_name, role, password_hash, is_verified,"
                        + " disabled, data, token_version, created_date, updated_date) VALUES (?, 'u1', ?, 'Moved User', 'admin', ?, ?, NULL, "
                        + (db.dialect().name().equals("sqlite") ? "?" : "CAST(? AS jsonb)") + ", 3, '2024-01-02T03:04:05.678Z', '2024-02-03T04:05:06.789Z')")) {
                    s.setString(1, APP);
                    s.setString(2, EMAIL);
                    s.setString(3, hash);
                    s.setBoolean(4, true);
                    s.setString(5, "{\"plan\":\"pro\",\"n\":[1,2.5,{\"x\":null}],\"é\":\"ü\"}");
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date,"
                        + " created_by, created_by_id, is_sample) VALUES (?, 'Item', 'dev', 'r-sample', "
                        + (db.dialect().name().equals("sqlite") ? "?" : "CAST(? AS jsonb)") + ", '2023-05-06T07:08:09.123Z',"
                        + " '2023-05-07T07:08:09.123Z', ?, 'u1', ?)")) {
                    s.setString(1, APP);
                    s.setString(2, "{\"title\":\"sample\",\"count\":-1,\"meta\":{\"color\":\"c-1\"},\"tags\":[\"sample-1\"]}");
                    s.setString(3, EMAIL);
                    s.setBoolean(4, true);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO app_keys (app_id, name, secret, created_date) VALUES (?, 'env:SEEDED', 's3cret', '2024-01-01T00:00:00Z')")) {
                    s.setString(1, APP);
                    s.executeUpdate();
                }
                for (int i = 0; i < 3; i++) {
                    // Recent lines: the running server's log retention drops old ones (it raced this test when they were from 2024).
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO function_logs (app_id, function_name, level, message, request_id, created_date)"
                            + " VALUES (?, 'hello', 'info', ?, NULL, ?)")) {
                        s.setString(1, APP);
                        s.setString(2, "line " + i);
                        s.setString(3, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(10 - i).toString());
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO app_logs (app_id, page_name, user_id, session_id, created_date)"
                        + " VALUES (?, 'Home', 'u1', NULL, ?)")) {
                    s.setString(1, APP);
                    s.setString(2, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                    s.executeUpdate();
                }
            });
        }
    }

    private static Map<String, List<Map<String, Object>>> dump(String url) throws Exception {
        return dump(url, APP);
    }

    /** Every row of the app in every exported table, in a fixed order, values made comparable across dialects. */
    private static Map<String, List<Map<String, Object>>> dump(String url, String app) throws Exception {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        try (Database db = Database.open(url)) {
            db.read(c -> {
                for (AppTables.Table t : AppTables.ALL) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + t.name() + " WHERE app_id = ? ORDER BY " + t.orderBy())) {
                        s.setString(1, app);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                Map<String, Object> row = new LinkedHashMap<>();
                                for (AppTables.Column col : t.columns()) {
                                    Object v = switch (col.kind()) {
                                        case TEXT -> rs.getString(col.name());
                                        case LONG -> rs.getObject(col.name()) == null ? null : rs.getLong(col.name());
                                        case BOOL -> rs.getObject(col.name()) == null ? null : rs.getBoolean(col.name());
                                        case JSON -> parse(rs.getString(col.name()));
                                    };
                                    row.put(col.name(), v);
                                }
                                rows.add(row);
                            }
                        }
                    }
                    out.put(t.name(), rows);
                }
                return null;
            });
        }
        return out;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? null : Json.parse(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A copy of the export {@code from} with one entry's text changed. */
    private static Path rewrite(Path from, Path to, String name, UnaryOperator<String> change) throws Exception {
        try (ZipFile zip = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] data = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals(name)) {
                    String changed = change.apply(new String(data, StandardCharsets.UTF_8));
                    assertFalse(changed.equals(new String(data, StandardCharsets.UTF_8)), "the test changes " + name);
                    data = changed.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return to;
    }

    private static void assertRefused(Path file, String target, String expected) {
        CliRun run = CliRun.of("import", file.toString(), "--db", target);
        int code = run.code();
        String line = run.err();
        assertEquals(11, code, line);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("homebase: ") && line.contains(expected), line);
    }

    private static String item(int i, String side) {
        return "{\"title\":\"" + side + "\",\"count\":" + i + ",\"meta\":{\"color\":\"c" + i + "\"},\"tags\":[\"" + side + i + "\"]}";
    }

    /** The Item records of a copy by write number: the sides present, each checked to be intact. */
    private static Map<Integer, List<String>> pairs(String url) throws Exception {
        Map<Integer, List<String>> pairs = new HashMap<>();
        for (Map<String, Object> row : dump(url).get("records")) {
            ObjectNode data = (ObjectNode) row.get("data");
            int i = data.path("count").asInt();
            if (i <= 0) continue; // the seeded and the single record
            String side = data.path("title").asText();
            assertEquals("c" + i, data.at("/meta/color").asText(), data.toString());
            assertEquals(side + i, data.at("/tags/0").asText(), data.toString());
            pairs.computeIfAbsent(i, k -> new ArrayList<>()).add(side);
        }
        return pairs;
    }
}

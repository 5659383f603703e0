package dev.homebase.server.store.backup;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.cli.CliRun;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code homebase backup} while a real server takes a burst of writes, then {@code homebase restore} into a fresh
 * database, on both stores: every write acknowledged before the backup started is there, no write is torn (each
 * write is a bulk create of a pair of records, all or nothing, so a pair is whole or absent), a non-empty target is
 * refused with one line unless {@code --force}, and the restored database serves again.
 */
class BackupRestoreTest {
    private static final String APP = "authtest";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void backupDuringAWriteBurstRestoresEveryAcknowledgedWhole(TestDatabases.Kind kind) throws Exception {
        Path out = TempDirs.create("homebase-backup").resolve("app.hbk");
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Integer> ackedBeforeBackup;
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Path project;
        try (TestServer server = new TestServer(APP, kind)) {
            project = server.dir();
            String service = server.serviceToken();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        int i = next.incrementAndGet();
                        String pair = "[" + item(i, "a") + "," + item(i, "b") + "]";
                        TestServer.Response r = server.sendAs(service, "POST", "/api/apps/" + APP + "/entities/Item/bulk", pair);
                        if (r.status() != 200 && r.status() != 201) throw new AssertionError(r.status() + " " + r.body());
                        acknowledged.add(i);
                    }
                }));
            }
            while (acknowledged.size() < 50) Thread.sleep(10);
            ackedBeforeBackup = Set.copyOf(acknowledged);
            int code = HomebaseCommand.run("backup", project.toString(), "--db", server.databaseUrl(), "--out", out.toString());
            assertEquals(0, code);
            int afterBackup = acknowledged.size();
            while (acknowledged.size() < afterBackup + 30) Thread.sleep(10); // the burst goes on after the backup
            stop.set(true);
            for (Thread t : writers) t.join();
        }
        assertTrue(Files.size(out) > 0);

        String target = TestDatabases.freshUrl(kind);
        assertEquals(0, HomebaseCommand.run("restore", out.toString(), "--db", target));
        Map<Integer, List<String>> pairs = pairs(target);
        for (int i : ackedBeforeBackup) assertTrue(pairs.containsKey(i), "acknowledged write " + i + " is missing");
        pairs.forEach((i, sides) -> assertEquals(List.of("a", "b"), sides.stream().sorted().toList(), "write " + i + " is torn"));
        assertTrue(pairs.size() < next.get(), "the backup holds only what was written up to it");

        // A database that is not empty is refused with one line, unless --force.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int refused;
        PrintStream original = System.err;
        synchronized (System.class) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                refused = HomebaseCommand.run("restore", out.toString(), "--db", target);
            } finally {
                System.setErr(original);
            }
        }
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(10, refused, line);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("homebase: ") && line.contains("is not empty") && line.contains("--force"), line);
        assertEquals(0, HomebaseCommand.run("restore", out.toString(), "--db", target, "--force"));
        assertEquals(pairs, pairs(target));

        // The restored database serves: the records are there through the API, and new writes get new ids.
        try (TestServer restored = new TestServer(project, target, TestServer.fastAuth())) {
            String service = restored.serviceToken();
            TestServer.Response count = restored.sendAs(service, "GET", "/api/apps/" + APP + "/entities/Item/count", null);
            assertEquals(200, count.status(), count.body());
            assertEquals(pairs.size() * 2L, count.json().path("count").asLong(count.json().asLong()), count.body());
            assertEquals(201, restored.sendAs(service, "POST", "/api/apps/" + APP + "/entities/Item", item(-1, "a")).status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void refusesWhatItCannotRestoreWithOneLine(TestDatabases.Kind kind) throws Exception {
        Path dir = TempDirs.create("homebase-backup");
        Path garbage = Files.writeString(dir.resolve("notes.txt"), "not a backup\n");
        String target = TestDatabases.freshUrl(kind);
        assertRefused(garbage, target, "is not a Homebase backup");
        assertRefused(dir.resolve("missing.hbk"), target, "does not exist");

        // A backup of one kind of store does not restore into the other.
        Path backup = dir.resolve("app.hbk");
        String source = TestDatabases.freshUrl(kind);
        try (Database ignored = Database.open(source)) {
            // migrated, empty
        }
        assertEquals(0, HomebaseCommand.run("backup", "--db", source, "--out", backup.toString()));
        TestDatabases.Kind other = kind == TestDatabases.Kind.SQLITE ? TestDatabases.Kind.POSTGRES : TestDatabases.Kind.SQLITE;
        assertRefused(backup, TestDatabases.freshUrl(other), "restores into");

        if (kind == TestDatabases.Kind.POSTGRES) {
            // A PostgreSQL backup cut short (no end line) changes nothing.
            byte[] whole = ungzip(backup);
            String text = new String(whole, StandardCharsets.UTF_8);
            Path cut = dir.resolve("cut.hbk");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(cut))) {
                out.write(text.substring(0, text.lastIndexOf("{\"end\"")).getBytes(StandardCharsets.UTF_8));
            }
            assertRefused(cut, target, "cut short");
        }
    }

    private static byte[] ungzip(Path file) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static void assertRefused(Path file, String target, String expected) {
        CliRun run = CliRun.of("restore", file.toString(), "--db", target);
        int code = run.code();
        String line = run.err();
        assertEquals(10, code, line);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("homebase: ") && line.contains(expected), line);
    }

    private static String item(int i, String side) {
        return "{\"title\":\"" + side + "\",\"count\":" + i + ",\"meta\":{\"color\":\"c" + i + "\"},\"tags\":[\"" + side + i + "\"]}";
    }

    /** The restored Item records by write number: the sides present, each checked to be intact. */
    private static Map<Integer, List<String>> pairs(String url) throws Exception {
        Map<Integer, List<String>> pairs = new HashMap<>();
        try (Database db = Database.open(url)) {
            db.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT data FROM records WHERE app_id = ? AND entity = 'Item' ORDER BY id")) {
                    s.setString(1, APP);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            JsonNode data = Json.parse(rs.getString(1));
                            int i = data.path("count").asInt();
                            String side = data.path("title").asText();
                            assertEquals("c" + i, data.at("/meta/color").asText(), data.toString());
                            assertEquals(side + i, data.at("/tags/0").asText(), data.toString());
                            pairs.computeIfAbsent(i, k -> new ArrayList<>()).add(side);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                return null;
            });
        }
        return pairs;
    }
}

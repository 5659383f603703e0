package dev.homebase.server.http;

import dev.homebase.server.AppOptions;
import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.App;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.TestClock;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.files.TestStorage;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.internal.Json;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file integrations and {@code /media/} (api-contract §7.1, §7.2) over real HTTP, on SQLite and
 * PostgreSQL and on both storage backends (the disk, and a real S3-compatible server), with two apps on one server: public uploads and how they are served (types, validators,
 * ranges, the headers that keep HTML and SVG from running), private uploads behind signed URLs (tampering,
 * expiry, another app's file), who may call, and bad uploads that store nothing.
 */
class FilesApiTest {
    private static final String APP = "apitest";
    private static final String OTHER = "apitest2";
    private static final String PASSWORD = "s3cret-pass";
    private static final long MAX = 256 * 1024;

    /** Two apps on one server: {@code apitest} lets anonymous callers use UploadFile, {@code apitest2} keeps the default. */
    private record Setup(App app, MediaClient client, TestClock clock, FileSettings files, String userA, String userB) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }
    }

    /** Every database with every storage backend. */
    static Stream<Arguments> cases() {
        return Stream.of(TestDatabases.Kind.values()).flatMap(k -> Stream.of(TestStorage.values()).map(b -> Arguments.of(k, b)));
    }

    private static Setup start(TestDatabases.Kind kind, TestStorage storage) throws IOException {
        Path a = TestServer.copyFixture("apitest");
        Files.writeString(a.resolve("base44/config.jsonc"),
                "{ \"name\": \"API test app\", // comments are fine\n \"integrations\": { \"allowAnonymous\": [\"UploadFile\"] } }");
        Path b = TestServer.copyFixture("apitest");
        Files.writeString(b.resolve("base44/.app.jsonc"), "{ \"id\": \"" + OTHER + "\" }");
        String db = TestDatabases.freshUrl(kind);
        Path data = TempDirs.create("homebase-data");
        TestClock clock = new TestClock();
        FileSettings files = storage.settings(data, MAX);
        App app = App.start(new ServerConfig(List.of(a, b), "127.0.0.1", 0, data, db),
                AppOptions.defaults().withAuth(TestServer.fastAuth().withClock(clock)).withFiles(files).withIntegrationLimits(IntegrationLimits.DEFAULT));
        MediaClient client = new MediaClient(app.port());
        return new Setup(app, client, clock, files, user(db, client, APP, "ann@example.test"), user(db, client, OTHER, "bob@example.test"));
    }

    /** Adds a verified user with the test password and signs them in; returns the token. */
    private static String user(String dbUrl, MediaClient client, String appId, String email) {
        String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
        try (Database db = Database.open(dbUrl)) {
            db.useTx(c -> new UserStore(db.dialect()).insert(c, new UserRecord(appId, "u-" + email.hashCode(), email, "U", "user", hash, true,
                    null, null, 0, "2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.000000")));
        }
        HttpResponse<String> r = client.post("/api/apps/" + appId + "/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("access_token").asText();
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static long storedFiles(FileSettings files) {
        return TestStorage.stored(files);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void publicUploadsAreServedToAnyoneWithValidatorsAndRanges(TestDatabases.Kind kind, TestStorage storage) throws Exception {
        try (Setup s = start(kind, storage)) {
            byte[] png = new byte[100_000];
            new Random(7).nextBytes(png);
            HttpResponse<String> up = s.client().upload(APP, "UploadFile", s.userA(), MediaClient.multipart("file", "Holiday Photo.PNG", png));
            assertEquals(200, up.statusCode(), up.body());
            String url = json(up).get("file_url").asText();
            assertTrue(url.matches("http://127\\.0\\.0\\.1:" + s.app().port() + "/media/[0-9a-f-]{36}\\.png"), url);

            HttpResponse<byte[]> got = s.client().get(url); // anonymous
            assertEquals(200, got.statusCode());
            assertArrayEquals(png, got.body());
            assertEquals("image/png", header(got, "Content-Type"));
            assertEquals("100000", header(got, "Content-Length"));
            assertEquals("nosniff", header(got, "X-Content-Type-Options"));
            assertEquals("sandbox", header(got, "Content-Security-Policy"));
            assertTrue(header(got, "Cache-Control").contains("max-age=31536000"), header(got, "Cache-Control"));
            assertEquals(null, header(got, "Content-Disposition"));
            String etag = header(got, "ETag");
            assertTrue(etag != null && etag.startsWith("\""), etag);
            String modified = header(got, "Last-Modified");

            HttpResponse<byte[]> same = s.client().get("GET", url, Map.of("If-None-Match", etag));
            assertEquals(304, same.statusCode());
            assertEquals(0, same.body().length);
            assertEquals(304, s.client().get("GET", url, Map.of("If-Modified-Since", modified)).statusCode());
            assertEquals(200, s.client().get("GET", url, Map.of("If-None-Match", "\"other\"")).statusCode());

            HttpResponse<byte[]> part = s.client().get("GET", url, Map.of("Range", "bytes=10-19"));
            assertEquals(206, part.statusCode());
            assertEquals("bytes 10-19/100000", header(part, "Content-Range"));
            assertArrayEquals(java.util.Arrays.copyOfRange(png, 10, 20), part.body());
            HttpResponse<byte[]> tail = s.client().get("GET", url, Map.of("Range", "bytes=-5"));
            assertEquals(206, tail.statusCode());
            assertArrayEquals(java.util.Arrays.copyOfRange(png, 99_995, 100_000), tail.body());
            HttpResponse<byte[]> past = s.client().get("GET", url, Map.of("Range", "bytes=100000-"));
            assertEquals(416, past.statusCode());
            assertEquals("bytes */100000", header(past, "Content-Range"));
            assertEquals(200, s.client().get("GET", url, Map.of("Range", "bytes=0-1", "If-Range", "\"stale\"")).statusCode());

            HttpResponse<byte[]> head = s.client().get("HEAD", url, Map.of());
            assertEquals(200, head.statusCode());
            assertEquals("100000", header(head, "Content-Length"));
            assertEquals(0, head.body().length);

            // Anonymous callers: allowed for UploadFile by this app's config, refused by default elsewhere, naming the setting.
            HttpResponse<String> anon = s.client().upload(APP, "UploadFile", null, MediaClient.multipart("file", "a.txt", "hi".getBytes()));
            assertEquals(200, anon.statusCode(), anon.body());
            assertEquals("text/plain;charset=utf-8", header(s.client().get(json(anon).get("file_url").asText()), "Content-Type").replace(" ", ""));
            HttpResponse<String> refused = s.client().upload(OTHER, "UploadFile", null, MediaClient.multipart("file", "a.txt", "hi".getBytes()));
            assertEquals(401, refused.statusCode(), refused.body());
            assertTrue(json(refused).get("message").asText().contains("\"allowAnonymous\": [\"UploadFile\"]"), refused.body());
            assertEquals(401, s.client().upload(APP, "UploadPrivateFile", null, MediaClient.multipart("file", "a.txt", "hi".getBytes())).statusCode());

            HttpResponse<byte[]> notAName = s.client().get("/media/not-a-name.png");
            assertEquals(404, notAName.statusCode());
            assertEquals("nosniff", header(notAName, "X-Content-Type-Options"));
            assertEquals(404, s.client().get("/media/00000000-0000-0000-0000-000000000000.png").statusCode());
            assertEquals(404, s.client().get("/media/..%2F..%2Fhomebase.db").statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void activeContentIsServedAsASandboxedAttachment(TestDatabases.Kind kind, TestStorage storage) throws Exception {
        try (Setup s = start(kind, storage)) {
            for (String name : List.of("page.html", "logo.svg", "feed.xml", "app.js")) {
                HttpResponse<String> up = s.client().upload(APP, "UploadFile", s.userA(),
                        MediaClient.multipart("file", name, "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8)));
                assertEquals(200, up.statusCode(), up.body());
                HttpResponse<byte[]> got = s.client().get(json(up).get("file_url").asText());
                assertEquals(200, got.statusCode());
                assertTrue(header(got, "Content-Disposition").startsWith("attachment"), name);
                assertTrue(header(got, "Content-Security-Policy").startsWith("sandbox"), name);
                assertEquals("nosniff", header(got, "X-Content-Type-Options"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badUploadsAreRefusedAndStoreNothing(TestDatabases.Kind kind, TestStorage storage) throws Exception {
        try (Setup s = start(kind, storage)) {
            HttpResponse<String> noFile = s.client().upload(APP, "UploadFile", s.userA(), MediaClient.multipart("other", null, "x".getBytes()));
            assertEquals(400, noFile.statusCode(), noFile.body());
            assertEquals("No file uploaded", json(noFile).get("error").asText());
            assertTrue(json(noFile).get("message").asText().contains("'file'"));
            HttpResponse<String> jsonBody = s.client().call(APP, "UploadFile", s.userA(), "{\"file\":\"x\"}");
            assertEquals(400, jsonBody.statusCode(), jsonBody.body());
            HttpResponse<String> empty = s.client().upload(APP, "UploadFile", s.userA(), MediaClient.multipart("file", "e.png", new byte[0]));
            assertEquals(400, empty.statusCode(), empty.body());
            assertTrue(json(empty).get("message").asText().contains("empty"));
            HttpResponse<String> big = s.client().upload(APP, "UploadFile", s.userA(), MediaClient.multipart("file", "big.bin", new byte[(int) MAX + 1]));
            assertEquals(413, big.statusCode(), big.body());
            HttpResponse<String> huge = s.client().upload(APP, "UploadPrivateFile", s.userA(),
                    MediaClient.multipart("file", "big.bin", new byte[(int) MAX + 200_000]));
            assertEquals(413, huge.statusCode(), huge.body());
            assertEquals(0, storedFiles(s.files()));
            HttpResponse<String> atLimit = s.client().upload(APP, "UploadFile", s.userA(), MediaClient.multipart("file", "max.bin", new byte[(int) MAX]));
            assertEquals(200, atLimit.statusCode(), atLimit.body());
            assertEquals(1, storedFiles(s.files()));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void privateFilesOnlyThroughSignedUrls(TestDatabases.Kind kind, TestStorage storage) throws Exception {
        try (Setup s = start(kind, storage)) {
            byte[] pdf = "%PDF-1.4 secret".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> up = s.client().upload(APP, "UploadPrivateFile", s.userA(), MediaClient.multipart("file", "contract.pdf", pdf));
            assertEquals(200, up.statusCode(), up.body());
            String uri = json(up).get("file_uri").asText();
            assertTrue(uri.matches("[0-9a-f-]{36}\\.pdf"), uri);
            assertEquals(404, s.client().get("/media/" + uri).statusCode()); // not a public file

            HttpResponse<String> signed = s.client().call(APP, "CreateFileSignedUrl", s.userA(), "{\"file_uri\":\"" + uri + "\",\"expires_in\":60}");
            assertEquals(200, signed.statusCode(), signed.body());
            String url = json(signed).get("signed_url").asText();
            assertTrue(url.startsWith("http://127.0.0.1:" + s.app().port() + "/media/private/" + uri + "?"), url);
            HttpResponse<byte[]> got = s.client().get(url);
            assertEquals(200, got.statusCode());
            assertArrayEquals(pdf, got.body());
            assertEquals("application/pdf", header(got, "Content-Type"));
            assertTrue(header(got, "Cache-Control").startsWith("private"), header(got, "Cache-Control"));
            assertEquals("nosniff", header(got, "X-Content-Type-Options"));

            // Tampering: the signature, the expiry, the app or the file changed; a missing token.
            String token = url.substring(url.indexOf("token=") + 6);
            String flipped = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
            assertBadSignature(s.client().get(url.replace("token=" + token, "token=" + flipped)));
            String expires = url.replaceAll(".*expires=(\\d+).*", "$1");
            assertBadSignature(s.client().get(url.replace("expires=" + expires, "expires=" + (Long.parseLong(expires) + 3600))));
            assertBadSignature(s.client().get(url.replace("app_id=" + APP, "app_id=" + OTHER)));
            assertBadSignature(s.client().get(url.replace("app_id=" + APP, "app_id=nosuchapp")));
            assertBadSignature(s.client().get(url.replace("expires=" + expires, "expires=soon")));
            HttpResponse<byte[]> missing = s.client().get(url.replace("&token=" + token, ""));
            assertEquals(401, missing.statusCode());
            assertEquals("nosniff", header(missing, "X-Content-Type-Options"));
            assertEquals("Missing token", Json.parse(new String(missing.body(), StandardCharsets.UTF_8)).get("message").asText());

            // Another of the app's private files under this signature: refused.
            HttpResponse<String> second = s.client().upload(APP, "UploadPrivateFile", s.userA(), MediaClient.multipart("file", "b.pdf", pdf));
            String otherUri = json(second).get("file_uri").asText();
            assertBadSignature(s.client().get(url.replace("/media/private/" + uri, "/media/private/" + otherUri)));

            // Another app's user cannot sign this app's file; this app cannot sign what does not exist.
            HttpResponse<String> foreign = s.client().call(OTHER, "CreateFileSignedUrl", s.userB(), "{\"file_uri\":\"" + uri + "\"}");
            assertEquals(404, foreign.statusCode(), foreign.body());
            assertEquals(404, s.client().call(APP, "CreateFileSignedUrl", s.userA(), "{\"file_uri\":\"../../homebase.db\"}").statusCode());
            HttpResponse<String> noUri = s.client().call(APP, "CreateFileSignedUrl", s.userA(), "{}");
            assertEquals(400, noUri.statusCode());
            assertEquals("file_uri is required", json(noUri).get("error").asText());
            assertEquals("file_uri is required", json(noUri).get("message").asText());
            for (String bad : List.of("0", "-5", "\"soon\"", "1.5", "99999999999")) {
                HttpResponse<String> r = s.client().call(APP, "CreateFileSignedUrl", s.userA(), "{\"file_uri\":\"" + uri + "\",\"expires_in\":" + bad + "}");
                assertEquals(400, r.statusCode(), bad + ": " + r.body());
            }
            assertEquals(401, s.client().call(APP, "CreateFileSignedUrl", null, "{\"file_uri\":\"" + uri + "\"}").statusCode());

            // Expiry: the default is 300 s; one past it, the URL is refused and never gives the bytes.
            String fiveMinutes = json(s.client().call(APP, "CreateFileSignedUrl", s.userA(), "{\"file_uri\":\"" + uri + "\"}")).get("signed_url").asText();
            s.clock().advance(Duration.ofSeconds(61));
            HttpResponse<byte[]> expired = s.client().get(url);
            assertEquals(403, expired.statusCode());
            assertNotEquals(new String(pdf, StandardCharsets.UTF_8), new String(expired.body(), StandardCharsets.UTF_8));
            assertEquals(200, s.client().get(fiveMinutes).statusCode());
            s.clock().advance(Duration.ofSeconds(240));
            assertEquals(403, s.client().get(fiveMinutes).statusCode());
        }
    }

    private static void assertBadSignature(HttpResponse<byte[]> r) throws IOException {
        assertEquals(400, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = Json.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("signature verification failed", body.get("message").asText());
        assertEquals("InvalidJWT", body.get("error").asText());
    }
}

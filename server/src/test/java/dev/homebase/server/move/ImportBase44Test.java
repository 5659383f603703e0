package dev.homebase.server.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.homebase.server.cli.HomebaseCommand;
import dev.homebase.server.internal.Json;
import dev.homebase.server.http.TestMail;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code homebase import-base44} against a second Homebase server acting as the source (the same wire protocol),
 * through a small proxy that can hide {@code v2/list}, answer 429 once, or fail after some pages. The destination
 * runs on SQLite and on PostgreSQL.
 */
class ImportBase44Test {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final String APP = "movetest";
    private static final String API = "/api/apps/" + APP + "/entities/";
    private static final String PASSWORD = "source-password-1";
    private static final Pattern RESET_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    /** The source: users with roles and custom fields, authors, books pointing at authors, 2,500 reviews pointing at books. */
    private record Source(TestServer server, String token, String alice, String bob, String aliceToken, String bobToken,
                          String bookWithFiles, byte[] publicBytes, byte[] privateBytes) {}

    private static Source seed() {
        TestServer server = new TestServer(TestServer.copyFixture("movetest"), TestDatabases.freshUrl(TestDatabases.Kind.SQLITE),
                TestServer.fastAuth().withSmtp(MAIL.settings()));
        String tag = Long.toHexString(System.nanoTime());
        String alice = "alice-" + tag + "@source.test";
        String bob = "bob-" + tag + "@source.test";
        String aliceToken = MAIL.signUp(server, APP, alice, PASSWORD);
        String bobToken = MAIL.signUp(server, APP, bob, PASSWORD);
        String service = server.serviceToken();
        String aliceId = server.sendAs(aliceToken, "GET", API + "User/me", null).json().get("id").asText();
        String bobId = server.sendAs(bobToken, "GET", API + "User/me", null).json().get("id").asText();
        ok(server.sendAs(service, "PUT", API + "User/" + aliceId, "{\"role\":\"admin\",\"team\":\"red\",\"level\":3}"));
        ok(server.sendAs(service, "PUT", API + "User/" + bobId, "{\"team\":\"blue\",\"level\":1}"));

        List<String> books = new ArrayList<>();
        for (String[] who : new String[][] {{aliceToken, "Ann"}, {bobToken, "Ben"}}) {
            String author = ok(server.sendAs(who[0], "POST", API + "Author", "{\"name\":\"" + who[1] + "\",\"country\":\"NO\"}")).get("id").asText();
            for (int i = 0; i < 3; i++) {
                books.add(ok(server.sendAs(who[0], "POST", API + "Book", "{\"title\":\"" + who[1] + " " + i + "\",\"author_id\":\"" + author + "\"}"))
                        .get("id").asText());
            }
        }
        // A public and a private file on one book.
        byte[] publicBytes = ("public picture " + tag).getBytes(StandardCharsets.UTF_8);
        byte[] privateBytes = ("private contract " + tag).getBytes(StandardCharsets.UTF_8);
        String fileUrl = ok(upload(server, aliceToken, "UploadFile", "cover.png", publicBytes)).get("file_url").asText();
        String fileUri = ok(upload(server, aliceToken, "UploadPrivateFile", "contract.pdf", privateBytes)).get("file_uri").asText();
        ok(server.sendAs(aliceToken, "PUT", API + "Book/" + books.get(0), Json.write(Json.object().put("cover", fileUrl).put("attachment", fileUri))));
        // One author the destination's schema refuses (it requires country there).
        ok(server.sendAs(bobToken, "POST", API + "Author", "{\"name\":\"Nowhere\"}"));
        for (int batch = 0; batch < 5; batch++) {
            ArrayNode rows = Json.MAPPER.createArrayNode();
            for (int i = 0; i < 500; i++) {
                ObjectNode r = rows.addObject();
                r.put("book_id", books.get((batch * 500 + i) % books.size()));
                r.put("stars", (i % 5) + 1);
                r.put("text", "review " + batch + "-" + i);
            }
            ok(server.sendAs(batch % 2 == 0 ? aliceToken : bobToken, "POST", API + "Review/bulk", Json.write(rows)));
        }
        return new Source(server, service, alice, bob, aliceToken, bobToken, books.get(0), publicBytes, privateBytes);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void movesUsersAndRecordsKeepingIdsDatesAndOwners(TestDatabases.Kind kind) throws Exception {
        Source src = seed();
        try (TestServer source = src.server(); Proxy proxy = new Proxy(source.port())) {
            proxy.hideV2For = "Author";
            proxy.tooManyOnce.set(true);
            Path dest = destinationProject();
            String destDb = TestDatabases.freshUrl(kind);

            String[] files = {"--files", "--public-url", "https://app.example.test", "--media-prefix", "http://127.0.0.1:" + source.port() + "/media/"};
            Run first = run(dest, destDb, proxy, src.token(), files);
            System.out.println(first.out()); // kept in the test report: counts and rates
            assertEquals(1, first.code(), "one author fails local validation: " + first.out());
            assertFalse(first.out().contains(src.token()), "the token is never printed");
            assertTrue(first.out().contains("Error in field country: Field required"), first.out());
            assertTrue(first.out().contains("Author: reading (limit/skip pages)"), first.out());
            assertTrue(first.out().contains("Review: reading (cursor pages)"), first.out());
            assertTrue(first.out().contains("retried"), "the 429 was retried: " + first.out());
            assertTrue(proxy.skipPages.get() > 0, "Author was read through limit/skip pages");

            try (TestServer target = new TestServer(dest, destDb, TestServer.fastAuth().withSmtp(MAIL.settings()))) {
                String targetService = target.serviceToken();
                assertEquals(all(source, src.token(), "Review"), all(target, targetService, "Review"), "ids, dates, owners and content equal");
                assertEquals(withoutFiles(all(source, src.token(), "Book")), withoutFiles(all(target, targetService, "Book")));
                // The files were copied and the fields rewritten.
                JsonNode book = ok(target.sendAs(targetService, "GET", API + "Book/" + src.bookWithFiles(), null));
                String cover = book.get("cover").asText();
                assertTrue(cover.startsWith("https://app.example.test/media/"), cover);
                assertEquals(new String(src.publicBytes(), StandardCharsets.UTF_8),
                        target.send("GET", cover.substring("https://app.example.test".length()), null).body());
                String uri = book.get("attachment").asText();
                String signed = ok(target.sendAs(targetService, "POST", "/api/apps/" + APP + "/integration-endpoints/Core/CreateFileSignedUrl",
                        "{\"file_uri\":\"" + uri + "\"}")).get("signed_url").asText();
                assertEquals(new String(src.privateBytes(), StandardCharsets.UTF_8), get(signed));
                assertTrue(line(first.out(), "(files)").matches(".*read +2 +written +2 +unchanged +0 +failed +0.*"), first.out());
                JsonNode srcAuthors = all(source, src.token(), "Author");
                JsonNode dstAuthors = all(target, targetService, "Author");
                assertEquals(srcAuthors.size() - 1, dstAuthors.size(), "all authors but the invalid one");
                assertEquals(2500, all(target, targetService, "Review").size());
                assertEquals(users(source, src.token()), users(target, targetService), "users: ids, emails, names, roles, custom fields");

                // Row rules give each moved user the same records as on the source, after signing in with a mailed link.
                for (String[] who : new String[][] {{src.alice(), src.aliceToken()}, {src.bob(), src.bobToken()}}) {
                    String moved = signInMoved(target, who[0]);
                    for (String e : List.of("Book", "Review")) {
                        JsonNode before = source.sendAs(who[1], "GET", API + e + "?limit=5000&sort=created_date", null).json();
                        JsonNode after = target.sendAs(moved, "GET", API + e + "?limit=5000&sort=created_date", null).json();
                        assertEquals(withoutFiles(before), withoutFiles(after), who[0] + " sees the same " + e);
                        assertFalse(after.isEmpty());
                    }
                }
            }

            // A re-run after changes on the source applies only them.
            JsonNode review = all(source, src.token(), "Review").get(7);
            ok(source.sendAs(src.token(), "PUT", API + "Review/" + review.get("id").asText(), "{\"stars\":5,\"text\":\"changed\"}"));
            ok(source.sendAs(src.aliceToken(), "POST", API + "Book", "{\"title\":\"New\"}"));
            Run second = run(dest, destDb, proxy, src.token(), files);
            assertEquals(1, second.code(), second.out());
            assertTrue(line(second.out(), "Review").matches(".*read +2500 +written +1 +unchanged +2499 +failed +0.*"), second.out());
            assertTrue(line(second.out(), "Book").matches(".*read +7 +written +1 +unchanged +6 +failed +0.*"), second.out());
            try (TestServer target = new TestServer(dest, destDb, TestServer.fastAuth())) {
                String targetService = target.serviceToken();
                assertEquals(all(source, src.token(), "Review"), all(target, targetService, "Review"));
                assertEquals(withoutFiles(all(source, src.token(), "Book")), withoutFiles(all(target, targetService, "Book")));
            }

            // A dry run writes nothing.
            ok(source.sendAs(src.aliceToken(), "POST", API + "Book", "{\"title\":\"Dry\"}"));
            List<String> dryArgs = new ArrayList<>(List.of(files));
            dryArgs.addAll(List.of("--dry-run", "--entities", "Book"));
            Run dry = run(dest, destDb, proxy, src.token(), dryArgs.toArray(String[]::new));
            assertTrue(line(dry.out(), "Book").matches(".*written +1 +unchanged +7.*"), dry.out());
            try (TestServer target = new TestServer(dest, destDb, TestServer.fastAuth())) {
                assertEquals(7, all(target, target.serviceToken(), "Book").size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anInterruptedRunResumesWithoutDuplicates(TestDatabases.Kind kind) throws Exception {
        Source src = seed();
        try (TestServer source = src.server(); Proxy proxy = new Proxy(source.port())) {
            Path dest = destinationProject();
            String destDb = TestDatabases.freshUrl(kind);
            proxy.failReviewPagesAfter = 2;
            Run broken = run(dest, destDb, proxy, src.token(), "--retries", "0", "--entities", "Review");
            assertEquals(1, broken.code(), broken.out());
            assertTrue(broken.out().contains("HTTP 503"), broken.out());
            assertFalse(broken.out().contains(src.token()));
            assertTrue(Files.isRegularFile(dest.resolve(".homebase/import-base44/movetest/Review.json")), "checkpoint kept");
            try (TestServer target = new TestServer(dest, destDb, TestServer.fastAuth())) {
                assertEquals(1000, all(target, target.serviceToken(), "Review").size(), "two pages of 500 committed");
            }

            proxy.failReviewPagesAfter = -1;
            Run resumed = run(dest, destDb, proxy, src.token(), "--entities", "Review");
            assertEquals(0, resumed.code(), resumed.out());
            assertTrue(resumed.out().contains("Review: resuming after 1000 records"), resumed.out());
            assertTrue(line(resumed.out(), "Review").matches(".*read +1500 +written +1500 +unchanged +0.*"), resumed.out());
            assertFalse(Files.exists(dest.resolve(".homebase/import-base44/movetest/Review.json")), "checkpoint removed when done");
            try (TestServer target = new TestServer(dest, destDb, TestServer.fastAuth())) {
                JsonNode moved = all(target, target.serviceToken(), "Review");
                assertEquals(2500, moved.size());
                HashSet<String> ids = new HashSet<>();
                moved.forEach(r -> ids.add(r.get("id").asText()));
                assertEquals(2500, ids.size(), "no duplicates");
                assertEquals(all(source, src.token(), "Review"), moved);
            }
        }
    }

    // ---- helpers ----

    private static Path destinationProject() throws IOException {
        Path dest = TestServer.copyFixture("movetest");
        Files.writeString(dest.resolve("base44/entities/author.jsonc"),
                "{\"name\":\"Author\",\"properties\":{\"name\":{\"type\":\"string\"},\"country\":{\"type\":\"string\"}},\"required\":[\"name\",\"country\"]}");
        return dest;
    }

    private record Run(int code, String out) {}

    private static Run run(Path dest, String destDb, Proxy proxy, String token, String... more) {
        List<String> args = new ArrayList<>(List.of("import-base44", dest.toString(), "--from", "http://127.0.0.1:" + proxy.port(),
                "--app-id", APP, "--token", token, "--db", destDb, "--page-size", "500"));
        args.addAll(List.of(more));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        synchronized (System.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            try {
                int code = HomebaseCommand.run(args.toArray(String[]::new));
                return new Run(code, captured.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    private static JsonNode withoutFiles(JsonNode records) {
        JsonNode copy = records.deepCopy();
        copy.forEach(r -> ((ObjectNode) r).remove(List.of("cover", "attachment")));
        return copy;
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static TestServer.Response upload(TestServer server, String token, String integration, String fileName, byte[] bytes) {
        String boundary = "----hb" + System.nanoTime();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/apps/" + APP + "/integration-endpoints/Core/" + integration))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            return new TestServer.Response(res.statusCode(), res.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String line(String out, String entity) {
        return out.lines().filter(l -> l.startsWith(entity + " ")  && l.contains(" read ")).reduce((a, b) -> b).orElse("");
    }

    private static JsonNode all(TestServer server, String token, String entity) {
        return ok(server.sendAs(token, "GET", API + entity + "?limit=5000&sort=created_date", null));
    }

    private static List<String> users(TestServer server, String token) {
        List<String> out = new ArrayList<>();
        for (JsonNode u : all(server, token, "User")) {
            out.add(u.get("id").asText() + "|" + u.get("email").asText() + "|" + u.path("full_name").asText() + "|" + u.get("role").asText()
                    + "|" + u.path("team").asText() + "|" + u.path("level").asText() + "|" + u.get("created_date").asText());
        }
        out.sort(null);
        return out;
    }

    /** A moved user has no password: the mailed reset link sets one, then they sign in. */
    private static String signInMoved(TestServer target, String email) throws Exception {
        String auth = "/api/apps/" + APP + "/auth";
        ok(target.send("POST", auth + "/reset-password-request", "{\"email\":\"" + email + "\"}"));
        String token = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (token == null && System.currentTimeMillis() < deadline) {
            MimeMessage m = MAIL.latest(email);
            Matcher matcher = RESET_TOKEN.matcher(String.valueOf(m.getContent()));
            if (m.getSubject().contains("Reset") && matcher.find()) token = matcher.group(1);
            else Thread.sleep(100);
        }
        if (token == null) throw new AssertionError("no reset mail for " + email);
        ok(target.send("POST", auth + "/reset-password", "{\"reset_token\":\"" + token + "\",\"new_password\":\"moved-password-1\"}"));
        return target.login(APP, email, "moved-password-1");
    }

    private static JsonNode ok(TestServer.Response r) {
        if (r.status() != 200 && r.status() != 201) throw new AssertionError(r.status() + ": " + r.body());
        return r.json();
    }

    /** Forwards to the source; can hide v2/list for one entity, answer 429 once, or fail Review pages after some. */
    private static final class Proxy implements AutoCloseable {
        private final HttpServer server;
        private final HttpClient http = HttpClient.newHttpClient();
        volatile String hideV2For;
        final java.util.concurrent.atomic.AtomicBoolean tooManyOnce = new java.util.concurrent.atomic.AtomicBoolean();
        volatile int failReviewPagesAfter = -1;
        final AtomicInteger reviewPages = new AtomicInteger();
        final AtomicInteger skipPages = new AtomicInteger();

        Proxy(int target) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                try (ex) {
                    String path = ex.getRequestURI().getRawPath();
                    String query = ex.getRequestURI().getRawQuery();
                    if (hideV2For != null && path.endsWith("/entities/" + hideV2For + "/v2/list")) {
                        reply(ex, 404, "{\"message\":\"Not found\"}", null);
                        return;
                    }
                    if (hideV2For != null && path.endsWith("/entities/" + hideV2For) && query != null && query.contains("skip=")) skipPages.incrementAndGet();
                    if (path.endsWith("/entities/Review/v2/list") && tooManyOnce.compareAndSet(true, false)) {
                        reply(ex, 429, "{\"message\":\"Too many requests\"}", "0");
                        return;
                    }
                    if (path.endsWith("/entities/Review/v2/list") && query != null && query.contains("limit=500")) {
                        int n = reviewPages.incrementAndGet();
                        if (failReviewPagesAfter >= 0 && n > failReviewPagesAfter) {
                            reply(ex, 503, "{\"message\":\"Unavailable\"}", null);
                            return;
                        }
                    }
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path + (query == null ? "" : "?" + query)));
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    if (auth != null) b.header("Authorization", auth);
                    String type = ex.getRequestHeaders().getFirst("Content-Type");
                    if (type != null) b.header("Content-Type", type);
                    byte[] body;
                    try (InputStream in = ex.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                    HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    res.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().set("Content-Type", t));
                    ex.sendResponseHeaders(res.statusCode(), res.body().length == 0 ? -1 : res.body().length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(res.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body, String retryAfter) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (retryAfter != null) ex.getResponseHeaders().set("Retry-After", retryAfter);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

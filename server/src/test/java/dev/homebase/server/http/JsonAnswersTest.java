package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How JSON answers go on the wire (http/JsonAnswers): with a {@code Content-Length} and no chunking; larger ones
 * gzip-compressed for a client that accepts it and equal to the plain answer once decoded; and on one kept-alive
 * connection whose requests carry different users' tokens in turn (as behind a proxy), each answer is its own caller's
 * (Jetty's per-connection header cache is off).
 */
class JsonAnswersTest {
    private static final String APP = "/api/apps/rlstest";
    private static final String NOTES = APP + "/entities/Note";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void answersOnTheWire(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("rlstest", kind, TestServer.fastAuth())) {
            String hash = new Passwords(Passwords.Params.FAST_FOR_TESTS).hash(PASSWORD);
            try (Database db = Database.open(server.databaseUrl())) {
                UserStore store = new UserStore(db.dialect());
                db.useTx(c -> {
                    store.insert(c, user("a00000000000000000000001", "ann@example.test", hash, "red"));
                    store.insert(c, user("b00000000000000000000002", "bob@example.test", hash, "blue"));
                });
            }
            String ann = server.login("rlstest", "ann@example.test", PASSWORD);
            String bob = server.login("rlstest", "bob@example.test", PASSWORD);
            String annNote = server.sendAs(ann, "POST", NOTES, "{\"title\":\"ann's\",\"team\":\"red\"}").json().get("id").asText();
            String bobNote = server.sendAs(bob, "POST", NOTES, "{\"title\":\"bob's\",\"team\":\"blue\"}").json().get("id").asText();
            for (int i = 0; i < 40; i++) {
                assertEquals(201, server.sendAs(ann, "POST", NOTES, "{\"title\":\"a longer title so that the page passes 1500 bytes " + i
                        + "\",\"team\":\"red\"}").status());
            }

            // One connection, the two users' tokens in turn: each answer is the caller's, each with its length.
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                for (int i = 0; i < 6; i++) {
                    boolean annsTurn = i % 2 == 0;
                    Answer a = exchange(socket, server.port(), "GET", NOTES + "/" + (annsTurn ? annNote : bobNote), annsTurn ? ann : bob, Map.of());
                    assertEquals(200, a.status(), a.body());
                    assertEquals(annsTurn ? "ann's" : "bob's", Json.parse(a.body()).get("title").asText());
                    assertEquals(String.valueOf(a.bytes().length), a.headers().get("content-length"));
                    assertNull(a.headers().get("transfer-encoding"));
                    assertTrue(a.headers().get("content-type").startsWith("application/json"), a.headers().toString());
                    assertNotNull(a.headers().get("x-request-id"));
                    // The other user's note is not found for this caller.
                    Answer other = exchange(socket, server.port(), "GET", NOTES + "/" + (annsTurn ? bobNote : annNote), annsTurn ? ann : bob, Map.of());
                    assertEquals(404, other.status(), other.body());
                }
                // A small answer to a client that accepts gzip: plain, with its length.
                Answer small = exchange(socket, server.port(), "GET", NOTES + "/" + annNote, ann, Map.of("Accept-Encoding", "gzip"));
                assertNull(small.headers().get("content-encoding"));
                assertEquals(String.valueOf(small.bytes().length), small.headers().get("content-length"));
                // An error answer on the same connection is JSON with a message; the connection stays usable.
                Answer bad = exchange(socket, server.port(), "GET", NOTES + "/" + annNote, "not-a-token", Map.of());
                assertEquals(401, bad.status());
                assertTrue(Json.parse(bad.body()).hasNonNull("message"), bad.body());
                assertEquals(200, exchange(socket, server.port(), "GET", NOTES + "/" + annNote, ann, Map.of()).status());
            }

            // A page over 1500 bytes: gzip for a client that accepts it, equal to the plain answer once decoded.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest.Builder page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + NOTES + "?sort=created_date"))
                    .header("Authorization", "Bearer " + ann);
            HttpResponse<byte[]> plain = http.send(page.build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> gzipped = http.send(page.header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, plain.statusCode());
            assertTrue(plain.body().length >= JsonAnswers.COMPRESSED_FROM, "page of " + plain.body().length + " bytes");
            assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
            assertEquals(String.valueOf(plain.body().length), plain.headers().firstValue("Content-Length").orElse(null));
            assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null));
            byte[] decoded;
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
                decoded = in.readAllBytes();
            }
            JsonNode records = Json.parse(new String(decoded, StandardCharsets.UTF_8));
            assertEquals(Json.parse(new String(plain.body(), StandardCharsets.UTF_8)), records);
            assertEquals(41, records.size());
        }
    }

    private static UserRecord user(String id, String email, String hash, String team) {
        String at = "2025-01-01T00:00:00.000000";
        return new UserRecord("rlstest", id, email, email.substring(0, email.indexOf('@')), "user", hash, true, null,
                Json.object().put("team", team), 0, at, at);
    }

    record Answer(int status, Map<String, String> headers, byte[] bytes) {
        String body() { return new String(bytes, StandardCharsets.UTF_8); }
    }

    /** One request on a kept-alive connection, and its answer read by its Content-Length. */
    private static Answer exchange(Socket socket, int port, String method, String target, String token, Map<String, String> headers)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        head.append("Authorization: Bearer ").append(token).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        int status = -1;
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed");
            if (b != '\n') {
                if (b != '\r') line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.isEmpty()) break;
            if (status < 0) {
                status = Integer.parseInt(text.split(" ")[1]);
            } else {
                int colon = text.indexOf(':');
                fields.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
            }
        }
        String length = fields.get("content-length");
        if (length == null) throw new IOException("no Content-Length: " + fields);
        return new Answer(status, fields, in.readNBytes(Integer.parseInt(length)));
    }
}

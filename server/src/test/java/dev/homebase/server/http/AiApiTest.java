package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.ai.ProviderStub;
import dev.homebase.server.ai.ProviderStub.Reply;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * InvokeLLM, GenerateImage and the AI gateway over real HTTP, against an OpenAI-compatible
 * provider stub that records what it receives, on both databases.
 */
class AiApiTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String LLM = "/api/apps/aitest/integration-endpoints/Core/InvokeLLM";
    private static final String IMAGE = "/api/apps/aitest/integration-endpoints/Core/GenerateImage";
    private static final String GATEWAY = "/api/apps/aitest/ai/openai/v1/chat/completions";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"population\":{\"type\":\"integer\"}},\"required\":[\"city\",\"population\"]}";

    private static AuthConfig auth() {
        return TestServer.fastAuth().withAdmin(ADMIN, PASSWORD);
    }

    private static TestServer server(TestDatabases.Kind kind, AiSettings ai) {
        return new TestServer(TestServer.copyFixture("aitest"), TestDatabases.freshUrl(kind), auth(), ai);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void invokeLlmTextStructuredAndRetries(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub.settings())) {
            String user = server.login("aitest", ADMIN, PASSWORD);

            // Text: a bare JSON string; the default model, the key, the prompt as the user message.
            TestServer.Response r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"Say hi\"}");
            assertEquals(200, r.status(), r.body());
            assertEquals("\"stub says: Say hi\"", r.body());
            ProviderStub.Recorded sent = stub.requests().get(0);
            assertEquals("/v1/chat/completions", sent.path());
            assertEquals("Bearer sk-test", sent.authorization());
            assertEquals("stub-model", sent.body().get("model").asText());
            assertEquals("Say hi", sent.body().at("/messages/0/content").asText());
            assertTrue(sent.body().path("response_format").isMissingNode());

            // Base44 model names through the table; unknown names use the default.
            server.sendAs(user, "POST", LLM, "{\"prompt\":\"x\",\"model\":\"gpt_5_mini\"}");
            server.sendAs(user, "POST", LLM, "{\"prompt\":\"x\",\"model\":\"gemini_3_flash\"}");
            assertEquals("stub-mini", stub.requests().get(1).body().get("model").asText());
            assertEquals("stub-model", stub.requests().get(2).body().get("model").asText());

            // Structured output: response_format json_schema, the bare object back.
            stub.reset();
            stub.enqueue(ProviderStub.chat("{\"city\":\"Lyon\",\"population\":513275}"));
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"Biggest city?\",\"response_json_schema\":" + SCHEMA + "}");
            assertEquals(200, r.status(), r.body());
            assertEquals("Lyon", r.json().get("city").asText());
            assertEquals(513275, r.json().get("population").asInt());
            JsonNode format = stub.requests().get(0).body().get("response_format");
            assertEquals("json_schema", format.get("type").asText());
            assertEquals("response", format.at("/json_schema/name").asText());
            assertEquals(false, format.at("/json_schema/strict").asBoolean(), "no additionalProperties:false: not strict");
            assertEquals("string", format.at("/json_schema/schema/properties/city/type").asText());

            // A mismatching reply, then a good one: one retry that names the mismatch.
            stub.reset();
            stub.enqueue(ProviderStub.chat("{\"city\":\"Lyon\",\"population\":\"many\"}"), ProviderStub.chat("{\"city\":\"Lyon\",\"population\":5}"));
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"Biggest city?\",\"response_json_schema\":" + SCHEMA + "}");
            assertEquals(200, r.status(), r.body());
            assertEquals(5, r.json().get("population").asInt());
            assertEquals(2, stub.requests().size());
            JsonNode retry = stub.requests().get(1).body().get("messages");
            assertEquals("assistant", retry.get(1).get("role").asText());
            assertTrue(retry.get(2).get("content").asText().contains("$.population should be integer"), retry.toString());

            // Two mismatches: 502, and no third call.
            stub.reset();
            stub.enqueue(ProviderStub.chat("not json"), ProviderStub.chat("{\"city\":1}"));
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"Biggest city?\",\"response_json_schema\":" + SCHEMA + "}");
            assertEquals(502, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("did not match response_json_schema"), r.body());
            assertEquals(2, stub.requests().size());

            // A non-object root travels wrapped and comes back bare.
            stub.reset();
            stub.enqueue(ProviderStub.chat("{\"result\":[\"a\",\"b\"]}"));
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"list\",\"response_json_schema\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}");
            assertEquals("[\"a\",\"b\"]", r.body());
            assertEquals("array", stub.requests().get(0).body().at("/response_format/json_schema/schema/properties/result/type").asText());

            // 429 then success: retried; 500s until the retries run out: 502 after three calls.
            stub.reset();
            stub.enqueue(new Reply(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "0"), 0));
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"again\"}");
            assertEquals(200, r.status(), r.body());
            assertEquals(2, stub.requests().size());
            stub.reset();
            stub.enqueue(Reply.json(500, "{}"), Reply.json(503, "{}"), Reply.json(500, "{\"error\":{\"message\":\"boom\"}}"));
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"again\"}");
            assertEquals(502, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("HTTP 500: boom"), r.body());
            assertEquals(3, stub.requests().size());
            stub.reset();
            Reply limited = new Reply(429, "{\"error\":{\"message\":\"quota\"}}", Map.of("Retry-After", "0"), 0);
            stub.enqueue(limited, limited, new Reply(429, "{\"error\":{\"message\":\"quota\"}}", Map.of("Retry-After", "7"), 0));
            HttpResponse<String> limitedAnswer = raw(server, user, LLM, "{\"prompt\":\"again\"}");
            assertEquals(429, limitedAnswer.statusCode(), limitedAnswer.body());
            assertEquals("7", limitedAnswer.headers().firstValue("Retry-After").orElse(""));

            // The service role may call; anonymous callers may not, and the answer names the setting.
            assertEquals(200, server.sendAs(server.serviceToken(), "POST", LLM, "{\"prompt\":\"hi\"}").status());
            r = server.sendAs(null, "POST", LLM, "{\"prompt\":\"hi\"}");
            assertEquals(401, r.status());
            assertTrue(r.json().get("message").asText().contains("allowAnonymous"), r.body());
            assertEquals(401, server.sendAs("not-a-token", "POST", LLM, "{\"prompt\":\"hi\"}").status());

            // Bad input: 400 with a message, and nothing sent to the provider.
            stub.reset();
            for (String bad : List.of("{}", "{\"prompt\":\"\"}", "{\"prompt\":\"x\",\"add_context_from_internet\":true}",
                    "{\"prompt\":\"x\",\"response_json_schema\":{\"type\":\"thing\"}}", "{\"prompt\":\"x\",\"response_json_schema\":[1]}",
                    "{\"prompt\":\"x\",\"file_urls\":\"http://x\"}", "{\"prompt\":\"x\",\"file_urls\":[\"https://elsewhere.example/doc.txt\"]}",
                    "{\"prompt\":\"x\",\"file_urls\":[\"ftp://elsewhere.example/a.png\"]}", "[1]")) {
                r = server.sendAs(user, "POST", LLM, bad);
                assertEquals(400, r.status(), bad + " → " + r.body());
                assertTrue(r.json().get("message").asText().length() > 5, r.body());
            }
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"x\",\"add_context_from_internet\":true}");
            assertTrue(r.json().get("message").asText().contains("search provider"), r.body());
            assertEquals(0, stub.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void generatedImagesUseThePublicUrlAndGoBackAsFileUrls(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub();
             TestServer server = new TestServer(TestServer.copyFixture("aitest"), TestDatabases.freshUrl(kind),
                     auth().withPublicUrl("https://app.example.test"), stub.settings())) {
            String user = server.login("aitest", ADMIN, PASSWORD);
            TestServer.Response r = server.sendAs(user, "POST", IMAGE, "{\"prompt\":\"a red square\"}");
            assertEquals(200, r.status(), r.body());
            String url = r.json().get("url").asText();
            assertTrue(url.matches("https://app\\.example\\.test/media/[^/]+\\.png"), url);
            TestServer.Response image = server.send("GET", URI.create(url).getPath(), null);
            assertEquals(200, image.status());

            // The public URL is this server's: file_urls reads the file here (not from app.example.test) and sends it inline.
            stub.reset();
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"describe\",\"file_urls\":[\"" + url + "\"]}");
            assertEquals(200, r.status(), r.body());
            String part = stub.requests().get(0).body().at("/messages/0/content/1/image_url/url").asText();
            assertEquals("data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ProviderStub.PNG), part);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void generateImageAndFileUrls(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub.settings())) {
            String user = server.login("aitest", ADMIN, PASSWORD);
            // b64_json, by an anonymous caller (the fixture allows GenerateImage).
            TestServer.Response r = server.sendAs(null, "POST", IMAGE, "{\"prompt\":\"a red square\"}");
            assertEquals(200, r.status(), r.body());
            String url = r.json().get("url").asText();
            assertTrue(url.matches("http://127\\.0\\.0\\.1:" + server.port() + "/media/[^/]+\\.png"), url); // an ordinary public file
            assertEquals("/v1/images/generations", stub.requests().get(0).path());
            assertEquals("stub-image", stub.requests().get(0).body().get("model").asText());
            assertEquals("a red square", stub.requests().get(0).body().get("prompt").asText());
            HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, image.statusCode());
            assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
            assertEquals("nosniff", image.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertArrayEquals(ProviderStub.PNG, image.body());
            // Served like any public upload: the media headers, and ranges.
            assertEquals("sandbox", image.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("bytes", image.headers().firstValue("Accept-Ranges").orElse(""));
            HttpResponse<byte[]> range = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Range", "bytes=1-3").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, range.statusCode());
            assertEquals("PNG", new String(range.body(), java.nio.charset.StandardCharsets.US_ASCII));

            // A url answer: downloaded from the provider and stored here.
            stub.reset();
            String remote = stub.url().replace("/v1", "") + "/files/image.png";
            stub.enqueue(Reply.json(200, "{\"data\":[{\"url\":\"" + remote + "\"}]}"));
            r = server.sendAs(user, "POST", IMAGE, "{\"prompt\":\"a blue square\"}");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.json().get("url").asText().contains("/media/"), r.body());
            assertEquals(200, server.send("GET", URI.create(r.json().get("url").asText()).getPath(), null).status());

            // A content-policy refusal is a 400 with the provider's words; a non-image answer a 502.
            stub.enqueue(Reply.json(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system\"}}"));
            r = server.sendAs(user, "POST", IMAGE, "{\"prompt\":\"bad\"}");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("safety system"), r.body());
            stub.enqueue(Reply.json(200, "{\"data\":[{\"b64_json\":\"aGVsbG8=\"}]}"));
            assertEquals(502, server.sendAs(user, "POST", IMAGE, "{\"prompt\":\"x\"}").status());
            assertEquals(400, server.sendAs(user, "POST", IMAGE, "{}").status());
            int traversal = server.send("GET", "/media/..%2F..%2Fhomebase.db", null).status();
            assertTrue(traversal == 400 || traversal == 404, "status " + traversal);

            // file_urls: this server's image goes as a data URL (the provider cannot reach 127.0.0.1), another
            // server's image as its URL, this server's text file as text.
            stub.reset();
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"describe\",\"file_urls\":[\"" + url + "\",\"https://img.example/cat.jpg\"]}");
            assertEquals(200, r.status(), r.body());
            JsonNode content = stub.requests().get(0).body().at("/messages/0/content");
            assertEquals("describe", content.get(0).get("text").asText());
            assertTrue(content.get(1).at("/image_url/url").asText().startsWith("data:image/png;base64,"), content.toString());
            assertEquals("https://img.example/cat.jpg", content.get(2).at("/image_url/url").asText());
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"read\",\"file_urls\":[\"http://127.0.0.1:" + server.port() + "/manifest.json\"]}");
            assertEquals(200, r.status(), r.body());
            assertTrue(stub.requests().get(1).body().at("/messages/0/content/1/text").asText().contains("AI test app"),
                    stub.requests().get(1).body().toString());
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"read\",\"file_urls\":[\"http://127.0.0.1:" + server.port() + "/media/x.pdf\"]}");
            assertEquals(400, r.status(), r.body());

            // A forged Host header does not make another host "this server": the file is looked up here (404 → 400).
            String stubHost = URI.create(stub.url()).getAuthority();
            String body = "{\"prompt\":\"read\",\"file_urls\":[\"http://" + stubHost + "/files/secret.txt\"]}";
            String answer = rawWithHost(server.port(), stubHost, user, LLM, body);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(stub.requests().stream().noneMatch(q -> q.body() != null && q.body().toString().contains("TOP SECRET")));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void gateway(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub(); TestServer server = server(kind, stub.settings())) {
            String user = server.login("aitest", ADMIN, PASSWORD);
            String request = "{\"model\":\"automatic\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"temperature\":0.2,"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]}";
            TestServer.Response r = server.sendAs(user, "POST", GATEWAY, request);
            assertEquals(200, r.status(), r.body());
            assertEquals("stub says: hello", r.json().at("/choices/0/message/content").asText());
            assertEquals(10, r.json().at("/usage/total_tokens").asInt(), "the provider's answer, unchanged");
            JsonNode sent = stub.requests().get(0).body();
            assertEquals("stub-model", sent.get("model").asText());
            assertEquals("f", sent.at("/tools/0/function/name").asText(), "other fields pass through");
            assertEquals(0.2, sent.get("temperature").asDouble());
            r = server.sendAs(server.serviceToken(), "POST", GATEWAY, request.replace("automatic", "claude_sonnet_4_6"));
            assertEquals(200, r.status(), r.body());
            assertEquals("stub-sonnet", stub.requests().get(1).body().get("model").asText());

            assertEquals(401, server.sendAs(null, "POST", GATEWAY, request).status());
            assertEquals(401, server.sendAs("", "POST", GATEWAY, request).status());
            r = server.sendAs(user, "POST", GATEWAY, request.replace("\"temperature\"", "\"stream\":true,\"temperature\""));
            assertEquals(400, r.status());
            assertTrue(r.json().get("message").asText().contains("stream"), r.body());
            assertEquals(400, server.sendAs(user, "POST", GATEWAY, "{\"model\":\"automatic\"}").status());
            stub.enqueue(Reply.json(400, "{\"error\":{\"message\":\"bad tools\"}}"));
            r = server.sendAs(user, "POST", GATEWAY, request);
            assertEquals(400, r.status());
            assertTrue(r.json().get("message").asText().contains("bad tools"), r.body());
            assertEquals(2 + 1, stub.requests().size());
        }
    }

    @Test
    void timeoutIs504AndNoProviderIs503() throws Exception {
        try (ProviderStub stub = new ProviderStub();
             TestServer server = server(TestDatabases.Kind.SQLITE, stub.settings().withTimeout(Duration.ofMillis(500)))) {
            String user = server.login("aitest", ADMIN, PASSWORD);
            stub.enqueue(new Reply(200, "{}", Map.of(), 3000));
            TestServer.Response r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"slow\"}");
            assertEquals(504, r.status(), r.body());
            assertEquals(1, stub.requests().size(), "a timeout is not retried");
        }
        try (TestServer server = server(TestDatabases.Kind.SQLITE, AiSettings.none())) {
            String user = server.login("aitest", ADMIN, PASSWORD);
            for (String path : List.of(LLM, IMAGE, GATEWAY)) {
                TestServer.Response r = server.sendAs(user, "POST", path,
                        "{\"prompt\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
                assertEquals(503, r.status(), path + " " + r.body());
                assertTrue(r.json().get("message").asText().contains("HOMEBASE_LLM_URL"), r.body());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void appOverrideUsesItsOwnProviderAndSecret(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub server44 = new ProviderStub(); ProviderStub own = new ProviderStub()) {
            Path dir = TestServer.copyFixture("aitest");
            Files.writeString(dir.resolve("base44/config.jsonc"), "{\"name\":\"AI test app\",\"llm\":{\"url\":\"" + own.url()
                    + "\",\"apiKeySecret\":\"MY_LLM_KEY\",\"model\":\"own-model\",\"models\":{\"gpt_5_mini\":\"own-mini\"}}}");
            String db = TestDatabases.freshUrl(kind);
            assertEquals(0, dev.homebase.server.cli.HomebaseCommand.run("secrets", "set", "MY_LLM_KEY=sk-own", "-p", dir.toString(), "--db", db));
            try (TestServer server = new TestServer(dir, db, auth(), server44.settings())) {
                String user = server.login("aitest", ADMIN, PASSWORD);
                assertEquals(200, server.sendAs(user, "POST", LLM, "{\"prompt\":\"a\"}").status());
                assertEquals(200, server.sendAs(user, "POST", LLM, "{\"prompt\":\"a\",\"model\":\"gpt_5_mini\"}").status());
                assertEquals(0, server44.requests().size());
                assertEquals("Bearer sk-own", own.requests().get(0).authorization());
                assertEquals("own-model", own.requests().get(0).body().get("model").asText());
                assertEquals("own-mini", own.requests().get(1).body().get("model").asText());
            }
        }
    }

    /** A POST over a plain socket with the given Host header (the JDK client does not let one set it). */
    private static String rawWithHost(int port, String host, String token, String path, String body) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void pdfFileUrlsAreSentAsTheirText() throws Exception {
        Path dir = TestServer.copyFixture("aitest");
        Files.writeString(dir.resolve("base44/config.jsonc"), "{\"name\":\"AI test app\",\"site\":{\"outputDirectory\":\"dist\"}}");
        Path dist = Files.createDirectories(dir.resolve("dist"));
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            try (var text = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                text.beginText();
                text.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 700);
                text.showText("Invoice total: 42 EUR");
                text.endText();
            }
            doc.save(dist.resolve("invoice.pdf").toFile());
        }
        Files.writeString(dist.resolve("broken.pdf"), "not a pdf");
        try (ProviderStub stub = new ProviderStub();
             TestServer server = new TestServer(dir, TestDatabases.freshUrl(TestDatabases.Kind.SQLITE), auth(), stub.settings())) {
            String user = server.login("aitest", ADMIN, PASSWORD);
            String base = "http://127.0.0.1:" + server.port();
            TestServer.Response r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"total?\",\"file_urls\":[\"" + base + "/invoice.pdf\"]}");
            assertEquals(200, r.status(), r.body());
            String part = stub.requests().get(0).body().at("/messages/0/content/1/text").asText();
            assertTrue(part.contains("Invoice total: 42 EUR"), part);
            r = server.sendAs(user, "POST", LLM, "{\"prompt\":\"total?\",\"file_urls\":[\"" + base + "/broken.pdf\"]}");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("cannot be read as a PDF"), r.body());
            assertEquals(1, stub.requests().size());
        }
    }

    private static HttpResponse<String> raw(TestServer server, String token, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

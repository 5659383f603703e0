package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.integrations.CoreIntegrations;
import dev.homebase.sdk.integrations.CustomIntegrationResult;
import dev.homebase.sdk.integrations.InvokeLlmRequest;
import dev.homebase.sdk.integrations.SendEmailRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrationsTest {
    record Summary(String title, List<String> tags) {
    }

    private RecordingServer server;
    private Base44Client client;
    private CoreIntegrations core;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1").token("u")
                .serviceToken("s").build());
        core = client.integrations().core();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private RecordingServer.Recorded expectCore(String endpoint) {
        RecordingServer.Recorded r = server.take();
        assertEquals("POST", r.method());
        assertEquals("/api/apps/app1/integration-endpoints/Core/" + endpoint, r.rawPath());
        return r;
    }

    @Test
    void invokeLlmTextAndTyped() {
        server.respondJson("\"Hello there\"");
        assertEquals("Hello there", core.invokeLLM("Say hi"));
        assertEquals("{\"prompt\":\"Say hi\"}", expectCore("InvokeLLM").text());

        server.respondJson("{\"title\":\"T\",\"tags\":[\"a\"]}");
        InvokeLlmRequest request = InvokeLlmRequest.of("Summarise")
                .withModel("gpt_5_mini")
                .withInternetContext(true)
                .withResponseJsonSchema(Map.of("type", "object"))
                .withFileUrls(List.of("https://f/1.pdf"));
        Summary s = core.invokeLLM(request, Summary.class);
        assertEquals(new Summary("T", List.of("a")), s);
        assertEquals("{\"prompt\":\"Summarise\",\"model\":\"gpt_5_mini\",\"add_context_from_internet\":true,"
                + "\"response_json_schema\":{\"type\":\"object\"},\"file_urls\":[\"https://f/1.pdf\"]}",
                expectCore("InvokeLLM").text());
    }

    @Test
    void sendEmail() {
        core.sendEmail("a@b.c", "Hi", "<b>x</b>");
        assertEquals("{\"to\":\"a@b.c\",\"subject\":\"Hi\",\"body\":\"<b>x</b>\"}", expectCore("SendEmail").text());
        core.sendEmail(new SendEmailRequest("a@b.c", "S", "B", "Shop"));
        assertEquals("Shop", expectCore("SendEmail").json().path("from_name").asText());
    }

    @Test
    void uploadsAreMultipart(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("pic.png");
        Files.write(png, new byte[] {1, 2, 3});
        server.respondJson("{\"file_url\":\"https://media/x.png\"}");
        assertEquals("https://media/x.png", core.uploadFile(png));
        RecordingServer.Recorded up = expectCore("UploadFile");
        assertTrue(up.header("Content-Type").startsWith("multipart/form-data; boundary="));
        assertTrue(up.text().contains("name=\"file\"; filename=\"pic.png\""), up.text());

        server.respondJson("{\"file_uri\":\"private/abc.txt\"}");
        assertEquals("private/abc.txt", core.uploadPrivateFile(FilePart.of("abc.txt", "x".getBytes(StandardCharsets.UTF_8))));
        assertTrue(expectCore("UploadPrivateFile").text().contains("filename=\"abc.txt\""));
    }

    @Test
    void signedUrlImageAndExtraction() {
        server.respondJson("{\"signed_url\":\"https://s\"}");
        assertEquals("https://s", core.createFileSignedUrl("private/abc.txt"));
        assertEquals("{\"file_uri\":\"private/abc.txt\"}", expectCore("CreateFileSignedUrl").text());
        server.respondJson("{\"signed_url\":\"https://s2\"}");
        assertEquals("https://s2", core.createFileSignedUrl("k", 60));
        assertEquals("{\"file_uri\":\"k\",\"expires_in\":60}", expectCore("CreateFileSignedUrl").text());

        server.respondJson("{\"url\":\"https://img\"}");
        assertEquals("https://img", core.generateImage("a cat"));
        assertEquals("{\"prompt\":\"a cat\"}", expectCore("GenerateImage").text());

        server.respondJson("{\"status\":\"success\",\"output\":{\"n\":1}}");
        JsonNode out = core.extractDataFromUploadedFile("https://f", Map.of("type", "object"));
        assertEquals(1, out.path("output").path("n").asInt());
        assertEquals("{\"file_url\":\"https://f\",\"json_schema\":{\"type\":\"object\"}}",
                expectCore("ExtractDataFromUploadedFile").text());

        core.invoke("Anything", Map.of("a", 1));
        expectCore("Anything");
    }

    record Extracted(int n) {}

    @Test
    void typedExtractionReadsTheEnvelopeOrTheBareAnswer() {
        server.respondJson("{\"n\":1,\"status\":\"success\",\"details\":null,\"output\":{\"n\":1}}");
        assertEquals(new Extracted(1), core.extractDataFromUploadedFile("https://f", Map.of("type", "object"), Extracted.class));
        expectCore("ExtractDataFromUploadedFile");
        server.respondJson("{\"n\":2}"); // a server that answers the bare object
        assertEquals(new Extracted(2), core.extractDataFromUploadedFile("https://f", Map.of("type", "object"), Extracted.class));
        expectCore("ExtractDataFromUploadedFile");
        server.respondJson("{\"status\":\"error\",\"details\":\"row 3, column \\\"n\\\": \\\"x\\\" is not a number\",\"output\":null}");
        Base44Exception e = assertThrows(Base44Exception.class,
                () -> core.extractDataFromUploadedFile("https://f", Map.of("type", "object"), Extracted.class));
        assertEquals("extraction_failed", e.code());
        assertEquals("row 3, column \"n\": \"x\" is not a number", e.getMessage());
        assertEquals("error", e.data().path("status").asText());
        expectCore("ExtractDataFromUploadedFile");
        server.respondJson("{\"status\":\"success\",\"details\":null,\"output\":[{\"n\":4}]}");
        assertEquals(4, core.extractDataFromUploadedFileAsync("https://f", Map.of(), Extracted[].class).join()[0].n());
        expectCore("ExtractDataFromUploadedFile");
    }

    @Test
    void genericInvokeRoutesCoreAndInstallablePackages() {
        client.integrations().invoke("Core", "SendEmail", Map.of("to", "x"));
        expectCore("SendEmail");
        client.integrations().invoke("Slack", "PostMessage", Map.of("text", "hi"));
        RecordingServer.Recorded r = server.take();
        assertEquals("/api/apps/app1/integration-endpoints/installable/Slack/integration-endpoints/PostMessage", r.rawPath());
        assertEquals("{\"text\":\"hi\"}", r.text());

        server.respondJson("{\"title\":\"x\",\"tags\":[]}");
        assertEquals("x", client.integrations().invoke("Pkg", "E", null, Summary.class).title());
        assertEquals(0, server.take().body().length, "null data sends no body");
    }

    @Test
    void stringDataIsRejected() throws InterruptedException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.integrations().invoke("Core", "SendEmail", "to me"));
        assertEquals("Integration SendEmail must receive an object with named parameters, received: to me", e.getMessage());
        assertNull(server.poll(100));
    }

    @Test
    void serviceRoleIntegrationsSendOnBehalfOf() {
        client.asServiceRole().integrations().core().invoke("SendEmail", Map.of());
        RecordingServer.Recorded r = server.take();
        assertEquals("Bearer s", r.header("Authorization"));
        assertEquals("Bearer u", r.header("on-behalf-of"));
    }

    @Test
    void customIntegrationRenamesParamsAndKeepsOperationPath() {
        server.respondJson("{\"success\":false,\"status_code\":404,\"data\":{\"m\":\"nf\"}}");
        CustomIntegrationResult r = client.integrations().custom().call("github", "get:/repos/{owner}/{repo}",
                Map.of("pathParams", Map.of("owner", "o"), "queryParams", Map.of("q", 1), "payload", Map.of()));
        RecordingServer.Recorded req = server.take();
        assertEquals("/api/apps/app1/integrations/custom/github/get:/repos/%7Bowner%7D/%7Brepo%7D", req.rawPath());
        JsonNode body = req.json();
        assertEquals("o", body.path("path_params").path("owner").asText());
        assertEquals(1, body.path("query_params").path("q").asInt());
        assertTrue(body.has("payload"));
        assertFalse(body.has("pathParams"));
        assertFalse(r.success());
        assertEquals(404, r.statusCode());
        assertEquals("nf", r.data().path("m").asText());

        client.integrations().custom().call("s", "op");
        assertEquals("{}", server.take().text());
    }

    @Test
    void customIntegrationArgumentChecks() {
        assertEquals("Integration slug is required and cannot be empty", assertThrows(IllegalArgumentException.class,
                () -> client.integrations().custom().call(" ", "op")).getMessage());
        assertEquals("Operation ID is required and cannot be empty", assertThrows(IllegalArgumentException.class,
                () -> client.integrations().custom().call("s", null)).getMessage());
    }
}

package dev.homebase.server.http;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.FilePart;
import dev.homebase.sdk.integrations.SendEmailRequest;
import dev.homebase.server.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java SDK's {@code integrations().core()} for files and mail against a real server, on both databases:
 * upload from a {@code Path} and from bytes, private files and their signed URLs, SendEmail, and refusals as
 * {@link Base44Exception}.
 */
class SdkFilesEndToEndTest {
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    private static final String APP = "apitest";
    private static final String ADMIN = "boss@example.test";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void coreFilesAndMailThroughTheJavaSdk(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(TestServer.copyFixture("apitest"), TestDatabases.freshUrl(kind),
                TestServer.fastAuth().withAdmin(ADMIN, PASSWORD).withSmtp(MAIL.settings()))) {
            String url = "http://127.0.0.1:" + server.port();
            Base44Client admin = Base44.createClient(ClientConfig.builder().serverUrl(url).appId(APP).build());
            admin.auth().loginViaEmailPassword(ADMIN, PASSWORD);
            MediaClient http = new MediaClient(server.port());

            Path photo = TempDirs.file("photo", ".png");
            byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
            Files.write(photo, bytes);
            String fromPath = admin.integrations().core().uploadFile(photo);
            assertTrue(fromPath.startsWith(url + "/media/") && fromPath.endsWith(".png"), fromPath);
            HttpResponse<byte[]> got = http.get(fromPath);
            assertArrayEquals(bytes, got.body());
            assertEquals("image/png", got.headers().firstValue("Content-Type").orElseThrow());

            String fromBytes = admin.integrations().core().uploadFile(FilePart.of("notes.txt", "hello".getBytes()));
            assertEquals("hello", new String(http.get(fromBytes).body()));

            String uri = admin.integrations().core().uploadPrivateFile(FilePart.of("secret.pdf", "%PDF".getBytes()));
            String signed = admin.integrations().core().createFileSignedUrl(uri, 120);
            assertEquals("%PDF", new String(http.get(signed).body()));
            Base44Exception unknown = assertThrows(Base44Exception.class,
                    () -> admin.integrations().core().createFileSignedUrl("00000000-0000-0000-0000-000000000000.pdf"));
            assertEquals(404, unknown.status());

            JsonNode sent = admin.integrations().core().sendEmail(new SendEmailRequest(ADMIN, "From the SDK", "<p>Hi</p>", "SDK"));
            assertTrue(sent.get("success").asBoolean());
            assertEquals(sent.get("message_id").asText(), MAIL.latest(ADMIN).getMessageID());

            Base44Client anonymous = Base44.createClient(ClientConfig.builder().serverUrl(url).appId(APP).build());
            Base44Exception refused = assertThrows(Base44Exception.class,
                    () -> anonymous.integrations().core().uploadFile(FilePart.of("a.txt", "x".getBytes())));
            assertEquals(401, refused.status());
            Base44Exception empty = assertThrows(Base44Exception.class,
                    () -> admin.integrations().core().uploadFile(FilePart.of("e.txt", new byte[0])));
            assertEquals(400, empty.status());
            // ExtractDataFromUploadedFile reads only files of this server: a file_url that is not one is a 400 (ExtractApiTest has the rest).
            assertEquals(400, assertThrows(Base44Exception.class, () -> admin.integrations().core().invoke("ExtractDataFromUploadedFile", Map.of("file_url", "x", "json_schema", Map.of()))).status());
        }
    }
}

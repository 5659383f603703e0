package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.integrations.InvokeLlmRequest;
import dev.homebase.server.ai.ProviderStub;
import dev.homebase.server.store.TestDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java SDK's {@code integrations().core()} InvokeLLM and GenerateImage against a real server and provider stub, on both databases. */
class SdkAiEndToEndTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";

    /** The typed result of the schema below. */
    public record City(String city, int population) {}

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void invokeLlmThroughTheSdk(TestDatabases.Kind kind) throws Exception {
        try (ProviderStub stub = new ProviderStub();
             TestServer server = new TestServer(TestServer.copyFixture("aitest"), TestDatabases.freshUrl(kind),
                     TestServer.fastAuth().withAdmin(ADMIN, PASSWORD), stub.settings())) {
            String url = "http://127.0.0.1:" + server.port();
            Base44Client client = Base44.createClient(ClientConfig.builder().serverUrl(url).appId("aitest").build());
            client.auth().loginViaEmailPassword(ADMIN, PASSWORD);

            assertEquals("stub says: Hello", client.integrations().core().invokeLLM("Hello"));

            stub.enqueue(ProviderStub.chat("{\"city\":\"Lyon\",\"population\":513275}"));
            InvokeLlmRequest request = InvokeLlmRequest.of("Biggest city?").withModel("gpt_5_mini")
                    .withResponseJsonSchema(Map.of("type", "object", "properties",
                            Map.of("city", Map.of("type", "string"), "population", Map.of("type", "integer")),
                            "required", List.of("city", "population")));
            City city = client.integrations().core().invokeLLM(request, City.class);
            assertEquals(new City("Lyon", 513275), city);
            JsonNode sent = stub.requests().get(1).body();
            assertEquals("stub-mini", sent.get("model").asText());
            assertEquals("json_schema", sent.at("/response_format/type").asText());

            String image = client.integrations().core().generateImage("a red square");
            assertTrue(image.startsWith(url + "/media/"), image); // an ordinary public file

            Base44Exception anonymous = assertThrows(Base44Exception.class, () -> Base44.createClient(
                    ClientConfig.builder().serverUrl(url).appId("aitest").build()).integrations().core().invokeLLM("hi"));
            assertEquals(401, anonymous.status());
            assertTrue(anonymous.getMessage().contains("allowAnonymous"), anonymous.getMessage());
            Base44Exception internet = assertThrows(Base44Exception.class,
                    () -> client.integrations().core().invokeLLM(InvokeLlmRequest.of("news?").withInternetContext(true)));
            assertEquals(400, internet.status());
        }
    }
}

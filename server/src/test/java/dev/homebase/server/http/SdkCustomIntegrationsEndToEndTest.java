package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.integrations.CustomIntegrationResult;
import dev.homebase.server.integrations.custom.UpstreamStub;
import dev.homebase.server.store.TestDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java SDK's {@code integrations().custom()} against a real server and upstream stub, on both databases. */
class SdkCustomIntegrationsEndToEndTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void customCallsThroughTheSdk(TestDatabases.Kind kind) throws Exception {
        try (UpstreamStub stub = new UpstreamStub();
             TestServer server = new TestServer(CustomIntegrationsApiTest.project(stub), TestDatabases.freshUrl(kind),
                     TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            assertEquals(0, dev.homebase.server.cli.HomebaseCommand.run("secrets", "set", "STUB_KEY=sdk-key", "-p", server.dir().toString(),
                    "--db", server.databaseUrl()));
            String url = "http://127.0.0.1:" + server.port();
            Base44Client client = Base44.createClient(ClientConfig.builder().serverUrl(url).appId("customtest").build());
            client.auth().loginViaEmailPassword(ADMIN, PASSWORD);

            CustomIntegrationResult repo = client.integrations().custom().call("stub", "get:/echo/repos/{owner}/{repo}", Map.of(
                    "pathParams", Map.of("owner", "o w", "repo", "r"), "queryParams", Map.of("tags", List.of("a", "b")),
                    "headers", Map.of("X-Trace", "sdk")));
            assertTrue(repo.success());
            assertEquals(200, repo.statusCode());
            assertEquals("/v1/echo/repos/o%20w/r", repo.data().get("path").asText());
            assertEquals("tags=a&tags=b", stub.last().query());
            assertEquals("Key sdk-key", stub.last().header("X-Api-Key"));
            assertEquals("sdk", stub.last().header("X-Trace"));

            CustomIntegrationResult created = client.integrations().custom().callAsync("stub", "createItem", Map.of("payload", Map.of("a", 1)))
                    .get();
            assertEquals(201, created.statusCode());
            assertEquals(7, created.data().get("id").asInt());
            assertEquals("{\"a\":1}", stub.last().body());

            CustomIntegrationResult missing = client.integrations().custom().call("stub", "missing");
            assertFalse(missing.success());
            assertEquals(404, missing.statusCode());

            Base44Exception unknown = assertThrows(Base44Exception.class, () -> client.integrations().custom().call("nope", "get:/x"));
            assertEquals(404, unknown.status());
            assertEquals("Custom integration 'nope' not found in workspace", unknown.getMessage());
            Base44Exception bad = assertThrows(Base44Exception.class, () -> client.integrations().custom().call("stub", "getRepo"));
            assertEquals(400, bad.status());
            assertTrue(bad.getMessage().startsWith("Missing required path parameter"), bad.getMessage());
            Base44Exception anonymous = assertThrows(Base44Exception.class, () -> Base44.createClient(
                    ClientConfig.builder().serverUrl(url).appId("customtest").build()).integrations().custom().call("stub", "missing"));
            assertEquals(401, anonymous.status());
        }
    }
}

package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.integrations.custom.UpstreamStub;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Custom integrations (api-contract §7.4) over real HTTP, against a real upstream HTTP server that records what
 * arrives, on both databases: parameters placed per the OpenAPI document, the auth header from the app's secrets,
 * the §7.4 answers and errors, redirects, the address rule, time and size limits, who may call.
 */
class CustomIntegrationsApiTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final String CUSTOM = "/api/apps/customtest/integrations/custom/";

    /** Writes the integration files of the fixture with the stub's port. */
    static Path project(UpstreamStub stub) throws Exception {
        Path dir = TestServer.copyFixture("customtest");
        Path integrations = dir.resolve("base44/integrations");
        String local = "http://127.0.0.1:" + stub.port() + "/v1";
        Files.writeString(integrations.resolve("stub.jsonc"), """
                // The stub by its address: a loopback address written in base_url is allowed.
                {"spec": "stub.openapi.yaml", "base_url": "%s",
                 "auth": {"header": "X-Api-Key", "secret": "STUB_KEY", "prefix": "Key "},
                 "timeout_seconds": 1, "max_response_bytes": 1024}
                """.formatted(local));
        Files.writeString(integrations.resolve("open.jsonc"), "{\"spec\": \"stub.openapi.yaml\", \"base_url\": \"" + local + "\"}");
        // The same stub by a name that resolves to 127.0.0.1: refused.
        Files.writeString(integrations.resolve("byname.jsonc"), "{\"spec\": \"stub.openapi.yaml\", \"base_url\": \"http://localhost:"
                + stub.port() + "/v1\"}");
        return dir;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void callsTheOperationWithItsParametersAndTheSecret(TestDatabases.Kind kind) throws Exception {
        try (UpstreamStub stub = new UpstreamStub();
             TestServer server = new TestServer(project(stub), TestDatabases.freshUrl(kind), TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String admin = server.login("customtest", ADMIN, PASSWORD);
            String call = "{\"path_params\":{\"owner\":\"a b/c\",\"repo\":\"r\"},\"query_params\":{\"per_page\":5,\"tags\":[\"x\",\"y\"]},"
                    + "\"headers\":{\"X-Trace\":\"t1\"}}";

            // The secret is not set yet: 503 naming it, and nothing is sent.
            TestServer.Response r = server.sendAs(admin, "POST", CUSTOM + "stub/getRepo", call);
            assertEquals(503, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("homebase secrets set STUB_KEY"), r.body());
            assertEquals(0, stub.requests().size());
            assertEquals(0, dev.homebase.server.cli.HomebaseCommand.run("secrets", "set", "STUB_KEY=s3cr3t", "-p", server.dir().toString(),
                    "--db", server.databaseUrl()));

            // As the official client sends it: method:path, unencoded except the braces.
            r = server.sendAs(admin, "POST", CUSTOM + "stub/get:/echo/repos/%7Bowner%7D/%7Brepo%7D", call);
            assertEquals(200, r.status(), r.body());
            assertTrue(r.json().get("success").asBoolean());
            assertEquals(200, r.json().get("status_code").asInt());
            assertEquals("GET", r.json().at("/data/method").asText());
            UpstreamStub.Recorded sent = stub.last();
            assertEquals("/v1/echo/repos/a%20b%2Fc/r", sent.path(), "path parameters are one encoded segment each");
            assertEquals("per_page=5&tags=x&tags=y", sent.query());
            assertEquals("Key s3cr3t", sent.header("X-Api-Key"));
            assertEquals("t1", sent.header("X-Trace"));
            assertEquals("application/json", sent.header("Accept"));

            // By operationId too.
            r = server.sendAs(admin, "POST", CUSTOM + "stub/getRepo", call);
            assertEquals(200, r.status(), r.body());
            assertEquals("/v1/echo/repos/a%20b%2Fc/r", stub.last().path());

            // A JSON body, a 201; a form body.
            r = server.sendAs(admin, "POST", CUSTOM + "stub/createItem", "{\"payload\":{\"title\":\"Hi\",\"n\":[1,2]}}");
            assertEquals(200, r.status(), r.body());
            assertEquals("{\"success\":true,\"status_code\":201,\"data\":{\"id\":7}}", r.body());
            assertEquals("POST", stub.last().method());
            assertEquals("{\"title\":\"Hi\",\"n\":[1,2]}", stub.last().body());
            assertTrue(stub.last().header("Content-Type").startsWith("application/json"), stub.last().header("Content-Type"));
            r = server.sendAs(admin, "POST", CUSTOM + "stub/post:/echo/form", "{\"payload\":{\"a\":1,\"b\":\"x y&z\"}}");
            assertEquals(200, r.status(), r.body());
            assertEquals("a=1&b=x%20y%26z", stub.last().body());
            assertTrue(stub.last().header("Content-Type").startsWith("application/x-www-form-urlencoded"));

            // Upstream errors are answers, not errors; text stays text.
            r = server.sendAs(admin, "POST", CUSTOM + "stub/missing", null);
            assertEquals(200, r.status(), r.body());
            assertEquals("{\"success\":false,\"status_code\":404,\"data\":{\"error\":\"no such thing\"}}", r.body());
            r = server.sendAs(admin, "POST", CUSTOM + "stub/get:/text", "{}");
            assertEquals("hello", r.json().get("data").asText());

            // A redirect on the same host is followed (with the auth header); to another host it is refused.
            r = server.sendAs(admin, "POST", CUSTOM + "stub/get:/here", "{}");
            assertEquals(200, r.status(), r.body());
            assertEquals("/v1/echo/redirected", r.json().at("/data/path").asText());
            assertEquals("Key s3cr3t", stub.last().header("X-Api-Key"));
            int before = stub.requests().size();
            r = server.sendAs(admin, "POST", CUSTOM + "stub/get:/away", "{}");
            assertEquals(502, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("redirected to another host (http://localhost:" + stub.port() + ")"), r.body());
            assertEquals(before + 1, stub.requests().size(), "the redirect is not followed");

            // Limits: time (1 s) and size (1024 bytes).
            r = server.sendAs(admin, "POST", CUSTOM + "stub/get:/slow", "{}");
            assertEquals(504, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("did not answer within 1 s"), r.body());
            r = server.sendAs(admin, "POST", CUSTOM + "stub/get:/big", "{}");
            assertEquals(502, r.status(), r.body());
            assertTrue(r.json().get("message").asText().contains("larger than 1024 bytes"), r.body());

            // A name that resolves to a private address is refused before any connection.
            before = stub.requests().size();
            r = server.sendAs(admin, "POST", CUSTOM + "byname/get:/text", "{}");
            assertEquals(502, r.status(), r.body());
            assertTrue(r.json().get("message").asText().startsWith("Failed to connect to external API: localhost resolves to "), r.body());
            assertEquals(before, stub.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void unknownNamesBadParametersAndCallers(TestDatabases.Kind kind) throws Exception {
        try (UpstreamStub stub = new UpstreamStub();
             TestServer server = new TestServer(project(stub), TestDatabases.freshUrl(kind), TestServer.fastAuth().withAdmin(ADMIN, PASSWORD))) {
            String service = server.serviceToken();
            record Case(String path, String body, int status, String message) {}
            for (Case c : new Case[] {
                    new Case("nope/get:/text", "{}", 404, "Custom integration 'nope' not found in workspace"),
                    new Case("open/get:/nope", "{}", 404, "Operation 'get:/nope' not found in integration 'open'"),
                    new Case("open/delete:/text", "{}", 404, "Operation 'delete:/text' not found in integration 'open'"),
                    new Case("open/getRepo", "{\"path_params\":{\"owner\":\"o\"},\"headers\":{\"X-Trace\":\"t\"}}", 400,
                            "Missing required path parameter 'repo' for operation 'get:/echo/repos/{owner}/{repo}'"),
                    new Case("open/getRepo", "{\"path_params\":{\"owner\":\"o\",\"repo\":\"r\"}}", 400,
                            "Missing required header parameter 'X-Trace' for operation 'get:/echo/repos/{owner}/{repo}'"),
                    new Case("open/getRepo", "{\"path_params\":{\"owner\":\"..\",\"repo\":\"r\"},\"headers\":{\"X-Trace\":\"t\"}}", 400,
                            "path_params.owner cannot be empty, \".\" or \"..\""),
                    new Case("open/getRepo", "{\"path_params\":{\"owner\":\"o\",\"repo\":\"r\",\"x\":1},\"headers\":{\"X-Trace\":\"t\"}}", 400,
                            "path_params.x is not a path parameter of operation 'get:/echo/repos/{owner}/{repo}'"),
                    new Case("open/get:/echo/search", "{\"query_params\":{\"q\":null}}", 400,
                            "Missing required query parameter 'q' for operation 'get:/echo/search'"),
                    new Case("open/createItem", "{}", 400, "Missing required payload (the request body) for operation 'post:/created'"),
                    new Case("open/get:/text", "{\"payload\":{\"a\":1}}", 400, "Operation 'get:/text' takes no request body (payload)"),
                    new Case("open/get:/text", "{\"path_params\":[1]}", 400, "path_params must be an object"),
                    new Case("open/get:/text", "{\"headers\":{\"Host\":\"evil\"}}", 400, "headers: Host is set by the server"),
                    new Case("stub/get:/text", "{\"headers\":{\"x-api-key\":\"mine\"}}", 400, "headers: x-api-key is set by the integration (its auth header)"),
                    new Case("open/get:/text", "{\"headers\":{\"X-A\":\"a\\r\\nX-B: b\"}}", 400, "headers.X-A must not contain line breaks"),
                    new Case("open/get:/text", "[1]", 400, "Request body must be a JSON object")}) {
                TestServer.Response r = server.sendAs(service, "POST", CUSTOM + c.path(), c.body());
                assertEquals(c.status(), r.status(), c.path() + " " + c.body() + ": " + r.body());
                assertEquals(c.message(), r.json().get("message").asText(), c.path() + " " + c.body());
                assertEquals(c.message(), r.json().get("detail").asText());
            }
            assertEquals(0, stub.requests().size(), "no bad call reached the upstream");

            // Who may call: anonymous only where the app allows it ("custom/open"); an invalid token never.
            TestServer.Response anonymous = server.sendAs(null, "POST", CUSTOM + "stub/get:/text", "{}");
            assertEquals(401, anonymous.status(), anonymous.body());
            assertTrue(anonymous.json().get("message").asText().contains("\"allowAnonymous\": [\"custom/stub\"]"), anonymous.body());
            assertEquals(401, server.sendAs("garbage", "POST", CUSTOM + "open/get:/text", "{}").status());
            TestServer.Response open = server.sendAs(null, "POST", CUSTOM + "open/get:/text", "{}");
            assertEquals(200, open.status(), open.body());
            assertFalse(stub.last().headers().containsKey("x-api-key"), "no auth configured, none sent");
            assertEquals(404, server.sendAs(null, "POST", "/api/apps/nope/integrations/custom/open/get:/text", "{}").status());
            JsonNode wrongMethod = server.sendAs(service, "GET", CUSTOM + "open/get:/text", null).json();
            assertEquals("not_found", wrongMethod.get("code").asText());
        }
    }
}

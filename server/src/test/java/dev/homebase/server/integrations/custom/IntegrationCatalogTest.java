package dev.homebase.server.integrations.custom;

import dev.homebase.server.AppOptions;
import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.App;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.project.ProjectException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code base44/integrations/*.jsonc} and their OpenAPI documents: what is accepted, and the start errors naming the file. */
class IntegrationCatalogTest {
    private static final String SPEC = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            servers:
              - url: https://{region}.api.example.com/v2
                variables:
                  region: {default: eu}
            paths:
              /things/{id}:
                get:
                  operationId: getThing
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: full, in: query, required: true, schema: {type: boolean}}
                  responses: {"200": {description: ok}}
                delete:
                  responses: {"204": {description: gone}}
            """;

    private static Path project(String... nameAndContent) throws Exception {
        Path dir = TempDirs.create("homebase-custom");
        Path integrations = Files.createDirectories(dir.resolve("base44/integrations"));
        Files.writeString(dir.resolve("base44/.app.jsonc"), "{\"id\": \"cat\"}");
        for (int i = 0; i < nameAndContent.length; i += 2) Files.writeString(integrations.resolve(nameAndContent[i]), nameAndContent[i + 1]);
        return dir;
    }

    @Test
    void readsTheFilesAndTheirDocuments() throws Exception {
        assertTrue(IntegrationCatalog.load(TempDirs.create("homebase-none")).slugs().isEmpty(), "no folder: none");
        Path dir = project("things.yaml", SPEC,
                "things.jsonc", "// defaults from the document\n{\"spec\": \"things.yaml\",}",
                "local.jsonc", "{\"spec\": \"things.yaml\", \"base_url\": \"http://10.0.0.7:8080/api/\", \"timeout_seconds\": 5,"
                        + " \"auth\": {\"header\": \"Authorization\", \"secret\": \"THINGS_TOKEN\", \"prefix\": \"Bearer \"}}",
                ".hidden.jsonc", "not even JSON", "notes.txt", "ignored");
        IntegrationCatalog catalog = IntegrationCatalog.load(dir);
        assertEquals(List.of("local", "things"), List.copyOf(catalog.slugs()));
        CustomIntegration things = catalog.find("things").orElseThrow();
        assertEquals("https://eu.api.example.com/v2", things.baseUrl().toString(), "servers[0] with its variables' defaults");
        assertFalse(things.auth().isPresent());
        assertEquals(30, things.timeout().toSeconds());
        OpenApiOperations.Operation get = things.operations().find("get:/things/{id}").orElseThrow();
        assertEquals(get, things.operations().find("getThing").orElseThrow());
        assertEquals(get, things.operations().find("GET:/things/{id}").orElseThrow(), "the method in any case");
        assertEquals(List.of(new OpenApiOperations.Param("id", "path", true), new OpenApiOperations.Param("full", "query", true)), get.params());
        assertTrue(things.operations().find("delete:/things/{id}").isPresent());
        assertTrue(things.operations().find("post:/things/{id}").isEmpty());
        CustomIntegration local = catalog.find("local").orElseThrow();
        assertEquals("http://10.0.0.7:8080/api", local.baseUrl().toString());
        assertEquals(new CustomIntegration.Auth("Authorization", "THINGS_TOKEN", "Bearer "), local.auth().orElseThrow());
        assertEquals(5, local.timeout().toSeconds());
        // A JSON document works the same.
        Path json = project("t.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/x\":{\"post\":"
                + "{\"requestBody\":{\"content\":{\"application/x-www-form-urlencoded\":{}}},\"responses\":{}}}}}",
                "t.jsonc", "{\"spec\": \"t.json\", \"base_url\": \"https://api.example.com\"}");
        OpenApiOperations.Operation post = IntegrationCatalog.load(json).find("t").orElseThrow().operations().find("post:/x").orElseThrow();
        assertEquals("application/x-www-form-urlencoded", post.bodyType());
    }

    @Test
    void badFilesStopTheStartNamingTheFile() throws Exception {
        record Bad(String file, String content, String message) {}
        String base = "\"spec\": \"things.yaml\"";
        for (Bad bad : new Bad[] {
                new Bad("a.jsonc", "{\"spec\": ", "a.jsonc: invalid JSON"),
                new Bad("a.jsonc", "[]", "a.jsonc: must contain a JSON object"),
                new Bad("a.jsonc", "{}", "a.jsonc: \"spec\" is required"),
                new Bad("a.jsonc", "{" + base + ", \"baseUrl\": \"x\"}", "a.jsonc: unknown key \"baseUrl\""),
                new Bad("a.jsonc", "{\"spec\": \"nope.yaml\"}", "a.jsonc: \"spec\": no file"),
                new Bad("a.jsonc", "{\"spec\": \"../config.jsonc\"}", "a.jsonc: \"spec\" must name a file inside"),
                new Bad("a.jsonc", "{\"spec\": \"v2.yaml\"}", "v2.yaml: not an OpenAPI 3 document"),
                new Bad("a.jsonc", "{\"spec\": \"relative.yaml\"}", "a.jsonc: the OpenAPI document's servers[0].url (set \"base_url\" to"
                        + " override it) must be an absolute http(s) URL with a host, got \"/v1\""),
                new Bad("a.jsonc", "{" + base + ", \"base_url\": \"ftp://x.example\"}", "a.jsonc: \"base_url\" must be an absolute http(s) URL"),
                new Bad("a.jsonc", "{" + base + ", \"base_url\": \"https://u:p@x.example\"}", "a.jsonc: \"base_url\" must not contain user info"),
                new Bad("a.jsonc", "{" + base + ", \"auth\": {\"header\": \"X-Key\"}}", "a.jsonc: \"auth.secret\" must name an app secret"),
                new Bad("a.jsonc", "{" + base + ", \"auth\": {\"header\": \"Host\", \"secret\": \"K\"}}", "a.jsonc: \"auth.header\" cannot be Host"),
                new Bad("a.jsonc", "{" + base + ", \"auth\": \"K\"}", "a.jsonc: \"auth\" must be {"),
                new Bad("a.jsonc", "{" + base + ", \"timeout_seconds\": 0}", "a.jsonc: \"timeout_seconds\" must be a whole number from 1 to 300"),
                new Bad("a.jsonc", "{\"spec\": \"dup.yaml\", \"base_url\": \"https://x.example\"}", "dup.yaml: operationId \"same\" is used by both"),
                new Bad("a.jsonc", "{\"spec\": \"empty.yaml\", \"base_url\": \"https://x.example\"}", "empty.yaml: the OpenAPI document has no operations"),
                new Bad("bad name.jsonc", "{" + base + "}", "bad name.jsonc: the file name is the integration's slug")}) {
            Path dir = project("things.yaml", SPEC, bad.file(), bad.content(),
                    "v2.yaml", "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths: {}\n",
                    "relative.yaml", "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\nservers: [{url: /v1}]\npaths: {/x: {get: {responses: {}}}}\n",
                    "dup.yaml", "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /x: {get: {operationId: same, responses: {}}}\n"
                            + "  /y: {get: {operationId: same, responses: {}}}\n",
                    "empty.yaml", "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n");
            ProjectException e = assertThrows(ProjectException.class, () -> IntegrationCatalog.load(dir), bad.content());
            assertTrue(e.getMessage().contains(bad.message()), bad.content() + " -> " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        // The server does not start on one.
        Path dir = project("things.yaml", SPEC, "a.jsonc", "{\"spec\": \"things.yaml\", \"timeout_seconds\": \"soon\"}");
        ProjectException e = assertThrows(ProjectException.class, () -> App.start(new ServerConfig(List.of(dir), "127.0.0.1", 0,
                dir.resolve(".homebase"), "sqlite:" + dir.resolve(".homebase/hb.db")), AppOptions.defaults()));
        assertTrue(e.getMessage().endsWith("a.jsonc: \"timeout_seconds\" must be a whole number from 1 to 300"), e.getMessage());
    }

    @Test
    void addressRule() throws Exception {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                "64:ff9b::a00:1", "2002:a00:1::"}) {
            assertFalse(AddressPolicy.isPublic(InetAddress.getByName(address)), address);
        }
        for (String address : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808"}) {
            assertTrue(AddressPolicy.isPublic(InetAddress.getByName(address)), address);
        }
        assertTrue(AddressPolicy.isLiteral("127.0.0.1"));
        assertTrue(AddressPolicy.isLiteral("[::1]"));
        assertFalse(AddressPolicy.isLiteral("localhost"));
        // Written as an address: allowed as written. By a name that resolves to loopback: refused.
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), AddressPolicy.resolve("127.0.0.1"));
        CustomIntegrationException refused = assertThrows(CustomIntegrationException.class, () -> AddressPolicy.resolve("localhost"));
        assertEquals(502, refused.status());
        assertTrue(refused.getMessage().contains("write the address itself in base_url"), refused.getMessage());
    }
}

package dev.homebase.server.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.project.ProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code base44/connectors/<type>.jsonc}: built-in defaults, full declarations, and errors naming the file. */
class ConnectorConfigTest {
    @TempDir
    Path project;

    private Path write(String name, String content) throws Exception {
        Path dir = Files.createDirectories(project.resolve("base44/connectors"));
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void builtInTypesNeedOnlyTheClientAndCustomTypesDeclareEverything() throws Exception {
        write("googlesheets.jsonc", "// comment\n{ \"clientId\": \"g\", \"clientSecretName\": \"G_SECRET\", \"scopes\": [\"s\"], }");
        write("acme.jsonc", """
                { "clientId": "a", "clientSecretName": "A", "authorizationUrl": "https://acme.example/auth",
                  "tokenUrl": "https://acme.example/token", "hosts": ["API.acme.example", "http://127.0.0.1:8080"],
                  "allowedHeaders": ["X-Acme"] }""");
        Map<String, ConnectorConfig> all = ConnectorConfig.load(project);
        ConnectorConfig g = all.get("googlesheets");
        assertEquals("https://oauth2.googleapis.com/token", g.tokenUrl().toString());
        assertTrue(g.hosts().containsKey("sheets.googleapis.com"));
        assertEquals("offline", g.authorizationParams().get("access_type"));
        ConnectorConfig a = all.get("acme");
        assertEquals("api.acme.example", a.defaultHost());
        assertEquals("http://127.0.0.1:8080", a.hosts().get("127.0.0.1:8080").toString());
        assertTrue(a.forwards("x-acme") && a.forwards("Content-Type"));
        assertFalse(a.forwards("Authorization") || a.forwards("Cookie") || a.forwards("X-Other"));
    }

    @Test
    void badDeclarationsStopTheStartNamingTheFile() throws Exception {
        String[][] cases = {
                {"acme.jsonc", "{ \"clientId\": \"a\", \"clientSecretName\": \"A\" }", "\"authorizationUrl\" is required"},
                {"slack.jsonc", "{ \"clientId\": \"a\", \"clientSecretName\": \"xoxb-secret value\" }", "NAME of an app secret"},
                {"slack.jsonc", "{ \"clientId\": \"a\", \"clientSecretName\": \"A\", \"secret\": 1 }", "unknown key \"secret\""},
                {"slack.jsonc", "{ \"clientId\": \"a\", \"clientSecretName\": \"A\", \"hosts\": [\"https://x.example/path\"] }", "\"hosts\""},
                {"slack.jsonc", "{ \"clientId\": \"a\", \"clientSecretName\": \"A\", \"allowedHeaders\": [\"Authorization\"] }", "cannot include"},
                {"Bad Name.jsonc", "{}", "a connector file is named"},
                {"slack.jsonc", "{ broken", "slack.jsonc"},
        };
        for (String[] c : cases) {
            try (var files = Files.list(Files.createDirectories(project.resolve("base44/connectors")))) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Path file = write(c[0], c[1]);
            ProjectException e = assertThrows(ProjectException.class, () -> ConnectorConfig.load(project), c[1]);
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), c[1] + " -> " + e.getMessage());
        }
    }

    @Test
    void sealedTokensOpenOnlyForTheirAppAndRow() {
        TokenCipher cipher = new TokenCipher(appId -> (appId + "-key-0123456789abcdef0123456789").getBytes());
        String sealed = cipher.seal("app1", "connector/slack/", "xoxb-token");
        assertFalse(sealed.contains("xoxb"));
        assertEquals("xoxb-token", cipher.open("app1", "connector/slack/", sealed));
        assertThrows(IllegalStateException.class, () -> cipher.open("app2", "connector/slack/", sealed));
        assertThrows(IllegalStateException.class, () -> cipher.open("app1", "connector/slack/u1", sealed));
        assertFalse(sealed.equals(cipher.seal("app1", "connector/slack/", "xoxb-token")), "a fresh nonce each time");
    }
}

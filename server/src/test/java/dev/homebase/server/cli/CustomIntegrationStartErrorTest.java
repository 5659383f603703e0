package dev.homebase.server.cli;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve} with a bad custom integration file: exit code 2 and one line naming the file, before anything listens. */
class CustomIntegrationStartErrorTest {

    @Test
    void aBadIntegrationFileStopsServeWithOneLine() throws Exception {
        Path project = TempDirs.create("homebase-custom-start");
        Path integrations = Files.createDirectories(project.resolve("base44/integrations"));
        Files.writeString(project.resolve("base44/.app.jsonc"), "{\"id\": \"startcheck\"}");
        Files.writeString(integrations.resolve("crm.jsonc"), "{\"spec\": \"crm.yaml\", \"auth\": {\"header\": \"X-Key\", \"secret\": \"1 bad\"}}");
        Files.writeString(integrations.resolve("crm.yaml"), "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\n"
                + "servers: [{url: \"https://crm.example.com\"}]\npaths: {/contacts: {get: {responses: {}}}}\n");
        CliProcess.Result r = CliProcess.run(Map.of(), "serve", project.toString(), "--port", "0",
                "--db", "sqlite:" + project.resolve(".homebase/hb.db"));
        assertEquals(ExitCode.CONFIG.code(), r.exitCode(), r.stderr());
        assertEquals(List.of("homebase: " + integrations.toAbsolutePath().normalize().resolve("crm.jsonc") + ": \"auth.secret\" must name an app secret"
                + " (letters, digits and _, set with `homebase secrets set NAME=value`)"), r.stderrLines());
        assertFalse(r.stdout().contains("listening"), r.stdout());
    }
}

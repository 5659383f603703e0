package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.homebase.server.integrations.custom.IntegrationWatcher;
import dev.homebase.server.integrations.custom.UpstreamStub;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hot reload of {@code base44/integrations/} while serving (IntegrationWatcher, as {@code serve} starts it): a new
 * file is served, an edited one changes, a broken one leaves the previous integrations in place, a deleted one is gone.
 * The database plays no part, so SQLite only.
 */
class CustomIntegrationReloadTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = "SQLITE")
    void integrationFilesReloadWhileServing(TestDatabases.Kind kind) throws Exception {
        try (UpstreamStub stub = new UpstreamStub();
             TestServer server = new TestServer(TestServer.copyFixture("customtest"), TestDatabases.freshUrl(kind),
                     TestServer.fastAuth().withAdmin(ADMIN, PASSWORD));
             IntegrationWatcher watcher = IntegrationWatcher.start(server.app().customIntegrations(), Duration.ofMillis(50))) {
            String service = server.serviceToken();
            Path dir = server.dir().resolve("base44/integrations");
            String path = "/api/apps/customtest/integrations/custom/live/get:/text";
            IntSupplier status = () -> server.sendAs(service, "POST", path, "{}").status();
            assertEquals(404, status.getAsInt());

            Files.writeString(dir.resolve("live.jsonc"), "{\"spec\": \"stub.openapi.yaml\", \"base_url\": \"http://127.0.0.1:" + stub.port() + "/v1\"}");
            awaitStatus(status, 200);
            Files.writeString(dir.resolve("live.jsonc"), "{\"spec\": \"stub.openapi.yaml\", \"base_url\": \"http://localhost:" + stub.port() + "/v1\"}");
            awaitStatus(status, 502); // edited: now by a name that resolves to loopback
            Files.writeString(dir.resolve("live.jsonc"), "{\"spec\": \"stub.openapi.yaml\", \"base_url\": 7}");
            Thread.sleep(500);
            assertEquals(502, status.getAsInt(), "a broken file leaves the previous integrations");
            Files.delete(dir.resolve("live.jsonc"));
            awaitStatus(status, 404);
        }
    }

    private static void awaitStatus(IntSupplier status, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int last;
        while ((last = status.getAsInt()) != expected && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(expected, last);
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import io.socket.client.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a schema reload, the next event reaches subscribers under the new read rule: connections made before the
 * reload do not keep the old rules.
 */
class RealtimeSchemaReloadTest {
    private static final String APP = "reloadtest";

    @Test
    void theNextEventFollowsTheReloadedRules() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE)) {
            String service = server.serviceToken();
            BlockingQueue<JsonNode> anonymous = TestSubscribers.subscribe(server, sockets, APP, null, "Note");
            BlockingQueue<JsonNode> trusted = TestSubscribers.subscribe(server, sockets, APP, service, "Note");

            assertEquals(201, server.send("POST", "/api/apps/" + APP + "/entities/Note", "{\"title\":\"public\"}").status());
            assertEquals("public", TestSubscribers.next(anonymous).at("/data/title").asText());
            assertEquals("public", TestSubscribers.next(trusted).at("/data/title").asText());

            Files.writeString(server.dir().resolve("base44/entities/note.jsonc"), """
                    { "name": "Note", "properties": { "title": { "type": "string" } },
                      "rls": { "read": { "user_condition": { "role": "admin" } }, "write": true } }
                    """);
            assertEquals(List.of("Note"), server.app().entityReloader().reload(APP).changed());

            assertEquals(201, server.send("POST", "/api/apps/" + APP + "/entities/Note", "{\"title\":\"admins only\"}").status());
            assertEquals("admins only", TestSubscribers.next(trusted).at("/data/title").asText());
            assertNull(anonymous.poll(300, TimeUnit.MILLISECONDS), "the anonymous subscriber no longer reads notes");
        } finally {
            sockets.forEach(Socket::close);
        }
    }
}

package dev.homebase.server.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two "nodes" (two {@link Connectors} on one database, each with its own cipher instance) read an
 * expiring connection at once: the token endpoint sees one refresh, and everyone gets its token.
 * On SQLite and PostgreSQL.
 */
class ConnectorRefreshTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void anExpiringTokenIsRefreshedOnceAcrossNodes(TestDatabases.Kind kind) throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        stub.createContext("/token", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer;
            if (body.contains("grant_type=refresh_token")) {
                try {
                    Thread.sleep(300); // slow enough that every reader arrives while it runs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = "{\"access_token\":\"second-" + refreshes.incrementAndGet() + "\",\"expires_in\":3600}";
            } else {
                answer = "{\"access_token\":\"first\",\"refresh_token\":\"r1\",\"expires_in\":5}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        stub.start();
        String origin = "http://127.0.0.1:" + stub.getAddress().getPort();
        ConnectorConfig config = new ConnectorConfig("acme", "client", "SECRET", List.of("read"), URI.create(origin + "/authorize"),
                URI.create(origin + "/token"), Map.of("127.0.0.1:" + stub.getAddress().getPort(), URI.create(origin)), Set.of(), Map.of(),
                Map.of(), Duration.ofSeconds(5));
        byte[] appKey = new byte[32];
        try (Database db = Database.open(TestDatabases.freshUrl(kind))) {
            List<Connectors> nodes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                nodes.add(new Connectors(appId -> Map.of("acme", config), (appId, name) -> Optional.of("secret"), db,
                        new TokenCipher(appId -> appKey), Clock.systemUTC()));
            }
            URI url = nodes.get(0).start("app1", "acme", "", URI.create("http://127.0.0.1/api/connectors/callback"));
            String state = url.getRawQuery().replaceAll(".*state=([^&]+).*", "$1");
            nodes.get(1).finish(java.net.URLDecoder.decode(state, StandardCharsets.UTF_8), "code", null);
            assertThrows(ConnectorException.class, () -> nodes.get(0).finish(state, "code", null), "a state is taken once");

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> reads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Connectors node = nodes.get(i % 2);
                    reads.add(pool.submit((Callable<String>) () -> node.connection("app1", "acme", "").accessToken()));
                }
                Set<String> tokens = new HashSet<>();
                for (Future<String> f : reads) tokens.add(f.get());
                assertEquals(1, refreshes.get(), "one refresh across both nodes");
                assertEquals(Set.of("second-1"), tokens);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            stub.stop(0);
        }
    }
}

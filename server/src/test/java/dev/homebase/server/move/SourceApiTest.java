package dev.homebase.server.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The source client against a scripted HTTP server: Retry-After is honoured, retries end, the token stays in the header. */
class SourceApiTest {
    private static final String TOKEN = "secret-token-1234567890";

    private static HttpServer server(int failures, String retryAfter, AtomicInteger calls, String[] authSeen) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            try (ex) {
                authSeen[0] = ex.getRequestHeaders().getFirst("Authorization");
                int n = calls.incrementAndGet();
                byte[] body;
                if (n <= failures) {
                    if (retryAfter != null) ex.getResponseHeaders().set("Retry-After", retryAfter);
                    body = "{\"message\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(n % 2 == 0 ? 503 : 429, body.length);
                } else {
                    body = "{\"items\":[{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaa\"}],\"next_cursor\":null,\"has_more\":false}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                }
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        s.start();
        return s;
    }

    @Test
    void honoursRetryAfterThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String[] auth = new String[1];
        HttpServer s = server(2, "1", calls, auth);
        try {
            SourceApi api = new SourceApi("http://127.0.0.1:" + s.getAddress().getPort() + "/api/", "app1", TOKEN, 3,
                    Duration.ofMillis(10), Duration.ofSeconds(5));
            long start = System.nanoTime();
            SourceApi.Page page = api.page("Task", SourceApi.Mode.CURSOR, null, 0, 100);
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, page.items().size());
            assertTrue(page.last());
            assertEquals(3, calls.get());
            assertEquals(2, api.retried());
            assertTrue(waited >= 2000, "Retry-After: 1 twice, waited " + waited + " ms");
            assertEquals("Bearer " + TOKEN, auth[0]);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void givesUpAfterTheRetriesWithoutShowingTheToken() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer s = server(100, null, calls, new String[1]);
        try {
            SourceApi api = new SourceApi("http://127.0.0.1:" + s.getAddress().getPort(), "app1", TOKEN, 2,
                    Duration.ofMillis(10), Duration.ofMillis(50));
            SourceApi.SourceException e = assertThrows(SourceApi.SourceException.class,
                    () -> api.page("Task", SourceApi.Mode.SKIP, null, 0, 100));
            assertEquals(3, calls.get(), "one try and two retries");
            assertTrue(e.getMessage().contains("HTTP 429"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN));
        } finally {
            s.stop(0);
        }
    }

    @Test
    void refusesAnAddressThatIsNotHttp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SourceApi("ftp://example.test", "app1", TOKEN, 1, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertTrue(e.getMessage().startsWith("--from must be an http(s) URL"));
    }
}

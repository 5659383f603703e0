package dev.homebase.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The server's own {@code logback.xml} with {@code HOMEBASE_LOG_FORMAT=json}: every line on stderr is one JSON
 * object, and a line logged while answering a request (here the sign-up mail, written to the log without SMTP)
 * carries that request's {@code X-Request-Id} as {@code mdc.request_id}.
 */
class JsonLogTest {

    @Test
    void jsonLinesCarryTheRequestId() throws Exception {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setProperty("HOMEBASE_LOG_FORMAT", "json");
        System.setProperty("HOMEBASE_LOG_LEVEL", "INFO");
        String requestId;
        String email = "json-" + System.nanoTime() + "@example.test";
        try {
            configure(logback, JsonLogTest.class.getResource("/logback.xml"));
            try (TestServer server = new TestServer("authtest", TestDatabases.Kind.SQLITE)) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/apps/authtest/auth/register"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"a-long-pass-1\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() < 300, r.body());
                requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
                long until = System.currentTimeMillis() + 5_000; // the mail is written in the background
                while (!captured.toString(StandardCharsets.UTF_8).contains(email) && System.currentTimeMillis() < until) Thread.sleep(50);
            }
        } finally {
            System.clearProperty("HOMEBASE_LOG_FORMAT");
            System.clearProperty("HOMEBASE_LOG_LEVEL");
            System.setErr(original);
            configure(logback, JsonLogTest.class.getResource("/logback-test.xml"));
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode node = Json.parse(line); // throws on a line that is not one JSON object
            assertTrue(node.isObject(), line);
            assertTrue(node.has("level") && node.has("loggerName") && node.has("timestamp"), line);
            lines.add(node);
        }
        assertFalse(lines.isEmpty(), "nothing was logged");
        JsonNode mail = lines.stream().filter(n -> n.path("formattedMessage").asText().contains(email)).findFirst()
                .orElseThrow(() -> new AssertionError("no line about the mail in " + lines));
        assertEquals(requestId, mail.path("mdc").path("request_id").asText(), mail.toString());
        assertEquals("INFO", mail.path("level").asText());
    }

    private static void configure(LoggerContext logback, URL config) throws Exception {
        logback.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        configurator.doConfigure(config);
    }
}

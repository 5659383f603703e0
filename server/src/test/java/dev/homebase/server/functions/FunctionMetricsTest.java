package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.homebase.server.http.TestServer;
import dev.homebase.server.ops.PrometheusText;
import dev.homebase.server.store.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} counts backend function calls by outcome, and cold starts: two calls of a function start one
 * process (one cold start) and are two {@code ok} calls. Real Deno, skipped only when none can be found or installed.
 */
class FunctionMetricsTest {
    private static final String APP = "functionstest";

    @Test
    void callsAndColdStartsAreCounted() throws Exception {
        FunctionsApiTest.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found: set HOMEBASE_DENO, put deno on PATH, or make `npm ci` work in functions-runtime/");
        try (TestServer server = new TestServer(APP, TestDatabases.Kind.SQLITE)) {
            String service = server.serviceToken();
            Map<String, Double> before = scrape(server, service);
            for (int i = 0; i < 2; i++) {
                TestServer.Response r = server.sendAs(service, "POST", "/api/apps/" + APP + "/functions/ping", "{}");
                assertEquals(200, r.status(), r.body());
            }
            Map<String, Double> after = scrape(server, service);
            String fn = "app=\"" + APP + "\",function=\"ping\"";
            assertEquals(2.0, delta(before, after, "homebase_function_call_duration_seconds_count{" + fn + ",outcome=\"ok\"}"));
            assertEquals(1.0, delta(before, after, "homebase_function_cold_start_duration_seconds_count{" + fn + "}"));
            assertTrue(after.get("homebase_function_cold_start_duration_seconds_sum{" + fn + "}") > 0);
        }
    }

    private static Map<String, Double> scrape(TestServer server, String token) {
        TestServer.Response r = server.sendAs(token, "GET", "/metrics", null);
        assertEquals(200, r.status(), r.body());
        return PrometheusText.parse(r.body());
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        if (!after.containsKey(series)) throw new AssertionError("no series " + series + " in " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}

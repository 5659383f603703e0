package dev.homebase.server.automations;

import static dev.homebase.server.automations.AutomationServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.homebase.server.auth.TestClock;
import dev.homebase.server.functions.DenoBinary;
import dev.homebase.server.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two servers, each with its own scheduler and dispatcher) on one PostgreSQL database and
 * one project, their schedules on one clock: every tick and every entity event runs exactly once,
 * counted by the {@code Run} records the function writes per call and by the claims in
 * {@code automation_runs}.
 */
class AutomationNodesTest {
    private static final int TICKS = 3;
    private static final int TASKS_PER_NODE = 6;

    @Test
    void twoNodesRunEachTickAndEventOnce() throws Exception {
        dev.homebase.server.functions.FunctionsApiTestAccess.installDeno();
        assumeTrue(DenoBinary.locate().isPresent(), "Deno not found");
        TestClock clock = new TestClock();
        Path dir = AutomationServer.copyFixture();
        String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        try (AutomationServer a = new AutomationServer(dir, url, clock); AutomationServer b = new AutomationServer(dir, url, clock)) {
            for (int tick = 1; tick <= TICKS; tick++) {
                clock.advance(Duration.ofSeconds(60));
                int expected = tick;
                await("tick " + tick, 60, () -> a.runs("every minute").size() >= expected);
            }
            for (int i = 0; i < TASKS_PER_NODE; i++) {
                a.send("POST", "/entities/Task", "{\"title\":\"a" + i + "\"}", 201);
                b.send("POST", "/entities/Task", "{\"title\":\"b" + i + "\"}", 201);
            }
            await("every create's run", 60, () -> a.runs("task changed").size() >= 2 * TASKS_PER_NODE);
            Thread.sleep(1500); // time for any duplicate to show

            assertEquals(TICKS, a.runs("every minute").size(), "each tick once");
            List<String> titles = a.runs("task changed").stream().map(r -> r.path("title").asText()).sorted().toList();
            assertEquals(2 * TASKS_PER_NODE, titles.size(), titles.toString());
            assertEquals(2 * TASKS_PER_NODE, new HashSet<>(titles).size(), "each event once: " + titles);

            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, attempts, claimed_by FROM automation_runs")) {
                int rows = 0;
                Set<String> nodes = new HashSet<>();
                while (rs.next()) {
                    rows++;
                    assertEquals("done", rs.getString(1));
                    assertEquals(1, rs.getInt(2), "claimed once");
                    nodes.add(rs.getString(3));
                }
                assertEquals(TICKS + 2 * TASKS_PER_NODE, rows);
                System.out.println("automation runs per node: " + nodes.size() + " node(s) ran " + rows + " runs");
            }
        }
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames sent while events are queued wait in Jetty's batch buffers; they must still all arrive, in order, promptly:
 * also on a connection that gets none of the events that end the backlog (its batch is flushed explicitly), long
 * before the next heartbeat would have written it.
 */
class RealtimeBatchingTest {
    private static final String APP = "app1";
    private static final int TASKS = 200;

    private RealtimeServer realtime;
    private Javalin javalin;

    @AfterEach
    void stop() {
        if (javalin != null) javalin.stop();
        if (realtime != null) realtime.close();
    }

    @Test
    void aBacklogIsDeliveredWholeEvenWhenItsLastEventGoesElsewhere() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        SubscriberFilter holdsTheFirstEvent = (s, appId, entity, type, record) -> {
            if (record.path("gate").asBoolean()) {
                try {
                    gate.await(10, TimeUnit.SECONDS); // the dispatcher waits here while the rest of the burst queues up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.of(record);
        };
        realtime = new RealtimeServer(APP::equals, holdsTheFirstEvent, RealtimeSettings.defaults(), Clock.systemUTC());
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            realtime.install(config);
        }).start("127.0.0.1", 0);

        RawClient tasks = RawClient.connect(javalin.port(), "app_id=" + APP + "&token=null");
        RawClient notes = RawClient.connect(javalin.port(), "app_id=" + APP + "&token=null");
        try {
            tasks.join("entities:" + APP + ":Task");
            notes.join("entities:" + APP + ":Note");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (realtime.stats().roomMemberships() < 2) {
                assertTrue(System.nanoTime() < deadline, "joins: " + realtime.stats());
                Thread.sleep(10);
            }

            realtime.publish(APP, "Task", "create", Json.object().put("id", "gate").put("gate", true), null);
            for (int i = 0; i < TASKS; i++) realtime.publish(APP, "Task", "create", task(i), null);
            realtime.publish(APP, "Note", "create", Json.object().put("id", "last"), null); // the backlog's last event
            gate.countDown();

            // Heartbeats are 25 s apart: without the explicit flush the Task connection's last batch would wait for one.
            assertEquals("gate", tasks.nextEvent().get("id").asText());
            for (int i = 0; i < TASKS; i++) {
                JsonNode event = tasks.nextEvent();
                assertEquals(i, event.get("data").get("seq").asInt(), "order");
            }
            assertEquals("last", notes.nextEvent().get("id").asText());
            assertNull(tasks.texts.poll(100, TimeUnit.MILLISECONDS), "nothing more");
            assertNull(notes.texts.poll(10, TimeUnit.MILLISECONDS), "nothing more");
            assertEquals(TASKS + 2, realtime.stats().framesDelivered());
        } finally {
            tasks.ws.abort();
            notes.ws.abort();
        }
    }

    private static ObjectNode task(int seq) {
        return Json.object().put("id", "t" + seq).put("seq", seq).put("title", "Task " + seq);
    }
}

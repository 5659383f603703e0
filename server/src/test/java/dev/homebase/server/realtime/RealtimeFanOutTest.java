package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import io.javalin.Javalin;
import java.net.http.WebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many publishers, many subscribers: every subscriber gets every event exactly once, each publisher's events in the
 * order it published them. Prints the rate it measured (a loaded CI box makes it a floor, not a benchmark).
 */
class RealtimeFanOutTest {
    private static final String APP = "app1";
    private static final int CLIENTS = 50;
    private static final int PUBLISHERS = 4;
    private static final int EVENTS_PER_PUBLISHER = 250;

    private RealtimeServer realtime;
    private Javalin javalin;
    private final List<WebSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        if (javalin != null) javalin.stop();
        if (realtime != null) realtime.close();
    }

    @Test
    void everySubscriberGetsEveryEventOnceInPublishOrder() throws Exception {
        realtime = new RealtimeServer(APP::equals, SubscriberFilter.everyone(), RealtimeSettings.defaults(), Clock.systemUTC());
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            realtime.install(config);
        }).start("127.0.0.1", 0);

        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            RawClient c = RawClient.connect(javalin.port(), "app_id=" + APP + "&token=null");
            sockets.add(c.ws);
            c.join("entities:" + APP + ":Task");
            clients.add(c);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (realtime.stats().roomMemberships() < CLIENTS) {
            assertTrue(System.nanoTime() < deadline, "joins: " + realtime.stats());
            Thread.sleep(10);
        }

        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            publishers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < EVENTS_PER_PUBLISHER; i++) {
                    var record = Json.object().put("id", publisher + "-" + i).put("publisher", publisher).put("seq", i)
                            .put("title", "Task number " + i + " from publisher " + publisher);
                    realtime.publish(APP, "Task", "create", record, null);
                }
            }));
        }
        for (Thread t : publishers) t.join();
        long published = System.nanoTime();
        int total = PUBLISHERS * EVENTS_PER_PUBLISHER;
        while (realtime.stats().framesDelivered() < (long) total * CLIENTS) Thread.sleep(2);
        long queued = System.nanoTime();

        for (RawClient c : clients) {
            int[] next = new int[PUBLISHERS];
            for (int n = 0; n < total; n++) {
                JsonNode data = c.nextEvent().get("data");
                int publisher = data.get("publisher").asInt();
                assertEquals(next[publisher]++, data.get("seq").asInt(), "publisher " + publisher + "'s order");
            }
        }
        long received = System.nanoTime();
        for (RawClient c : clients) assertEquals(null, c.texts.poll(50, TimeUnit.MILLISECONDS), "nothing more");

        double seconds = (received - start) / 1e9;
        double dispatch = (queued - start) / 1e9;
        System.err.printf("Realtime fan-out: %d events to %d clients (%d frames): publish calls %.0f ms; all frames handed to"
                        + " Jetty after %.2f s (%.0f frames/s); all parsed by the test's clients after %.2f s (%.0f frames/s)%n",
                total, CLIENTS, (long) total * CLIENTS, (published - start) / 1e6, dispatch, total * CLIENTS / dispatch,
                seconds, total * CLIENTS / seconds);
        assertEquals((long) total * CLIENTS, realtime.stats().framesDelivered());
        assertEquals(0, realtime.stats().eventsDropped());
    }
}

package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several dispatch threads split one event's fan-out ({@link DispatchLanes}); each connection must still get every
 * event in publish (commit) order, concurrent publishers must leave every connection with the same order, and the
 * filter must still run once per group per event, not once per thread. The filter stalls at random, so the threads
 * run at different speeds and a connection served by more than one thread would see events overtake each other.
 */
class RealtimeLanesOrderTest {
    private static final String APP = "app1";
    private static final int THREADS = 4;
    private static final int CLIENTS = 36; // over RealtimeServer.MANY_MEMBERS: frames kept off the heap
    private static final String[] GROUPS = {"a", "b", "c"};
    private static final int SEQUENTIAL = 300;
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 75;

    private RealtimeServer realtime;
    private Javalin javalin;
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        for (RawClient c : clients) c.ws.abort();
        if (javalin != null) javalin.stop();
        if (realtime != null) realtime.close();
    }

    @Test
    void everyConnectionGetsEveryEventInPublishOrderAndEachGroupIsAskedOncePerEvent() throws Exception {
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>(); // event id + group -> filter calls
        SubscriberFilter filter = new SubscriberFilter() {
            @Override
            public Optional<ObjectNode> visible(Subscriber s, String appId, String entity, String type, ObjectNode record) {
                String group = s.token().orElseThrow();
                asked.computeIfAbsent(record.get("id").asText() + "/" + group, k -> new AtomicInteger()).incrementAndGet();
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    try {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(3)); // one thread falls behind the others
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return group.equals("b") ? Optional.of(record.deepCopy().put("seen_by", "b")) : Optional.of(record);
            }

            @Override
            public Object groupKey(Subscriber s, String appId) {
                return s.token().orElseThrow();
            }
        };
        realtime = new RealtimeServer(APP::equals, filter, RealtimeSettings.defaults().withDispatchThreads(THREADS), Clock.systemUTC());
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            realtime.install(config);
        }).start("127.0.0.1", 0);
        for (int i = 0; i < CLIENTS; i++) {
            RawClient c = RawClient.connect(javalin.port(), "app_id=" + APP + "&token=" + GROUPS[i % GROUPS.length]);
            c.join("entities:" + APP + ":Task");
            clients.add(c);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (realtime.stats().roomMemberships() < CLIENTS) {
            assertTrue(System.nanoTime() < deadline, "joins: " + realtime.stats());
            Thread.sleep(10);
        }

        // One publisher: publish order is commit order, and every connection must see exactly it.
        for (int i = 0; i < SEQUENTIAL; i++) {
            realtime.publish(APP, "Task", "create", Json.object().put("id", "s" + i).put("seq", i), null);
        }
        for (int c = 0; c < CLIENTS; c++) {
            RawClient client = clients.get(c);
            for (int i = 0; i < SEQUENTIAL; i++) {
                JsonNode event = client.nextEvent();
                assertEquals("s" + i, event.get("id").asText(), "client " + c + ", event " + i);
                assertEquals(GROUPS[c % GROUPS.length].equals("b"), event.path("data").has("seen_by"), "client " + c + "'s shape");
            }
        }

        // Concurrent publishers: any interleaving is a valid order, but every connection must see the same one.
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            publishers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_PUBLISHER; i++) {
                    realtime.publish(APP, "Task", "update", Json.object().put("id", "p" + publisher + "-" + i), null);
                }
            }));
        }
        start.countDown();
        for (Thread t : publishers) t.join();
        List<String> first = null;
        for (int c = 0; c < CLIENTS; c++) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < PUBLISHERS * PER_PUBLISHER; i++) order.add(clients.get(c).nextEvent().get("id").asText());
            if (first == null) first = order;
            else assertEquals(first, order, "client " + c + " saw another order than client 0");
            assertNull(clients.get(c).texts.poll(c == 0 ? 100 : 1, TimeUnit.MILLISECONDS), "nothing more");
        }

        int events = SEQUENTIAL + PUBLISHERS * PER_PUBLISHER;
        assertEquals(events * GROUPS.length, asked.size(), "every group asked about every event");
        asked.forEach((key, calls) -> assertEquals(1, calls.get(), "filter calls for " + key));
        assertEquals((long) events * CLIENTS, realtime.stats().framesDelivered());
    }
}

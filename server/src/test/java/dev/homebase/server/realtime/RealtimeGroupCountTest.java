package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import io.javalin.Javalin;
import java.net.http.WebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher asks the filter once per group of subscribers (equal {@link SubscriberFilter#groupKey}) per event,
 * not once per connection, and each group gets its own shape: here the group is the token, "red" sees a redacted
 * record, "blue" the whole one, "none" nothing.
 */
class RealtimeGroupCountTest {
    private static final String APP = "app1";
    private static final int PER_GROUP = 5;

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
    void theFilterRunsOncePerGroupAndEachGroupGetsItsShape() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SubscriberFilter byToken = new SubscriberFilter() {
            @Override
            public Optional<ObjectNode> visible(Subscriber s, String appId, String entity, String type, ObjectNode record) {
                calls.incrementAndGet();
                String group = s.token().orElse("none");
                if (group.equals("none")) return Optional.empty();
                if (group.equals("blue")) return Optional.of(record);
                ObjectNode redacted = record.deepCopy();
                redacted.remove("secret");
                return Optional.of(redacted);
            }

            @Override
            public Object groupKey(Subscriber s, String appId) {
                return s.token().orElse("none");
            }
        };
        realtime = new RealtimeServer(APP::equals, byToken, RealtimeSettings.defaults(), Clock.systemUTC());
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            realtime.install(config);
        }).start("127.0.0.1", 0);

        List<RawClient> red = new ArrayList<>();
        List<RawClient> blue = new ArrayList<>();
        List<RawClient> none = new ArrayList<>();
        for (int i = 0; i < PER_GROUP; i++) {
            red.add(join("red"));
            blue.add(join("blue"));
            none.add(join("null"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (realtime.stats().roomMemberships() < 3 * PER_GROUP) {
            assertTrue(System.nanoTime() < deadline, "joins: " + realtime.stats());
            Thread.sleep(10);
        }

        int events = 3;
        for (int i = 0; i < events; i++) {
            realtime.publish(APP, "Task", "create", Json.object().put("id", "t" + i).put("secret", 42), null);
        }
        for (RawClient c : blue) {
            for (int i = 0; i < events; i++) {
                JsonNode e = c.nextEvent();
                assertEquals("t" + i, e.get("id").asText());
                assertEquals(42, e.at("/data/secret").asInt());
            }
        }
        for (RawClient c : red) {
            for (int i = 0; i < events; i++) assertFalse(c.nextEvent().get("data").has("secret"));
        }
        for (RawClient c : none) assertNull(c.texts.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(3 * events, calls.get(), "one call per group per event, not per connection");
        assertEquals((long) 2 * PER_GROUP * events, realtime.stats().framesDelivered());
        assertEquals((long) PER_GROUP * events, realtime.stats().eventsFiltered());
    }

    private RawClient join(String token) throws Exception {
        RawClient c = RawClient.connect(javalin.port(), "app_id=" + APP + "&token=" + token);
        sockets.add(c.ws);
        c.join("entities:" + APP + ":Task");
        return c;
    }
}

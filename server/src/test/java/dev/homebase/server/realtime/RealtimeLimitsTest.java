package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import io.javalin.Javalin;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-subscriber filtering, heartbeats and slow clients, on a Javalin server with only the realtime endpoint and
 * settings small enough to hit in a test.
 */
class RealtimeLimitsTest {
    private static final String APP = "app1";
    private static final String ROOM = "entities:" + APP + ":Task";
    private static final String OTHER_APP = "app2";

    private RealtimeServer realtime;
    private Javalin javalin;
    private final List<WebSocket> sockets = new ArrayList<>();

    private void start(RealtimeSettings settings, SubscriberFilter filter) {
        realtime = new RealtimeServer(app -> app.equals(APP) || app.equals(OTHER_APP), filter, settings, Clock.systemUTC());
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            realtime.install(config);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        if (javalin != null) javalin.stop();
        if (realtime != null) realtime.close();
    }

    @Test
    void filterDecidesPerSubscriberAndMayRedact() throws Exception {
        // Anonymous sockets see nothing; sockets with a token see the record without its "secret" field.
        start(RealtimeSettings.defaults(), (s, appId, entity, type, record) -> {
            if (s.token().isEmpty()) return Optional.empty();
            String principal = s.memo("principal", sub -> "user:" + sub.token().orElseThrow());
            ObjectNode copy = record.deepCopy();
            copy.remove("secret");
            copy.put("seen_by", principal);
            return Optional.of(copy);
        });
        RawClient anonymous = connect("token=null");
        RawClient user = connect("token=abc");
        anonymous.join(ROOM);
        user.join(ROOM);
        await(() -> realtime.stats().roomMemberships() == 2, "both joined");

        ObjectNode record = Json.object().put("id", "t1").put("title", "x").put("secret", "s");
        realtime.publish(APP, "Task", "update", record, "t1");
        JsonNode event = user.nextEvent();
        assertEquals("{\"id\":\"t1\",\"title\":\"x\",\"seen_by\":\"user:abc\"}", event.get("data").toString());
        assertNull(anonymous.texts.poll(200, TimeUnit.MILLISECONDS));
        await(() -> realtime.stats().eventsFiltered() == 1, "one delivery withheld");
        assertEquals("s", record.get("secret").asText(), "the published record is untouched");
    }

    @Test
    void aFailingFilterWithholdsOnlyThatDelivery() throws Exception {
        start(RealtimeSettings.defaults(), (s, appId, entity, type, record) -> {
            if (s.token().isPresent()) throw new IllegalStateException("boom");
            return Optional.of(record);
        });
        RawClient failing = connect("token=abc");
        RawClient fine = connect("");
        failing.join(ROOM);
        fine.join(ROOM);
        await(() -> realtime.stats().roomMemberships() == 2, "both joined");
        realtime.publish(APP, "Task", "create", Json.object().put("id", "t2"), "t2");
        assertEquals("t2", fine.nextEvent().get("id").asText());
        assertNull(failing.texts.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aClientThatStopsPongingIsDroppedAndOneThatPongsStays() throws Exception {
        // A timeout a loaded CI machine can keep (a 300 ms one dropped the ponging client too at load 28).
        start(RealtimeSettings.defaults().withPing(Duration.ofMillis(300), Duration.ofMillis(1500)), SubscriberFilter.everyone());
        RawClient silent = connect("");
        silent.answerPings = false;
        RawClient alive = connect("");
        await(() -> realtime.stats().connections() == 2, "two connected");
        assertTrue(silent.closed.get(15, TimeUnit.SECONDS) != null, "the silent client is closed by the server");
        await(() -> realtime.stats().connections() == 1, "one left");
        Thread.sleep(1500); // five ping rounds
        assertEquals(1, realtime.stats().connections());
        assertTrue(!alive.closed.isDone(), "the client that pongs stays connected");
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithoutHoldingUpOthers() throws Exception {
        RealtimeSettings d = RealtimeSettings.defaults();
        start(new RealtimeSettings(d.pingInterval(), d.pingTimeout(), d.maxRoomsPerConnection(), d.maxInboundMessageBytes(),
                d.maxEventBytes(), 1_000_000, d.maxConnections(), d.maxConnectionsPerApp(), d.dispatchQueueCapacity(), d.statsLogInterval(), false), SubscriberFilter.everyone());
        RawClient stuck = connect("");
        RawClient reader = connect("");
        stuck.join(ROOM);
        reader.join(ROOM);
        await(() -> realtime.stats().roomMemberships() == 2, "both joined");
        stuck.stopReading();

        // One event at a time, so the reader is never behind; the stuck client's frames fill the socket buffers, then
        // its queue, until it passes the cap.
        ObjectNode big = Json.object().put("id", "b").put("blob", "x".repeat(100_000));
        int sent = 0;
        while (realtime.stats().slowClientsDropped() == 0) {
            assertTrue(sent < 1000, "the stuck client was never dropped; " + realtime.stats());
            realtime.publish(APP, "Task", "update", big, "b");
            sent++;
            assertEquals("b", reader.nextEvent().get("id").asText());
        }
        await(() -> realtime.stats().connections() == 1, "only the reader left");
        realtime.publish(APP, "Task", "update", Json.object().put("id", "after"), null);
        assertEquals("after", reader.nextEvent().get("id").asText());
        assertEquals(1, realtime.stats().slowClientsDropped());
    }

    @Test
    void connectionsOverTheCapAreClosedBeforeTheHandshake() throws Exception {
        RealtimeSettings d = RealtimeSettings.defaults();
        start(RealtimeSettings.defaults().withConnectionLimits(1, 1), SubscriberFilter.everyone());
        connect("");
        RawClient second = raw("");
        assertEquals(1013, second.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void oneAppCannotTakeEveryConnection() throws Exception {
        start(RealtimeSettings.defaults().withConnectionLimits(3, 2), SubscriberFilter.everyone());
        RawClient first = connect("");
        connect("");
        await(() -> realtime.connections(APP) == 2, "two connections to app1");

        // The third connection to app1 gets the Socket.IO refusal (its connect_error), not a silent close.
        RawClient third = raw("");
        assertTrue(third.texts.poll(5, TimeUnit.SECONDS).startsWith("0{\"sid\":"));
        third.ws.sendText("40", true).join();
        assertEquals("44{\"message\":\"Too many realtime connections to this app; try again later\"}",
                third.texts.poll(5, TimeUnit.SECONDS));
        assertTrue(third.closed.get(5, TimeUnit.SECONDS) >= 1000, "closed by the server");
        assertEquals(1, realtime.stats().connectionsRefusedPerApp());
        assertEquals(1, realtime.stats().connectionsRefused());

        // Another app still connects, and its events flow.
        RawClient other = RawClient.connect(javalin.port(), "app_id=" + OTHER_APP);
        sockets.add(other.ws);
        other.join("entities:" + OTHER_APP + ":Task");
        await(() -> realtime.connections(OTHER_APP) == 1 && realtime.stats().roomMemberships() == 1, "app2 connected and joined");
        realtime.publish(OTHER_APP, "Task", "create", Json.object().put("id", "o1"), "o1");
        assertEquals("o1", other.nextEvent().get("id").asText());

        // A closed connection frees its app's slot.
        first.ws.sendClose(1000, "bye").join();
        await(() -> realtime.connections(APP) == 1, "app1 down to one connection");
        connect("");
        await(() -> realtime.connections(APP) == 2 && realtime.stats().connections() == 3, "app1 back to two");
        assertEquals(1, realtime.stats().connectionsRefusedPerApp());
    }

    @Test
    void settingsRefuseLimitsBelowOne() {
        RealtimeSettings d = RealtimeSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withConnectionLimits(10, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withConnectionLimits(0, 10));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxRoomsPerConnection(0));
        assertEquals(7, d.withMaxRoomsPerConnection(7).maxRoomsPerConnection());
    }

    /** Accepts only the token "good"; shows a subscriber whether it kept its token. */
    private static final SubscriberFilter GOOD_TOKEN_ONLY = new SubscriberFilter() {
        @Override
        public Optional<ObjectNode> visible(Subscriber s, String appId, String entity, String type, ObjectNode record) {
            return Optional.of(record.deepCopy().put("token", s.token().orElse("none")));
        }

        @Override
        public boolean acceptsToken(String appId, String token) {
            return token.equals("good");
        }
    };

    @Test
    void aTokenThatDoesNotVerifyConnectsAsAnonymousByDefault() throws Exception {
        start(RealtimeSettings.defaults(), GOOD_TOKEN_ONLY);
        RawClient bad = connect("token=expired");
        RawClient good = connect("token=good");
        RawClient none = connect("token=undefined");
        for (RawClient c : List.of(bad, good, none)) c.join(ROOM);
        await(() -> realtime.stats().roomMemberships() == 3, "all joined");
        assertEquals(1, realtime.stats().invalidTokens());
        assertEquals(0, realtime.stats().connectionsRefused());

        realtime.publish(APP, "Task", "create", Json.object().put("id", "t1"), "t1");
        assertEquals("none", bad.nextEvent().at("/data/token").asText(), "its token was dropped: anonymous");
        assertEquals("good", good.nextEvent().at("/data/token").asText());
        assertEquals("none", none.nextEvent().at("/data/token").asText());
    }

    @Test
    void aTokenThatDoesNotVerifyIsRefusedAtOnceWhenConfigured() throws Exception {
        start(RealtimeSettings.defaults().withRefuseInvalidTokens(true), GOOD_TOKEN_ONLY);
        RawClient bad = raw("token=expired");
        assertTrue(bad.texts.poll(5, TimeUnit.SECONDS).startsWith("0{\"sid\":"));
        bad.ws.sendText("40", true).join();
        assertEquals("44{\"message\":\"Invalid or expired token\"}", bad.texts.poll(5, TimeUnit.SECONDS));
        assertTrue(bad.closed.get(5, TimeUnit.SECONDS) >= 1000, "closed by the server");
        assertEquals(1, realtime.stats().connectionsRefused());
        assertEquals(1, realtime.stats().invalidTokens());

        // Missing tokens and tokens that verify still connect.
        connect("token=null");
        connect("");
        connect("token=good");
        await(() -> realtime.stats().connections() == 3, "three connected");
    }

    // ---- helpers ----

    private RawClient raw(String query) throws Exception {
        RawClient c = RawClient.open(javalin.port(), "app_id=" + APP + "&" + query);
        sockets.add(c.ws);
        return c;
    }

    private RawClient connect(String query) throws Exception {
        RawClient c = RawClient.connect(javalin.port(), "app_id=" + APP + "&" + query);
        sockets.add(c.ws);
        return c;
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what + "; " + realtime.stats());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

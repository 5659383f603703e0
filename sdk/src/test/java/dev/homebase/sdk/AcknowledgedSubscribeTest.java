package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.realtime.Subscription;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** subscribe() waits for the server's acknowledgement of the join, with a timeout; refusals throw. */
class AcknowledgedSubscribeTest {
    private static final String ROOM = "entities:app-1:Task";

    private static Base44Client client(EngineIoPeer peer, Duration timeout) {
        return Base44.createClient(ClientConfig.builder().serverUrl(peer.url()).appId("app-1")
                .subscribeTimeout(timeout).build());
    }

    @Test
    void subscribeReturnsOnceTheJoinIsAcknowledged() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, Duration.ofSeconds(5))) {
            peer.ackAnswer = "{\"ok\":true}";
            try (Subscription sub = client.entities("Task").subscribe(e -> { })) {
                EngineIoPeer.Conn conn = peer.nextConnection();
                assertEquals("40", conn.next());
                assertEquals("420[\"join\",\"" + ROOM + "\"]", conn.next(), "the join carries an ack id");
                // a second subscriber of a joined room returns at once
                client.entities("Task").subscribe(e -> { }).close();
            }
        }
    }

    @Test
    void subscribeAsyncCompletesWhenTheServerAnswers() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, Duration.ofSeconds(5))) {
            CompletableFuture<Subscription> later = client.entities("Task").subscribeAsync(e -> { });
            EngineIoPeer.Conn conn = peer.nextConnection();
            assertEquals("40", conn.next());
            assertEquals("420[\"join\",\"" + ROOM + "\"]", conn.next());
            Thread.sleep(100);
            assertFalse(later.isDone(), "not before the acknowledgement");
            conn.send("430[{\"ok\":true}]");
            later.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aRefusedJoinThrowsWithTheServersReason() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, Duration.ofSeconds(5))) {
            peer.ackAnswer = "{\"ok\":false,\"reason\":\"too many rooms on this connection (at most 1)\"}";
            Base44Exception e = assertThrows(Base44Exception.class, () -> client.entities("Task").subscribe(x -> { }));
            assertEquals("SUBSCRIBE_REFUSED", e.code());
            assertTrue(e.getMessage().contains("too many rooms"), e.getMessage());
            EngineIoPeer.Conn conn = peer.nextConnection();
            assertEquals("40", conn.next());
            conn.next(); // the join
            assertEquals("42[\"leave\",\"" + ROOM + "\"]", conn.next(), "the refused subscription was closed");
        }
    }

    @Test
    void aRefusedConnectionThrowsWithTheServersReason() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, Duration.ofSeconds(5))) {
            peer.refusal = "Unknown app: app-1";
            CompletionException e = assertThrows(CompletionException.class,
                    () -> client.entities("Task").subscribeAsync(x -> { }).join());
            Base44Exception refused = assertInstanceOf(Base44Exception.class, e.getCause());
            assertEquals("CONNECT_ERROR", refused.code());
            assertTrue(refused.getMessage().contains("Unknown app: app-1"), refused.getMessage());
        }
    }

    @Test
    void noAcknowledgementTimesOut() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, Duration.ofMillis(400))) {
            long start = System.nanoTime();
            NetworkException e = assertThrows(NetworkException.class, () -> client.entities("Task").subscribe(x -> { }));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("SUBSCRIBE_TIMEOUT", e.code());
            assertEquals(peer.url() + "/ws-user-apps/socket.io/", e.url());
            assertTrue(took >= 350 && took < 5000, "took " + took + " ms");
        }
    }

    @Test
    void aZeroTimeoutSendsJoinsWithoutAckIdsAndDoesNotWait() throws Exception {
        try (EngineIoPeer peer = new EngineIoPeer(); Base44Client client = client(peer, Duration.ZERO)) {
            try (Subscription sub = client.entities("Task").subscribe(e -> { })) {
                EngineIoPeer.Conn conn = peer.nextConnection();
                assertEquals("40", conn.next());
                assertEquals("42[\"join\",\"" + ROOM + "\"]", conn.next());
            }
        }
    }
}

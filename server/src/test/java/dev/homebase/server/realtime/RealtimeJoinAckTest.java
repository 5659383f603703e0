package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.realtime.Subscription;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Joins sent with a Socket.IO ack id (the Java SDK) are answered {@code {"ok":true}} or {@code {"ok":false,"reason"}}:
 * the SDK's subscribe returns once joined and throws the server's reason when refused. Joins without an ack id (the
 * JavaScript client) get no answer, as before (conformance realtime.test.mjs).
 */
class RealtimeJoinAckTest {
    private static final String APP = "app1";

    private RealtimeServer realtime;
    private Javalin javalin;

    private String start(RealtimeSettings settings) {
        realtime = new RealtimeServer(APP::equals, SubscriberFilter.everyone(), settings, Clock.systemUTC());
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            realtime.install(config);
        }).start("127.0.0.1", 0);
        return "http://127.0.0.1:" + javalin.port();
    }

    @AfterEach
    void stop() {
        if (javalin != null) javalin.stop();
        if (realtime != null) realtime.close();
    }

    private static Base44Client client(String url, String appId) {
        return Base44.createClient(ClientConfig.builder().serverUrl(url).appId(appId)
                .subscribeTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void joinsAreAcknowledgedAndRefusalsCarryTheReason() {
        String url = start(RealtimeSettings.defaults().withMaxRoomsPerConnection(1));
        try (Base44Client client = client(url, APP); Subscription task = client.entities("Task").subscribe(e -> { })) {
            assertEquals(1, realtime.stats().roomMemberships(), "joined when subscribe returned");
            Base44Exception refused = assertThrows(Base44Exception.class, () -> client.entities("Note").subscribe(e -> { }));
            assertEquals("SUBSCRIBE_REFUSED", refused.code());
            assertTrue(refused.getMessage().contains("too many rooms on this connection (at most 1)"), refused.getMessage());
            Base44Exception other = assertInstanceOf(Base44Exception.class, assertThrows(CompletionException.class,
                    () -> client.entities("Other").subscribeAsync(e -> { }).join()).getCause());
            assertEquals("SUBSCRIBE_REFUSED", other.code());
        }
    }

    @Test
    void aConnectionToAnUnknownAppIsRefusedWithTheReason() {
        String url = start(RealtimeSettings.defaults());
        try (Base44Client stranger = client(url, "no-such-app")) {
            Base44Exception refused = assertThrows(Base44Exception.class, () -> stranger.entities("Task").subscribe(e -> { }));
            assertEquals("CONNECT_ERROR", refused.code());
            assertTrue(refused.getMessage().contains("no-such-app") || refused.getMessage().toLowerCase().contains("app"),
                    refused.getMessage());
        }
    }
}

package dev.homebase.server.realtime;

import dev.homebase.server.AppOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.realtime.EntityEvent;
import dev.homebase.sdk.realtime.Subscription;
import dev.homebase.server.App;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.http.TestMail;
import dev.homebase.server.http.TestServer;
import dev.homebase.server.store.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java SDK's {@code subscribe} against a real server, on both databases: writes through the
 * SDK arrive as typed events, the access rules decide who gets which event and which fields, a
 * closed subscription gets nothing more, an unknown app is reported to the error listener, and a
 * server restarted on the same port and data gets the subscriptions back by themselves.
 */
class SdkRealtimeTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    /** A typed view of the rlstest Note entity. */
    record Note(String id, String title, String team, Integer salary) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void subscriptionsFollowTheRulesAndSurviveARestart(TestDatabases.Kind kind) throws Exception {
        AuthConfig auth = TestServer.fastAuth()
                .withSmtp(MAIL.settings())
                .withAdmin(ADMIN, PASSWORD);
        TestServer server = new TestServer("rlstest", kind, auth);
        boolean serverOpen = true;
        App restarted = null;
        try {
            String url = "http://127.0.0.1:" + server.port();
            RealtimeServer realtime = server.app().realtime();
            Base44Client ana = signedUpClient(url, "red");
            Base44Client bob = signedUpClient(url, "blue");
            Base44Client admin = client(url);
            admin.auth().loginViaEmailPassword(ADMIN, PASSWORD);
            Base44Client script = Base44.createClient(ClientConfig.builder().serverUrl(url).appId("rlstest")
                    .serviceToken(server.serviceToken()).build());
            Base44Client anonymous = client(url);

            BlockingQueue<EntityEvent<Note>> forAna = new LinkedBlockingQueue<>();
            BlockingQueue<EntityEvent<Map<String, Object>>> forBob = new LinkedBlockingQueue<>();
            BlockingQueue<EntityEvent<Note>> forService = new LinkedBlockingQueue<>();
            BlockingQueue<EntityEvent<Map<String, Object>>> forAnonymous = new LinkedBlockingQueue<>();
            Subscription anaSub = ana.entities("Note", Note.class).subscribe(forAna::add);
            bob.entities("Note").subscribe(forBob::add);
            script.asServiceRole().entities("Note", Note.class).subscribe(forService::add);
            anonymous.entities("Bulletin").subscribe(forAnonymous::add);
            await(() -> realtime.stats().roomMemberships(), 4);

            // Create, update and delete arrive as typed records, with the subscriber's field rules.
            Map<String, Object> created = ana.entities("Note").create(Map.of("title", "n1", "team", "red", "salary", 5));
            String id = (String) created.get("id");
            EntityEvent<Note> event = next(forAna);
            assertEquals("create", event.type());
            assertEquals(id, event.id());
            assertEquals(new Note(id, "n1", "red", null), event.data(), "salary is for HR only");
            assertTrue(event.timestamp().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), event.timestamp());
            assertEquals(5, next(forService).data().salary(), "the service role sees every field");

            ana.entities("Note").update(id, Map.of("title", "n2"));
            EntityEvent<Note> updated = next(forAna);
            assertEquals("update", updated.type());
            assertEquals("n2", updated.data().title());
            assertEquals("n2", next(forService).data().title());

            admin.entities("Note").delete(id);
            EntityEvent<Note> deleted = next(forAna);
            assertEquals("delete", deleted.type());
            assertEquals(id, deleted.id());
            assertEquals("delete", next(forService).type());

            // Bob (another team) gets his own note and never Ana's; Ana never gets Bob's.
            String bobsId = (String) bob.entities("Note").create(Map.of("title", "b1", "team", "blue")).get("id");
            EntityEvent<Map<String, Object>> bobs = next(forBob);
            assertEquals(bobsId, bobs.id());
            assertEquals("b1", bobs.data().get("title"));
            assertEquals(bobsId, next(forService).id());
            script.asServiceRole().entities("Bulletin").create(Map.of("text", "hello"));
            assertEquals("hello", next(forAnonymous).data().get("text"));
            assertNull(forAna.poll(300, TimeUnit.MILLISECONDS), "Ana cannot read Bob's note");
            assertNull(forBob.poll(10, TimeUnit.MILLISECONDS), "Bob could read none of Ana's note events");

            // A closed subscription gets nothing more (the SDK leaves the room 250 ms later).
            anaSub.close();
            await(() -> realtime.stats().roomMemberships(), 3);
            ana.entities("Note").create(Map.of("title", "n3", "team", "red"));
            assertEquals("n3", next(forService).data().title());
            assertNull(forAna.poll(300, TimeUnit.MILLISECONDS));

            // An unknown app is refused at once: subscribe throws with the server's reason, which also reaches the
            // error listener, and it is not retried.
            BlockingQueue<Base44Exception> errors = new LinkedBlockingQueue<>();
            try (Base44Client stranger = Base44.createClient(ClientConfig.builder().serverUrl(url).appId("nope")
                    .errorListener(errors::add).build())) {
                Base44Exception thrown = org.junit.jupiter.api.Assertions.assertThrows(Base44Exception.class,
                        () -> stranger.entities("Note").subscribe(e -> { }));
                assertEquals("CONNECT_ERROR", thrown.code());
                Base44Exception refused = errors.poll(10, TimeUnit.SECONDS);
                assertNotNull(refused, "connect_error reaches the error listener");
                assertEquals("CONNECT_ERROR", refused.code());
                assertTrue(refused.getMessage().contains("App \"nope\" not found"), refused.getMessage());
            }

            // The server restarts on the same port and data; the subscriptions come back by themselves.
            int port = server.port();
            server.close();
            serverOpen = false;
            restarted = App.start(new ServerConfig(List.of(server.dir()), "127.0.0.1", port,
                    server.dir().resolve(".homebase"), server.databaseUrl()), AppOptions.defaults().withAuth(auth));
            RealtimeServer again = restarted.realtime();
            await(() -> again.stats().roomMemberships(), 3);
            script.asServiceRole().entities("Note").create(Map.of("title", "after restart", "team", "blue"));
            assertEquals("after restart", next(forService).data().title());
            assertEquals("after restart", next(forBob).data().get("title"));
            for (Base44Client c : List.of(ana, bob, admin, script, anonymous)) {
                c.close();
            }
            await(() -> again.stats().connections(), 0);
        } finally {
            if (serverOpen) {
                server.close();
            }
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static Base44Client client(String url) {
        return Base44.createClient(ClientConfig.builder().serverUrl(url).appId("rlstest").build());
    }

    /** Registers a new user through the SDK, reading the code from the SMTP server, and signs in. */
    private static Base44Client signedUpClient(String url, String team) throws Exception {
        String email = "rt" + COUNTER.incrementAndGet() + "@example.test";
        Base44Client c = client(url);
        c.auth().register(email, PASSWORD);
        c.auth().verifyOtp(email, MAIL.code(email));
        c.auth().loginViaEmailPassword(email, PASSWORD);
        c.auth().updateMe(Map.of("team", team));
        return c;
    }

    private static <T> T next(BlockingQueue<T> events) throws InterruptedException {
        T e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event within 10 s");
        return e;
    }

    /** Waits for a server-side count (joins have no acknowledgement). */
    private static void await(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (value.getAsInt() != expected) {
            if (System.nanoTime() > deadline) throw new AssertionError("expected " + expected + " but was " + value.getAsInt());
            Thread.sleep(20);
        }
    }
}

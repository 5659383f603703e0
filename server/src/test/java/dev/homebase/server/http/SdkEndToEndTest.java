package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.FilePart;
import dev.homebase.sdk.ForbiddenException;
import dev.homebase.sdk.NetworkException;
import dev.homebase.sdk.NotFoundException;
import dev.homebase.sdk.RateLimitedException;
import dev.homebase.sdk.ServerException;
import dev.homebase.sdk.UnauthorizedException;
import dev.homebase.sdk.ValidationException;
import dev.homebase.sdk.functions.FunctionException;
import dev.homebase.sdk.realtime.Subscription;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ImportResult;
import dev.homebase.sdk.entities.Query;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.store.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java SDK against a real server, on both databases: sign-up with the code from a real SMTP
 * server, sign-in, the entity methods, row and field rules seen by an owner, a teammate, another
 * user, an admin, an anonymous caller and the service role, update many and import, and errors as
 * {@link Base44Exception}.
 */
class SdkEndToEndTest {
    private static final String PASSWORD = "s3cret-pass";
    private static final String ADMIN = "admin@example.test";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    @RegisterExtension
    static final TestMail MAIL = new TestMail();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void sdkAgainstARealServer(TestDatabases.Kind kind) throws Exception {
        RateLimits.Rule many = new RateLimits.Rule(1000, Duration.ofMinutes(1));
        AuthConfig auth = TestServer.fastAuth()
                .withSmtp(MAIL.settings())
                .withRateLimits(new RateLimits(many, many, many, many, many))
                .withAdmin(ADMIN, PASSWORD);
        try (TestServer server = new TestServer(TestServer.copyFixture("rlstest"), TestDatabases.freshUrl(kind), auth)) {
            String url = "http://127.0.0.1:" + server.port();
            Base44Client ana = signedUpClient(url, "red");
            Base44Client carl = signedUpClient(url, "red");
            Base44Client bob = signedUpClient(url, "blue");
            Base44Client admin = client(url, null);
            admin.auth().loginViaEmailPassword(ADMIN, PASSWORD);
            assertEquals("admin", admin.auth().me().role());
            Base44Client anonymous = client(url, null);
            Base44Client script = Base44.createClient(ClientConfig.builder().serverUrl(url).appId("rlstest")
                    .serviceToken(server.serviceToken()).build());

            // Entity methods through the SDK, as the owner.
            EntityHandler<Map<String, Object>> notes = ana.entities("Note");
            Map<String, Object> first = notes.create(Map.of("title", "a1", "team", "red", "salary", 10));
            assertFalse(first.containsKey("salary"), "salary is for HR only");
            notes.bulkCreate(List.of(Map.of("title", "a2", "team", "red"), Map.of("title", "a3", "team", "green")));
            String id = (String) first.get("id");
            assertEquals("a1b", notes.update(id, Map.of("title", "a1b")).get("title"));
            assertEquals("a1b", notes.get(id).get("title"));
            assertEquals(List.of("a3", "a2", "a1b"), titles(notes.list("-created_date")));
            assertEquals(List.of("a1b", "a2"), titles(notes.filter(Query.where("team").eq("red"), "title", 10)));
            assertEquals(2, notes.count(Map.of("team", "red")));
            assertEquals(1, notes.upsert(List.of(Map.of("title", "a3", "team", "red")), "title").updated());
            bob.entities("Note").create(Map.of("title", "b1", "team", "blue"));

            // Row rules, per caller.
            assertEquals(Set.of("a1b", "a2", "a3"), Set.copyOf(titles(carl.entities("Note").list())), "teammate");
            assertEquals(Set.of("b1"), Set.copyOf(titles(bob.entities("Note").list())), "other team");
            assertEquals(4, admin.entities("Note").list().size());
            assertEquals(4, script.asServiceRole().entities("Note").list().size());
            assertEquals(List.of(), anonymous.entities("Note").list());
            assertTrue(script.asServiceRole().entities("Note").get(id).containsKey("salary"), "service role sees every field");

            // Hidden means not found; forbidden means 403; bad input is a clear 4xx.
            Base44Exception hidden = assertThrows(Base44Exception.class, () -> bob.entities("Note").get(id));
            assertEquals(404, hidden.status());
            assertEquals(404, assertThrows(Base44Exception.class, () -> carl.entities("Note").update(id, Map.of("title", "x"))).status());
            assertEquals(404, assertThrows(Base44Exception.class, () -> notes.delete(id)).status(), "only admins delete");
            assertEquals(403, assertThrows(Base44Exception.class, () -> ana.entities("Bulletin").create(Map.of("text", "hi"))).status());
            Base44Exception invalid = assertThrows(Base44Exception.class, () -> notes.create(Map.of("team", "red")));
            assertEquals(422, invalid.status());
            assertEquals("Error in field title: Field required", invalid.getMessage());
            assertEquals(404, assertThrows(Base44Exception.class, () -> ana.entities("Nope").list()).status());

            // The service role writes what nobody else may; anonymous callers read public entities.
            script.asServiceRole().entities("Bulletin").create(Map.of("text", "welcome"));
            assertEquals("welcome", anonymous.entities("Bulletin").list().get(0).get("text"));
            assertEquals(1, admin.entities("Note").deleteMany(Map.of("title", "b1")).deleted());
            admin.entities("Note").delete(id);
            assertEquals(2, notes.list().size());

            // Update many and import, under the same rules.
            assertEquals(2, notes.updateMany(Map.of(), Map.of("$set", Map.of("team", "green"))).updated());
            ImportResult<Map<String, Object>> imported = notes.importEntities(
                    FilePart.of("more.csv", "title,team\na4,green\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(imported.isSuccess(), imported.details());
            assertEquals(3, notes.count(Map.of("team", "green")));
            assertEquals(403, assertThrows(Base44Exception.class,
                    () -> anonymous.entities("Bulletin").importEntities(FilePart.of("b.csv", "text\nhi\n".getBytes()))).status());
        }
    }

    /** Each typed exception, raised by what a real server answers (409 and 5xx: see SDK ErrorMappingTest). */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void typedErrorsFromARealServer(TestDatabases.Kind kind) throws Exception {
        RateLimits.Rule many = new RateLimits.Rule(1000, Duration.ofMinutes(1));
        RateLimits.Rule two = new RateLimits.Rule(2, Duration.ofMinutes(5));
        AuthConfig auth = TestServer.fastAuth().withRateLimits(new RateLimits(many, two, many, many, many))
                .withAdmin(ADMIN, PASSWORD);
        String url;
        Base44Client admin;
        try (TestServer server = new TestServer(TestServer.copyFixture("rlstest"), TestDatabases.freshUrl(kind), auth)) {
            url = "http://127.0.0.1:" + server.port();
            admin = client(url, null);
            admin.auth().loginViaEmailPassword(ADMIN, PASSWORD);
            Base44Client anonymous = client(url, null);

            assertEquals(401, assertThrows(UnauthorizedException.class, () -> anonymous.auth().me()).status());
            assertEquals(403, assertThrows(ForbiddenException.class,
                    () -> anonymous.entities("Bulletin").create(Map.of("text", "hi"))).status());
            NotFoundException missing = assertThrows(NotFoundException.class, () -> admin.entities("Note").get("nope"));
            assertEquals(404, missing.status());
            assertThrows(NotFoundException.class, () -> admin.entities("Nope").list());
            assertEquals(NotFoundException.class, assertThrows(java.util.concurrent.CompletionException.class,
                    () -> admin.entities("Note").getAsync("nope").join()).getCause().getClass());

            ValidationException required = assertThrows(ValidationException.class,
                    () -> admin.entities("Note").create(Map.of("team", "red")));
            assertEquals(List.of(new ValidationException.FieldError("title", "Field required")), required.fieldErrors());
            ValidationException type = assertThrows(ValidationException.class,
                    () -> admin.entities("Note").create(Map.of("title", "t", "salary", "lots")));
            assertEquals("salary", type.fieldErrors().get(0).field());
            assertEquals(0, admin.entities("Note").count(), "nothing was written");

            Base44Client guesser = client(url, null);
            Base44Exception last = null;
            for (int i = 0; i < 3; i++) {
                last = assertThrows(Base44Exception.class, () -> guesser.auth().loginViaEmailPassword(ADMIN, "wrong"));
            }
            RateLimitedException limited = assertInstanceOf(RateLimitedException.class, last);
            assertTrue(limited.retryAfter().orElseThrow().toSeconds() > 0, "Retry-After: " + limited.retryAfter());

            FunctionException noFunction = assertThrows(FunctionException.class, () -> admin.functions().invoke("nope"));
            assertEquals(404, noFunction.status());
            assertTrue(noFunction.getMessage().contains("not found"), noFunction.getMessage());
            assertFalse(noFunction.getMessage().startsWith("Request failed"), noFunction.getMessage());

            ServerException noModel = assertThrows(ServerException.class, () -> admin.integrations().core().invokeLLM("hi"));
            assertEquals(503, noModel.status(), "no AI provider is configured on this server");
            assertTrue(noModel.getMessage().contains("HOMEBASE_LLM_URL"), noModel.getMessage());
        }
        NetworkException down = assertThrows(NetworkException.class, () -> admin.entities("Note").list());
        assertEquals(url + "/api/apps/rlstest/entities/Note", down.url());
        assertEquals(0, down.status());
        assertTrue(down.getCause() instanceof java.io.IOException, String.valueOf(down.getCause()));
    }

    /** subscribe returns once the server has joined the room: a create right after it is delivered, every time. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void subscribeThenCreateDeliversEveryTime(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer(TestServer.copyFixture("rlstest"), TestDatabases.freshUrl(kind),
                TestServer.fastAuth())) {
            String url = "http://127.0.0.1:" + server.port();
            try (Base44Client writer = client(url, null)) {
                long start = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    try (Base44Client watcher = client(url, null)) {
                        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
                        try (Subscription sub = watcher.entities("Memo").subscribe(e -> seen.add(e.id()))) {
                            String id = (String) writer.entities("Memo").create(Map.of("title", "m" + i)).get("id");
                            assertEquals(id, seen.poll(5, java.util.concurrent.TimeUnit.SECONDS), "event " + i + " of 100");
                        }
                    }
                }
                System.out.printf("subscribe-then-create, 100 fresh clients: %d ms%n",
                        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            try (Base44Client stranger = Base44.createClient(ClientConfig.builder().serverUrl(url).appId("no-such-app")
                    .build())) {
                Base44Exception refused = assertThrows(Base44Exception.class,
                        () -> stranger.entities("Memo").subscribe(e -> { }));
                assertEquals("CONNECT_ERROR", refused.code());
            }
        }
    }

    private static Base44Client client(String url, String token) {
        ClientConfig.Builder b = ClientConfig.builder().serverUrl(url).appId("rlstest");
        if (token != null) b.token(token);
        return Base44.createClient(b.build());
    }

    /** Registers a new user through the SDK, reading the code from the SMTP server, and signs in. */
    private static Base44Client signedUpClient(String url, String team) throws Exception {
        String email = "user" + COUNTER.incrementAndGet() + "@example.test";
        Base44Client c = client(url, null);
        c.auth().register(email, PASSWORD);
        c.auth().verifyOtp(email, MAIL.code(email));
        c.auth().loginViaEmailPassword(email, PASSWORD);
        c.auth().updateMe(Map.of("team", team));
        assertEquals(team, c.auth().me().get("team"));
        return c;
    }

    private static List<String> titles(List<Map<String, Object>> records) {
        return records.stream().map(r -> (String) r.get("title")).collect(Collectors.toList());
    }
}

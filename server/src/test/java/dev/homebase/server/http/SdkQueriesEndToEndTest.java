package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.MappingException;
import dev.homebase.sdk.auth.LoginResult;
import dev.homebase.sdk.entities.AggregateResult;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import dev.homebase.sdk.entities.Query;
import dev.homebase.sdk.entities.UpsertResult;
import dev.homebase.server.store.TestDatabases;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java SDK's query and bulk methods against a real server, on both databases: count,
 * aggregate, cursor pages walked to the end, distinct, upsert (single and compound keys), bulk
 * create and update, update many, delete many, and the {@code *Async} variants (entities and auth).
 */
class SdkQueriesEndToEndTest {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "s3cret-pass";

    /** A typed view of the aggtest Sale entity. */
    record Sale(String id, String region, String agent, String label, Double amount, Integer qty) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void queriesAndBulkWritesThroughTheSdk(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("aggtest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD));
             Base44Client base44 = Base44.createClient(ClientConfig.builder()
                     .serverUrl("http://127.0.0.1:" + server.port()).appId("aggtest").build())) {
            LoginResult login = base44.auth().loginViaEmailPasswordAsync(ADMIN, PASSWORD).join();
            assertEquals(login.accessToken(), base44.token().orElseThrow(), "the async login sets the token");
            assertEquals("admin", base44.auth().meAsync().join().role());

            EntityHandler<Sale> sales = base44.entities("Sale", Sale.class);
            List<Sale> created = sales.bulkCreate(List.of(
                    sale("north", "a1", "s1", 10, 1), sale("north", "a2", "s2", 20, 2), sale("north", "a1", "s3", 30, 3),
                    sale("south", "a1", "s4", 5, 1), sale("south", "a3", "s5", 15, 5),
                    sale("east", "a2", "s6", 40, 2), sale("east", "a3", "s7", 1, 1)));
            assertEquals(List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7"), created.stream().map(Sale::label).toList());

            // Count and aggregate.
            assertEquals(7, sales.count());
            assertEquals(3, sales.count(Query.where("region").eq("north")));
            assertEquals(3, sales.count(Query.where("amount").gte(20).and("region").in("north", "east")));
            AggregateResult byRegion = sales.aggregate(Map.of("groupBy", "region", "sum", "amount", "sort", "-sum_amount"));
            assertEquals(List.of("north", "east", "south"), byRegion.rows().stream().map(r -> r.get("region")).toList());
            assertEquals(60.0, ((Number) byRegion.rows().get(0).get("sum_amount")).doubleValue());
            assertEquals(3, ((Number) byRegion.rows().get(0).get("count")).intValue());
            assertFalse(byRegion.truncated());
            AggregateResult busyAgents = sales.aggregate(Map.of("query", Map.of("qty", Map.of("$gte", 2)),
                    "groupBy", "agent", "max", "qty", "having", Map.of("count", Map.of("$gte", 2)), "sort", "agent"));
            assertEquals(1, busyAgents.rows().size());
            assertEquals("a2", busyAgents.rows().get(0).get("agent"));
            assertEquals(2, ((Number) busyAgents.rows().get(0).get("count")).intValue());
            assertEquals(2, ((Number) busyAgents.rows().get(0).get("max_qty")).intValue());
            Map<String, Object> total = sales.aggregate(Map.of("avg", "qty")).rows().get(0);
            assertEquals(7, ((Number) total.get("count")).intValue());
            assertEquals(15.0 / 7, ((Number) total.get("avg_qty")).doubleValue(), 1e-9);

            // Cursor pages, walked to the end: every record once, in sort order.
            ListOptions first = ListOptions.builder().sort("-amount").limit(3).build();
            List<Sale> walked = new ArrayList<>();
            int pages = 0;
            for (Optional<ListOptions> next = Optional.of(first); next.isPresent(); ) {
                Page<Sale> page = sales.list(next.get());
                walked.addAll(page.items());
                pages++;
                next = page.next(next.get());
                assertEquals(page.hasMore(), next.isPresent());
            }
            assertEquals(3, pages);
            assertEquals(List.of(40.0, 30.0, 20.0, 15.0, 10.0, 5.0, 1.0), walked.stream().map(Sale::amount).toList());
            assertEquals(7, new HashSet<>(walked.stream().map(Sale::id).toList()).size());
            Page<Sale> north = sales.filter(Query.where("region").eq("north"),
                    ListOptions.builder().sort("label").limit(2).fields("label", "region").build());
            assertEquals(List.of("s1", "s2"), north.items().stream().map(Sale::label).toList());
            assertNull(north.items().get(0).amount(), "only the requested fields");
            Page<Sale> northRest = sales.filter(Query.where("region").eq("north"), north.next(
                    ListOptions.builder().sort("label").limit(2).build()).orElseThrow());
            assertEquals(List.of("s3"), northRest.items().stream().map(Sale::label).toList());
            assertFalse(northRest.hasMore());

            // Distinct values, ascending, optionally filtered and paged.
            assertEquals(List.of("east", "north", "south"), sales.distinct("region").items());
            assertEquals(List.of("a1", "a3"), sales.distinct("agent", Query.where("region").eq("south"), null).items());
            Page<Object> twoAgents = sales.distinct("agent", null, ListOptions.builder().limit(2).build());
            assertEquals(List.of("a1", "a2"), twoAgents.items());
            assertTrue(twoAgents.hasMore());
            assertEquals(List.of("a3"), sales.distinct("agent", null, twoAgents.next(ListOptions.builder().limit(2).build())
                    .orElseThrow()).items());

            // Upsert by one key and by a compound key.
            UpsertResult<Sale> upserted = sales.upsert(List.of(sale("north", "a1", "s1", 11, 1), sale("west", "a4", "s8", 8, 8)),
                    "label");
            assertEquals(1, upserted.created());
            assertEquals(1, upserted.updated());
            assertEquals(List.of(11.0, 8.0), upserted.records().stream().map(Sale::amount).toList());
            UpsertResult<Sale> compound = sales.upsert(List.of(Map.of("region", "west", "agent", "a4", "qty", 9)),
                    List.of("region", "agent"));
            assertEquals(0, compound.created());
            assertEquals(9, compound.records().get(0).qty());
            assertEquals("s8", compound.records().get(0).label(), "a partial merge keeps other fields");

            // Bulk update by id, update many with operators, delete many.
            Map<String, String> ids = sales.list().stream().collect(Collectors.toMap(Sale::label, Sale::id));
            List<Sale> bulkUpdated = sales.bulkUpdate(List.of(Map.of("id", ids.get("s6"), "qty", 20),
                    Map.of("id", ids.get("s7"), "qty", 10)));
            assertEquals(List.of(20, 10), bulkUpdated.stream().map(Sale::qty).toList());
            assertEquals(2, sales.updateMany(Query.where("region").eq("south"), Map.of("$inc", Map.of("qty", 100))).updated());
            assertEquals(List.of(101, 105), sales.filter(Query.where("region").eq("south"), "qty").stream().map(Sale::qty).toList());
            assertEquals(2, sales.deleteMany(Query.where("region").eq("east")).deleted());
            assertEquals(6, sales.count());

            // Async variants against the real server.
            CompletableFuture<Long> counted = sales.createAsync(sale("east", "a5", "s9", 3, 3))
                    .thenCompose(sale -> sales.updateAsync(sale.id(), Map.of("amount", 4)))
                    .thenCompose(sale -> sales.getAsync(sale.id()))
                    .thenCompose(sale -> {
                        assertEquals(4.0, sale.amount());
                        return sales.countAsync(Query.where("region").eq("east"));
                    });
            assertEquals(1L, counted.join());
            Page<Sale> asyncPage = sales.listAsync(ListOptions.builder().sort("label").limit(4).build()).join();
            assertEquals(List.of("s1", "s2", "s3", "s4"), asyncPage.items().stream().map(Sale::label).toList());
            assertTrue(asyncPage.hasMore());
            assertEquals(List.of("east", "north", "south", "west"),
                    sales.distinctAsync("region", null, null).join().items());
            AggregateResult asyncAgg = sales.aggregateAsync(Map.of("groupBy", "region", "sort", "region")).join();
            assertEquals(4, asyncAgg.rows().size());
            List<Sale> asyncBulk = sales.bulkCreateAsync(List.of(sale("west", "a6", "s10", 1, 1))).join();
            assertEquals(2, sales.filterAsync(Query.where("region").eq("west")).join().size());
            assertEquals(1, sales.deleteManyAsync(Map.of("label", "s10")).join().deleted());
            assertTrue(sales.deleteAsync(asyncBulk.get(0).id()).handle((r, e) -> e != null).join(), "already deleted");
            assertEquals(1, sales.upsertAsync(List.of(sale("west", "a6", "s11", 1, 1)), "label").join().created());
            assertEquals(1, sales.updateManyAsync(Map.of("label", "s11"), Map.of("$set", Map.of("qty", 7))).join().updated());
            assertEquals(7, sales.bulkUpdateAsync(List.of(Map.of("id", ids.get("s1"), "qty", 7))).join().get(0).qty());
            Base44Exception missing = assertInstanceOf(Base44Exception.class,
                    assertThrows(CompletionException.class, () -> sales.getAsync("no-such-id").join()).getCause());
            assertEquals(404, missing.status());
            assertEquals(List.of("s1", "s11", "s2", "s3", "s9"), sales.filterAsync(Query.where("qty").gte(2).and("qty").lte(7), "label",
                    null, null, List.of("label")).join().stream().map(Sale::label).sorted(Comparator.naturalOrder()).toList());
        }
    }

    /** A record with java.time, Optional and camelCase components (paid_on, paid_at, created_date, ...). */
    record TypedSale(String id, String label, LocalDate paidOn, Instant paidAt, Instant createdDate,
                     OffsetDateTime updatedDate, LocalDateTime createdBy, Optional<String> agent, Optional<Double> amount) {
    }

    /** The same, without the mistake (created_by is an email, not a time). */
    record Sale2(String id, String label, LocalDate paidOn, Instant paidAt, Instant createdDate,
                 OffsetDateTime updatedDate, LocalDateTime updatedAt, Optional<String> agent, Optional<Double> amount) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void typedRecordsAndStreamsThroughTheSdk(TestDatabases.Kind kind) throws Exception {
        try (TestServer server = new TestServer("aggtest", kind, TestServer.fastAuth().withAdmin(ADMIN, PASSWORD));
             Base44Client base44 = Base44.createClient(ClientConfig.builder()
                     .serverUrl("http://127.0.0.1:" + server.port()).appId("aggtest").build())) {
            base44.auth().loginViaEmailPassword(ADMIN, PASSWORD);
            EntityHandler<Sale2> sales = base44.entities("Sale", Sale2.class);

            // java.time, Optional and camelCase components round-trip.
            Instant paidAt = Instant.parse("2026-02-03T04:05:06.789Z");
            Instant before = Instant.now().minusSeconds(5);
            Sale2 created = sales.create(new Sale2(null, "t1", LocalDate.of(2026, 2, 3), paidAt, null, null, null,
                    Optional.of("a1"), Optional.empty()));
            assertEquals(LocalDate.of(2026, 2, 3), created.paidOn());
            assertEquals(paidAt, created.paidAt());
            assertEquals(Optional.of("a1"), created.agent());
            assertEquals(Optional.empty(), created.amount(), "an empty Optional is not sent");
            assertTrue(created.createdDate().isAfter(before) && created.createdDate().isBefore(Instant.now().plusSeconds(5)),
                    "created_date (naive UTC) is read as UTC: " + created.createdDate());
            assertFalse(created.updatedDate().toInstant().isBefore(created.createdDate()));
            Sale2 read = sales.get(created.id());
            assertEquals(created, read);
            Map<String, Object> raw = base44.entities("Sale").get(created.id());
            assertEquals("2026-02-03", raw.get("paid_on"));
            assertFalse(raw.containsKey("paidOn"));
            assertFalse(raw.containsKey("amount"));
            assertEquals(created, sales.filter(Map.of("paid_on", "2026-02-03")).get(0));

            // An answer that does not fit the record names the field and the type; the write happened once.
            MappingException wrong = assertThrows(MappingException.class, () -> base44.entities("Sale", TypedSale.class)
                    .create(Map.of("label", "t2")));
            assertEquals("created_by", wrong.field());
            assertEquals("java.time.LocalDateTime", wrong.javaType());
            assertEquals(1, sales.count(Map.of("label", "t2")), "created once, not retried");

            // A stream over 2,500 records in pages of 100 yields each once.
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                batch.add(Map.of("label", "n" + i, "qty", i, "region", "walk"));
                if (batch.size() == 500) {
                    base44.entities("Sale").bulkCreate(batch);
                    batch.clear();
                }
            }
            List<Sale> walked;
            long start = System.nanoTime();
            try (java.util.stream.Stream<Sale> all = base44.entities("Sale", Sale.class)
                    .stream(Map.of("region", "walk"), ListOptions.builder().sort("-qty").limit(100).build())) {
                walked = all.toList();
            }
            System.out.printf("stream over 2,500 records in pages of 100 (%s): %d ms%n", kind,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertEquals(2500, walked.size());
            assertEquals(2500, new HashSet<>(walked.stream().map(Sale::id).toList()).size(), "each record once");
            assertEquals(2499, walked.get(0).qty());
            assertEquals(0, walked.get(2499).qty());
            int seen = 0;
            for (Sale s : base44.entities("Sale", Sale.class).iterate(Map.of("region", "walk"), "label")) {
                seen++;
            }
            assertEquals(2500, seen);
        }
    }

    private static Map<String, Object> sale(String region, String agent, String label, double amount, int qty) {
        return Map.of("region", region, "agent", agent, "label", label, "amount", amount, "qty", qty);
    }
}

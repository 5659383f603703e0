package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.FilePart;
import dev.homebase.sdk.entities.AggregateResult;
import dev.homebase.sdk.entities.DeleteManyResult;
import dev.homebase.sdk.entities.DeleteResult;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.ImportResult;
import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import dev.homebase.sdk.entities.UpdateManyResult;
import dev.homebase.sdk.entities.UpsertResult;
import dev.homebase.sdk.realtime.EntityEvent;
import dev.homebase.sdk.realtime.Subscription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link EntityHandler} over one channel (user or service role). Thread-safe.
 *
 * <p>Each operation is built once as a request plus the conversion of its answer, sent either
 * blocking or with {@code HttpClient.sendAsync}; {@code subscribe} joins {@link #room()} through
 * the client's {@link RealtimeRooms}.
 *
 * @param <T> record type
 */
public final class DefaultEntityHandler<T> implements EntityHandler<T> {
    private final Channel channel;
    private final String appId;
    private final String name;
    private final String base;
    private final ObjectMapper mapper;
    private final JavaType type;
    private final RealtimeRooms realtime;

    /**
     * Creates a handler.
     *
     * @param channel  the channel
     * @param appId    app id
     * @param name     entity name
     * @param type     record type
     * @param realtime the client's realtime rooms
     */
    public DefaultEntityHandler(Channel channel, String appId, String name, JavaType type, RealtimeRooms realtime) {
        this.realtime = realtime;
        this.channel = channel;
        this.appId = appId;
        this.name = Checks.text(name, "entity name");
        this.base = "/apps/" + Encoding.component(appId) + "/entities/" + Encoding.component(name);
        this.mapper = channel.transport().mapper();
        this.type = type;
    }

    /**
     * Returns the realtime room of this entity, {@code entities:{appId}:{name}}.
     *
     * @return the room name
     */
    public String room() {
        return "entities:" + appId + ":" + name;
    }

    /**
     * Returns the realtime rooms this handler subscribes through.
     *
     * @return the rooms
     */
    public RealtimeRooms realtime() {
        return realtime;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<T> list() {
        return run(readArray(null, null, null, null, null));
    }

    @Override
    public List<T> list(String sort) {
        return run(readArray(null, sort, null, null, null));
    }

    @Override
    public List<T> list(String sort, Integer limit) {
        return run(readArray(null, sort, limit, null, null));
    }

    @Override
    public List<T> list(String sort, Integer limit, Integer skip) {
        return run(readArray(null, sort, limit, skip, null));
    }

    @Override
    public List<T> list(String sort, Integer limit, Integer skip, List<String> fields) {
        return run(readArray(null, sort, limit, skip, fields));
    }

    @Override
    public Page<T> list(ListOptions options) {
        return run(readPage(null, Checks.notNull(options, "options")));
    }

    @Override
    public List<T> filter(Map<String, ?> query) {
        return run(readArray(query, null, null, null, null));
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort) {
        return run(readArray(query, sort, null, null, null));
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort, Integer limit) {
        return run(readArray(query, sort, limit, null, null));
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort, Integer limit, Integer skip) {
        return run(readArray(query, sort, limit, skip, null));
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort, Integer limit, Integer skip, List<String> fields) {
        return run(readArray(query, sort, limit, skip, fields));
    }

    @Override
    public Page<T> filter(Map<String, ?> query, ListOptions options) {
        return run(readPage(query, Checks.notNull(options, "options")));
    }

    @Override
    public java.util.stream.Stream<T> stream(Map<String, ?> query, String sort) {
        return stream(query, walkOptions(sort));
    }

    @Override
    public java.util.stream.Stream<T> stream(Map<String, ?> query, ListOptions options) {
        Checks.notNull(options, "options");
        return PageWalk.stream(options, o -> filter(query, o));
    }

    @Override
    public Iterable<T> iterate(Map<String, ?> query, String sort) {
        return iterate(query, walkOptions(sort));
    }

    @Override
    public Iterable<T> iterate(Map<String, ?> query, ListOptions options) {
        Checks.notNull(options, "options");
        return () -> new PageWalk<>(options, o -> filter(query, o));
    }

    private static ListOptions walkOptions(String sort) {
        ListOptions.Builder b = ListOptions.builder();
        if (sort != null && !sort.isEmpty()) {
            b.sort(sort);
        }
        return b.build();
    }

    @Override
    public Page<Object> distinct(String field) {
        return distinct(field, null, ListOptions.defaults());
    }

    @Override
    public Page<Object> distinct(String field, Map<String, ?> query, ListOptions options) {
        return run(distinctOp(field, query, options));
    }

    @Override
    public T get(String id) {
        return run(getOp(id));
    }

    @Override
    public T create(Object data) {
        return run(createOp(data));
    }

    @Override
    public T update(String id, Object data) {
        return run(updateOp(id, data));
    }

    @Override
    public DeleteResult delete(String id) {
        return run(deleteOp(id));
    }

    @Override
    public DeleteManyResult deleteMany(Map<String, ?> query) {
        return run(deleteManyOp(query));
    }

    @Override
    public List<T> bulkCreate(List<?> items) {
        return run(bulkOp("POST", items));
    }

    @Override
    public List<T> bulkUpdate(List<?> items) {
        return run(bulkOp("PUT", items));
    }

    @Override
    public UpdateManyResult updateMany(Map<String, ?> query, Map<String, ?> operations) {
        return run(updateManyOp(query, operations));
    }

    @Override
    public long count() {
        return count(null);
    }

    @Override
    public long count(Map<String, ?> query) {
        return run(countOp(query));
    }

    @Override
    public AggregateResult aggregate(Map<String, ?> spec) {
        return run(aggregateOp(spec));
    }

    @Override
    public UpsertResult<T> upsert(List<?> records, String key) {
        return run(upsertOp(records, Checks.text(key, "key")));
    }

    @Override
    public UpsertResult<T> upsert(List<?> records, List<String> keys) {
        return run(upsertOp(records, checkedKeys(keys)));
    }

    @Override
    public ImportResult<T> importEntities(Path file) {
        return importEntities(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public ImportResult<T> importEntities(FilePart file) {
        return imported(channel.call(importRequest(file)));
    }

    @Override
    public CompletableFuture<ImportResult<T>> importEntitiesAsync(Path file) {
        return importEntitiesAsync(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public CompletableFuture<ImportResult<T>> importEntitiesAsync(FilePart file) {
        return channel.callAsync(importRequest(file), this::imported);
    }

    private ApiRequest importRequest(FilePart file) {
        return ApiRequest.post(base + "/import").multipart(new Multipart().file("file", Checks.notNull(file, "file")));
    }

    private ImportResult<T> imported(JsonNode r) {
        JsonNode output = r == null ? null : r.get("output");
        return new ImportResult<>(r == null ? null : textOrNull(r.get("status")),
                r == null ? null : textOrNull(r.get("details")),
                output != null && output.isArray() ? many(output) : List.of());
    }

    @Override
    public Subscription subscribe(Consumer<? super EntityEvent<T>> callback) {
        try {
            return subscribeAsync(callback).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<Subscription> subscribeAsync(Consumer<? super EntityEvent<T>> callback) {
        Checks.notNull(callback, "callback");
        return realtime.subscribe(room(), data -> {
            EntityEvent<T> event = RealtimeEvents.parse(data, name, this::one);
            if (event != null) {
                callback.accept(event);
            }
        });
    }

    // ---- async variants: the same requests, sent with HttpClient.sendAsync

    @Override
    public CompletableFuture<List<T>> listAsync(String sort, Integer limit, Integer skip, List<String> fields) {
        return runAsync(readArray(null, sort, limit, skip, fields));
    }

    @Override
    public CompletableFuture<Page<T>> listAsync(ListOptions options) {
        return runAsync(readPage(null, Checks.notNull(options, "options")));
    }

    @Override
    public CompletableFuture<List<T>> filterAsync(Map<String, ?> query, String sort, Integer limit, Integer skip,
                                                  List<String> fields) {
        return runAsync(readArray(query, sort, limit, skip, fields));
    }

    @Override
    public CompletableFuture<Page<T>> filterAsync(Map<String, ?> query, ListOptions options) {
        return runAsync(readPage(query, Checks.notNull(options, "options")));
    }

    @Override
    public CompletableFuture<Page<Object>> distinctAsync(String field, Map<String, ?> query, ListOptions options) {
        return runAsync(distinctOp(field, query, options));
    }

    @Override
    public CompletableFuture<T> getAsync(String id) {
        return runAsync(getOp(id));
    }

    @Override
    public CompletableFuture<T> createAsync(Object data) {
        return runAsync(createOp(data));
    }

    @Override
    public CompletableFuture<T> updateAsync(String id, Object data) {
        return runAsync(updateOp(id, data));
    }

    @Override
    public CompletableFuture<DeleteResult> deleteAsync(String id) {
        return runAsync(deleteOp(id));
    }

    @Override
    public CompletableFuture<DeleteManyResult> deleteManyAsync(Map<String, ?> query) {
        return runAsync(deleteManyOp(query));
    }

    @Override
    public CompletableFuture<List<T>> bulkCreateAsync(List<?> items) {
        return runAsync(bulkOp("POST", items));
    }

    @Override
    public CompletableFuture<List<T>> bulkUpdateAsync(List<?> items) {
        return runAsync(bulkOp("PUT", items));
    }

    @Override
    public CompletableFuture<UpdateManyResult> updateManyAsync(Map<String, ?> query, Map<String, ?> operations) {
        return runAsync(updateManyOp(query, operations));
    }

    @Override
    public CompletableFuture<Long> countAsync(Map<String, ?> query) {
        return runAsync(countOp(query));
    }

    @Override
    public CompletableFuture<AggregateResult> aggregateAsync(Map<String, ?> spec) {
        return runAsync(aggregateOp(spec));
    }

    @Override
    public CompletableFuture<UpsertResult<T>> upsertAsync(List<?> records, String key) {
        return runAsync(upsertOp(records, Checks.text(key, "key")));
    }

    @Override
    public CompletableFuture<UpsertResult<T>> upsertAsync(List<?> records, List<String> keys) {
        return runAsync(upsertOp(records, checkedKeys(keys)));
    }

    // ---- one request and how to read its answer, shared by the sync and async methods

    /** A request and the conversion of its JSON body (null when empty). */
    private record Op<R>(ApiRequest request, Function<JsonNode, R> read) {
    }

    private <R> R run(Op<R> op) {
        return op.read().apply(channel.call(op.request()));
    }

    private <R> CompletableFuture<R> runAsync(Op<R> op) {
        return channel.callAsync(op.request(), op.read());
    }

    private Op<T> getOp(String id) {
        return new Op<>(ApiRequest.get(recordPath(id)), this::one);
    }

    private Op<T> createOp(Object data) {
        return new Op<>(ApiRequest.post(base).json(Checks.notNull(data, "data")), this::one);
    }

    private Op<T> updateOp(String id, Object data) {
        String path = recordPath(id);
        return new Op<>(ApiRequest.put(path).json(Checks.notNull(data, "data")), this::one);
    }

    private Op<DeleteResult> deleteOp(String id) {
        return new Op<>(ApiRequest.delete(recordPath(id)),
                body -> new DeleteResult(body != null && body.path("success").asBoolean()));
    }

    private Op<DeleteManyResult> deleteManyOp(Map<String, ?> query) {
        return new Op<>(ApiRequest.delete(base).json(Checks.notNull(query, "query")),
                body -> new DeleteManyResult(body != null && body.path("success").asBoolean(),
                        body == null ? 0 : body.path("deleted").asLong()));
    }

    private Op<List<T>> bulkOp(String method, List<?> items) {
        return new Op<>(ApiRequest.of(method, base + "/bulk").json(Checks.notNull(items, "items")), this::many);
    }

    private Op<UpdateManyResult> updateManyOp(Map<String, ?> query, Map<String, ?> operations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Checks.notNull(query, "query"));
        body.put("data", Checks.notNull(operations, "operations"));
        return new Op<>(ApiRequest.of("PATCH", base + "/update-many").json(body),
                r -> new UpdateManyResult(r != null && r.path("success").asBoolean(),
                        r == null ? 0 : r.path("updated").asLong(), r != null && r.path("has_more").asBoolean()));
    }

    private Op<Long> countOp(Map<String, ?> query) {
        ApiRequest r = ApiRequest.get(base + "/count");
        if (query != null) {
            r.query("q", Json.write(mapper, query));
        }
        return new Op<>(r, body -> body == null ? 0L : body.path("count").asLong());
    }

    private Op<AggregateResult> aggregateOp(Map<String, ?> spec) {
        return new Op<>(ApiRequest.post(base + "/aggregate").json(Checks.notNull(spec, "spec")),
                body -> new AggregateResult(Json.toMapList(body == null ? null : body.get("rows")),
                        body != null && body.path("truncated").asBoolean()));
    }

    private static List<String> checkedKeys(List<String> keys) {
        Checks.notNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty");
        }
        keys.forEach(k -> Checks.text(k, "key"));
        return List.copyOf(keys);
    }

    private Op<UpsertResult<T>> upsertOp(List<?> records, Object key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", Checks.notNull(records, "records"));
        body.put("key", key);
        return new Op<>(ApiRequest.post(base + "/upsert").json(body),
                r -> new UpsertResult<>(r == null ? 0 : r.path("created").asLong(),
                        r == null ? 0 : r.path("updated").asLong(), many(r == null ? null : r.get("records"))));
    }

    private Op<Page<Object>> distinctOp(String field, Map<String, ?> query, ListOptions options) {
        Checks.text(field, "field");
        ListOptions o = options == null ? ListOptions.defaults() : options;
        ApiRequest r = ApiRequest.get(base + "/v2/list");
        if (query != null) {
            r.query("q", Json.write(mapper, query));
        }
        r.query("limit", o.limit());
        r.query("cursor", o.cursor().orElse(null));
        r.query("distinct", field);
        return new Op<>(r, body -> {
            List<Object> items = new ArrayList<>();
            if (body != null) {
                body.path("items").forEach(n -> items.add(Json.toPlain(n)));
            }
            return new Page<>(items, nextCursor(body), body != null && body.path("has_more").asBoolean());
        });
    }

    private Op<List<T>> readArray(Map<String, ?> query, String sort, Integer limit, Integer skip, List<String> fields) {
        // Same truthiness rules as the JavaScript client: null, "" and 0 are not sent.
        ApiRequest r = ApiRequest.get(base);
        if (query != null) {
            r.query("q", Json.write(mapper, query));
        }
        if (sort != null && !sort.isEmpty()) {
            r.query("sort", sort);
        }
        if (limit != null && limit != 0) {
            r.query("limit", limit);
        }
        if (skip != null && skip != 0) {
            r.query("skip", skip);
        }
        if (fields != null && !fields.isEmpty()) {
            r.query("fields", String.join(",", fields));
        }
        return new Op<>(r, this::many);
    }

    private Op<Page<T>> readPage(Map<String, ?> query, ListOptions options) {
        ApiRequest r = ApiRequest.get(base + "/v2/list");
        if (query != null) {
            r.query("q", Json.write(mapper, query));
        }
        r.query("limit", options.limit());
        r.query("cursor", options.cursor().orElse(null));
        r.query("sort", options.sort().filter(s -> !s.isEmpty()).orElse(null));
        if (!options.fields().isEmpty()) {
            r.query("fields", String.join(",", options.fields()));
        }
        return new Op<>(r, body -> new Page<>(many(body == null ? null : body.get("items")), nextCursor(body),
                body != null && body.path("has_more").asBoolean()));
    }

    private String recordPath(String id) {
        return base + "/" + Encoding.component(Checks.text(id, "id"));
    }

    private static String nextCursor(JsonNode body) {
        return body == null ? null : textOrNull(body.get("next_cursor"));
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private T one(JsonNode node) {
        try {
            return Json.convert(mapper, node, type);
        } catch (IllegalArgumentException e) {
            throw conversionFailure(node, e);
        }
    }

    private List<T> many(JsonNode node) {
        List<T> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new Base44Exception("Expected a JSON array from " + name + " but got " + node.getNodeType(),
                    200, "INVALID_RESPONSE", node, null);
        }
        for (JsonNode item : node) {
            out.add(one(item));
        }
        return out;
    }

    private Base44Exception conversionFailure(JsonNode node, IllegalArgumentException e) {
        return Json.mappingFailure("the " + name + " record", 200, node, type, e);
    }
}

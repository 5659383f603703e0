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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EntityHandler} over one channel (user or service role). Thread-safe.
 *
 * <p>NB: realtime {@code subscribe} is not here yet; it will join {@link #room()} through the
 * client's {@link RealtimeRooms}, which is already passed in.
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
     * @param realtime the client's realtime rooms (for the coming {@code subscribe})
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
     * Returns the realtime rooms this handler will subscribe through.
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
        return readArray(null, null, null, null, null);
    }

    @Override
    public List<T> list(String sort) {
        return readArray(null, sort, null, null, null);
    }

    @Override
    public List<T> list(String sort, Integer limit) {
        return readArray(null, sort, limit, null, null);
    }

    @Override
    public List<T> list(String sort, Integer limit, Integer skip) {
        return readArray(null, sort, limit, skip, null);
    }

    @Override
    public List<T> list(String sort, Integer limit, Integer skip, List<String> fields) {
        return readArray(null, sort, limit, skip, fields);
    }

    @Override
    public Page<T> list(ListOptions options) {
        return readPage(null, Checks.notNull(options, "options"));
    }

    @Override
    public List<T> filter(Map<String, ?> query) {
        return readArray(query, null, null, null, null);
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort) {
        return readArray(query, sort, null, null, null);
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort, Integer limit) {
        return readArray(query, sort, limit, null, null);
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort, Integer limit, Integer skip) {
        return readArray(query, sort, limit, skip, null);
    }

    @Override
    public List<T> filter(Map<String, ?> query, String sort, Integer limit, Integer skip, List<String> fields) {
        return readArray(query, sort, limit, skip, fields);
    }

    @Override
    public Page<T> filter(Map<String, ?> query, ListOptions options) {
        return readPage(query, Checks.notNull(options, "options"));
    }

    @Override
    public Page<Object> distinct(String field) {
        return distinct(field, null, ListOptions.defaults());
    }

    @Override
    public Page<Object> distinct(String field, Map<String, ?> query, ListOptions options) {
        Checks.text(field, "field");
        ListOptions o = options == null ? ListOptions.defaults() : options;
        ApiRequest r = ApiRequest.get(base + "/v2/list");
        if (query != null) {
            r.query("q", Json.write(mapper, query));
        }
        r.query("limit", o.limit());
        r.query("cursor", o.cursor().orElse(null));
        r.query("distinct", field);
        JsonNode body = channel.call(r);
        List<Object> items = new ArrayList<>();
        if (body != null) {
            body.path("items").forEach(n -> items.add(Json.toPlain(n)));
        }
        return new Page<>(items, nextCursor(body), body != null && body.path("has_more").asBoolean());
    }

    @Override
    public T get(String id) {
        return one(channel.call(ApiRequest.get(recordPath(id))));
    }

    @Override
    public T create(Object data) {
        return one(channel.call(ApiRequest.post(base).json(Checks.notNull(data, "data"))));
    }

    @Override
    public T update(String id, Object data) {
        String path = recordPath(id);
        return one(channel.call(ApiRequest.put(path).json(Checks.notNull(data, "data"))));
    }

    @Override
    public DeleteResult delete(String id) {
        JsonNode body = channel.call(ApiRequest.delete(recordPath(id)));
        return new DeleteResult(body != null && body.path("success").asBoolean());
    }

    @Override
    public DeleteManyResult deleteMany(Map<String, ?> query) {
        JsonNode body = channel.call(ApiRequest.delete(base).json(Checks.notNull(query, "query")));
        return new DeleteManyResult(body != null && body.path("success").asBoolean(),
                body == null ? 0 : body.path("deleted").asLong());
    }

    @Override
    public List<T> bulkCreate(List<?> items) {
        return many(channel.call(ApiRequest.post(base + "/bulk").json(Checks.notNull(items, "items"))));
    }

    @Override
    public List<T> bulkUpdate(List<?> items) {
        return many(channel.call(ApiRequest.put(base + "/bulk").json(Checks.notNull(items, "items"))));
    }

    @Override
    public UpdateManyResult updateMany(Map<String, ?> query, Map<String, ?> operations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Checks.notNull(query, "query"));
        body.put("data", Checks.notNull(operations, "operations"));
        JsonNode r = channel.call(ApiRequest.of("PATCH", base + "/update-many").json(body));
        return new UpdateManyResult(r != null && r.path("success").asBoolean(),
                r == null ? 0 : r.path("updated").asLong(), r != null && r.path("has_more").asBoolean());
    }

    @Override
    public long count() {
        return count(null);
    }

    @Override
    public long count(Map<String, ?> query) {
        ApiRequest r = ApiRequest.get(base + "/count");
        if (query != null) {
            r.query("q", Json.write(mapper, query));
        }
        JsonNode body = channel.call(r);
        return body == null ? 0 : body.path("count").asLong();
    }

    @Override
    public AggregateResult aggregate(Map<String, ?> spec) {
        JsonNode body = channel.call(ApiRequest.post(base + "/aggregate").json(Checks.notNull(spec, "spec")));
        return new AggregateResult(Json.toMapList(body == null ? null : body.get("rows")),
                body != null && body.path("truncated").asBoolean());
    }

    @Override
    public UpsertResult<T> upsert(List<?> records, String key) {
        return upsertWith(records, Checks.text(key, "key"));
    }

    @Override
    public UpsertResult<T> upsert(List<?> records, List<String> keys) {
        Checks.notNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty");
        }
        keys.forEach(k -> Checks.text(k, "key"));
        return upsertWith(records, List.copyOf(keys));
    }

    private UpsertResult<T> upsertWith(List<?> records, Object key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", Checks.notNull(records, "records"));
        body.put("key", key);
        JsonNode r = channel.call(ApiRequest.post(base + "/upsert").json(body));
        return new UpsertResult<>(r == null ? 0 : r.path("created").asLong(),
                r == null ? 0 : r.path("updated").asLong(), many(r == null ? null : r.get("records")));
    }

    @Override
    public ImportResult<T> importEntities(Path file) {
        return importEntities(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public ImportResult<T> importEntities(FilePart file) {
        Checks.notNull(file, "file");
        JsonNode r = channel.call(ApiRequest.post(base + "/import").multipart(new Multipart().file("file", file)));
        JsonNode output = r == null ? null : r.get("output");
        return new ImportResult<>(r == null ? null : textOrNull(r.get("status")),
                r == null ? null : textOrNull(r.get("details")),
                output != null && output.isArray() ? many(output) : List.of());
    }

    private List<T> readArray(Map<String, ?> query, String sort, Integer limit, Integer skip, List<String> fields) {
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
        return many(channel.call(r));
    }

    private Page<T> readPage(Map<String, ?> query, ListOptions options) {
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
        JsonNode body = channel.call(r);
        return new Page<>(many(body == null ? null : body.get("items")), nextCursor(body),
                body != null && body.path("has_more").asBoolean());
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
        return new Base44Exception("Cannot convert " + name + " record to " + type.getRawClass().getName()
                + ": " + e.getMessage(), 200, "INVALID_RESPONSE", node, e);
    }
}

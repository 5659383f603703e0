package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.PageRequest;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The entity operations of the API: each one validates, runs in one transaction and returns the
 * records as the caller may see them. Thread-safe.
 */
public final class RecordService {

    /** System fields every record carries, in the order they are rendered. */
    public static final Set<String> SYSTEM_FIELDS =
            Set.of("id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample");

    private static final Pattern SORT_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private final Database db;
    private final RecordStore store;
    private final RecordIds ids;
    private final Timestamps time;

    public RecordService(Database db, RecordIds ids, Timestamps time) {
        this.db = db;
        this.store = new RecordStore(db.dialect());
        this.ids = ids;
        this.time = time;
    }

    /**
     * One page of records matching {@code filter}.
     *
     * @param filter the parsed filter JSON (null: all)
     * @param sort raw sort parameter; an unknown or invalid field falls back to the default sort
     * @param fields projection (empty: all fields); {@code id} is always included
     */
    public List<ObjectNode> list(EntityContext ctx, JsonNode filter, String sort, int limit, int skip, List<String> fields) {
        Filter parsed = FilterParser.parse(filter);
        PageRequest page = new PageRequest(parsed, sortFor(ctx.schema(), sort), limit, skip);
        List<StoredRecord> rows = db.read(c -> store.page(c, ctx.scope(), page));
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (StoredRecord row : rows) out.add(project(render(row), fields));
        return out;
    }

    /** One record. @throws RecordNotFoundException when absent */
    public ObjectNode get(EntityContext ctx, String id) {
        return render(db.read(c -> store.find(c, ctx.scope(), id)).orElseThrow(() -> notFound(ctx, id)));
    }

    /** Creates one record from a request body. @throws ValidationException */
    public ObjectNode create(EntityContext ctx, ObjectNode body) {
        StoredRecord record = prepareCreate(ctx, body);
        db.useTx(c -> store.insert(c, ctx.scope(), record));
        return render(record);
    }

    /** Creates all records or none. @throws ValidationException naming the first bad element */
    public List<ObjectNode> bulkCreate(EntityContext ctx, List<ObjectNode> bodies) {
        List<StoredRecord> records = new ArrayList<>(bodies.size());
        for (ObjectNode body : bodies) records.add(prepareCreate(ctx, body));
        db.useTx(c -> {
            for (StoredRecord r : records) store.insert(c, ctx.scope(), r);
        });
        return records.stream().map(RecordService::render).toList();
    }

    /** Merges the body's top-level fields into a record. @throws RecordNotFoundException, ValidationException */
    public ObjectNode update(EntityContext ctx, String id, ObjectNode body) {
        ObjectNode patch = ctx.validator().forUpdate(ctx.schema(), body);
        StoredRecord updated = db.inTx(c -> {
            StoredRecord current = store.findForUpdate(c, ctx.scope(), id).orElseThrow(() -> notFound(ctx, id));
            ObjectNode merged = current.data().deepCopy();
            merged.setAll(patch);
            StoredRecord next = current.withData(merged, time.now());
            store.update(c, ctx.scope(), next);
            return next;
        });
        return render(updated);
    }

    /** Deletes one record. @throws RecordNotFoundException */
    public void delete(EntityContext ctx, String id) {
        boolean deleted = db.inTx(c -> store.delete(c, ctx.scope(), id));
        if (!deleted) throw notFound(ctx, id);
    }

    /** Deletes every record matching the filter; returns how many. */
    public int deleteMany(EntityContext ctx, JsonNode filter) {
        Filter parsed = FilterParser.parse(filter);
        return db.inTx(c -> store.deleteMatching(c, ctx.scope(), parsed));
    }

    private StoredRecord prepareCreate(EntityContext ctx, ObjectNode body) {
        ObjectNode data = ctx.validator().forCreate(ctx.schema(), body);
        String now = time.now();
        return new StoredRecord(ids.next(), data, now, now, ctx.caller().email(), ctx.caller().id(), false);
    }

    private static Sort sortFor(EntitySchema schema, String raw) {
        Sort sort = Sort.parse(raw);
        String field = sort.field().startsWith("data.") ? sort.field().substring(5) : sort.field();
        if (!SORT_FIELD.matcher(field).matches()) return Sort.DEFAULT;
        String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        // Positional misuse such as filter({}, 10) sends sort=10: ignore unknown fields, never fail.
        if (!SYSTEM_FIELDS.contains(top) && !schema.hasField(top)) return Sort.DEFAULT;
        return new Sort(field, sort.descending());
    }

    private static RecordNotFoundException notFound(EntityContext ctx, String id) {
        return new RecordNotFoundException("Entity " + ctx.scope().entity() + " with ID " + id + " not found");
    }

    /** The wire form of a record: the app's fields flat, plus the system fields. */
    static ObjectNode render(StoredRecord r) {
        ObjectNode out = Json.object();
        out.put("id", r.id());
        out.setAll(r.data());
        out.put("created_date", r.createdDate());
        out.put("updated_date", r.updatedDate());
        out.put("created_by", r.createdBy());
        out.put("created_by_id", r.createdById());
        out.put("is_sample", r.isSample());
        return out;
    }

    private static ObjectNode project(ObjectNode record, List<String> fields) {
        if (fields.isEmpty()) return record;
        ObjectNode out = Json.object();
        out.set("id", record.get("id"));
        for (String f : fields) {
            if (record.has(f)) out.set(f, record.get(f));
        }
        return out;
    }

    /** Converts an array body into objects. @throws IllegalArgumentException if an element is not an object */
    public static List<ObjectNode> objects(ArrayNode array) {
        List<ObjectNode> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            if (!n.isObject()) throw new IllegalArgumentException("Every element of the request body must be an object");
            out.add((ObjectNode) n);
        }
        return out;
    }
}

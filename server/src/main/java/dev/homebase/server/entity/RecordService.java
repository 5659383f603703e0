package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.AggregateParser;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterMatcher;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.UpdateOperators;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.PageRequest;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The entity operations of the API. Each one resolves the caller's access, validates, runs in one
 * transaction and returns the records as the caller may see them. Row rules are part of the SQL
 * of every read, update and delete, so limits and skips only ever see permitted records; field
 * rules are decided by the database in the same query. Thread-safe.
 */
public final class RecordService {

    /** System fields every record carries. */
    public static final Set<String> SYSTEM_FIELDS =
            Set.of("id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample");

    private final Database db;
    private final RecordStore store;
    private final RecordIds ids;
    private final Timestamps time;
    private final RecordListener listener;

    /** A service whose changes nobody hears about. */
    public RecordService(Database db, RecordIds ids, Timestamps time) {
        this(db, ids, time, RecordListener.NONE);
    }

    /** A service that tells {@code listener} about every committed change. */
    public RecordService(Database db, RecordIds ids, Timestamps time, RecordListener listener) {
        this.db = db;
        this.store = new RecordStore(db.dialect());
        this.ids = ids;
        this.time = time;
        this.listener = listener;
    }

    /**
     * One page of the records the caller may read that match {@code filter}.
     *
     * @param filter the filter JSON (null: all)
     * @param sort raw sort parameter; an unknown or invalid field falls back to the default sort
     * @param fields projection (empty: all fields); {@code id} is always included
     */
    public List<ObjectNode> list(EntityContext ctx, JsonNode filter, String sort, int limit, int skip, List<String> fields) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return List.of();
        PageRequest page = new PageRequest(readable.where(), sortFor(ctx.schema(), sort), limit, skip);
        CallerAccess.FieldRules fls = readable.access().fieldRead;
        List<RecordStore.Row> rows = db.read(c -> store.page(c, ctx.scope(), page, fls.conditional()));
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (RecordStore.Row row : rows) out.add(shown(row.record(), fls, row.flags(), fields));
        return out;
    }

    /**
     * A page of a keyset walk, in either mode.
     *
     * @param items records (records mode) or values (distinct mode), in order
     * @param position the sort key values of the last item, for the next cursor; null when there
     *     is no next page
     */
    public record KeysetPage(List<JsonNode> items, List<Object> position) {
        /** Whether more items follow. */
        public boolean hasMore() {
            return position != null;
        }
    }

    /**
     * Up to {@code limit} records the caller may read that match {@code filter}, in {@code sort}
     * order, strictly after {@code position} (null: from the start): the same row and field rules,
     * sort and projection as {@link #list}, but paged by keys instead of an offset.
     *
     * @param position the {@link KeysetPage#position()} of the previous page
     * @throws IllegalArgumentException when {@code position} does not fit the sort
     */
    public KeysetPage listAfter(EntityContext ctx, JsonNode filter, String sort, List<String> fields, int limit, List<Object> position) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return new KeysetPage(List.of(), null);
        Sort order = sortFor(ctx.schema(), sort);
        CallerAccess.FieldRules fls = readable.access().fieldRead;
        List<RecordStore.KeyedRow> rows = db.read(c -> store.pageAfter(c, ctx.scope(), readable.where(), order, position, limit + 1,
                fls.conditional()));
        List<JsonNode> out = new ArrayList<>(Math.min(rows.size(), limit));
        for (RecordStore.KeyedRow row : rows.subList(0, Math.min(rows.size(), limit))) {
            out.add(shown(row.record(), fls, row.flags(), fields));
        }
        return new KeysetPage(out, rows.size() > limit ? rows.get(limit - 1).keys() : null);
    }

    /**
     * Up to {@code limit} distinct values of {@code field} among the records the caller may read
     * that match {@code filter}, ascending in MongoDB type order, strictly after {@code position}.
     * Array values contribute each element; null and missing values none. Only records whose
     * field read rule lets the caller see {@code field} contribute.
     *
     * @throws dev.homebase.server.query.QueryException for an invalid or system field
     * @throws IllegalArgumentException when {@code position} does not fit
     */
    public KeysetPage distinctAfter(EntityContext ctx, JsonNode filter, String field, int limit, List<Object> position) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return new KeysetPage(List.of(), null);
        String name = field.startsWith("data.") ? field.substring(5) : field;
        String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        CallerAccess.FieldRules fls = readable.access().fieldRead;
        // A field the caller may not read yields no values; a conditional rule narrows the records.
        if (fls.denied().contains(top)) return new KeysetPage(List.of(), null);
        Filter where = readable.where();
        int rule = fls.conditionalFields().indexOf(top);
        if (rule >= 0) where = CallerAccess.and(where, fls.conditional().get(rule));
        Filter finalWhere = where;
        List<RecordStore.KeyedValue> values = db.read(c -> store.distinctAfter(c, ctx.scope(), finalWhere, field, position, limit + 1));
        List<JsonNode> out = new ArrayList<>(Math.min(values.size(), limit));
        for (RecordStore.KeyedValue v : values.subList(0, Math.min(values.size(), limit))) out.add(v.value());
        return new KeysetPage(out, values.size() > limit ? values.get(limit - 1).keys() : null);
    }

    /** The filter that selects what the caller may read of {@code filter}'s matches, and its access. */
    private record Readable(Filter where, CallerAccess access) {}

    /** The caller's readable matches of {@code filter}, or null when the read rule denies every record. */
    private static Readable readable(EntityContext ctx, JsonNode filter) {
        Filter parsed = FilterParser.parse(filter);
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        if (RuleCompiler.isNothing(access.read)) return null;
        return new Readable(CallerAccess.and(parsed, access.read), access);
    }

    /** A listed record as the caller sees it: field rules applied, then the projection. */
    private static ObjectNode shown(StoredRecord record, CallerAccess.FieldRules fls, boolean[] flags, List<String> fields) {
        return project(strip(render(record), fls.failing(flags)), fields);
    }

    /** How many records the caller may read match {@code filter}. */
    public long count(EntityContext ctx, JsonNode filter) {
        Filter parsed = FilterParser.parse(filter);
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        if (RuleCompiler.isNothing(access.read)) return 0;
        Filter where = CallerAccess.and(parsed, access.read);
        return db.read(c -> store.count(c, ctx.scope(), where));
    }

    /** The answer to an aggregate: its rows, and whether there were more groups than the limit. */
    public record AggregateResult(List<ObjectNode> rows, boolean truncated) {}

    /**
     * Groups and aggregates the records the caller may read (api-contract §4.13), entirely in
     * SQL: the read rule is part of the WHERE before grouping, and fields the caller's field rules
     * hide count as missing.
     *
     * @param body the request body
     * @throws dev.homebase.server.query.QueryException for an invalid request (HTTP 400)
     */
    public AggregateResult aggregate(EntityContext ctx, JsonNode body) {
        AggregateSpec spec = AggregateParser.parse(body);
        AggregateFields.check(ctx.schema(), spec);
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        Filter where = CallerAccess.and(spec.query(), access.read);
        List<ObjectNode> rows = db.read(c -> store.aggregate(c, ctx.scope(), where, spec, access.fieldRead.visibleWhen()));
        boolean truncated = rows.size() > spec.limit();
        return new AggregateResult(truncated ? List.copyOf(rows.subList(0, spec.limit())) : rows, truncated);
    }

    /** One record the caller may read. @throws RecordNotFoundException when absent or hidden */
    public ObjectNode get(EntityContext ctx, String id) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        return db.read(c -> {
            StoredRecord r = store.find(c, ctx.scope(), id, access.read).orElseThrow(() -> notFound(ctx, id));
            return visible(c, ctx, access, r);
        });
    }

    /**
     * Creates one record from a request body.
     *
     * @throws PermissionDeniedException when the create rule refuses it
     * @throws ValidationException when it does not satisfy the schema
     */
    public ObjectNode create(EntityContext ctx, ObjectNode body) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        List<StoredRecord> written = new ArrayList<>(1);
        ObjectNode out = db.inTx(c -> {
            StoredRecord record = prepareCreate(c, ctx, access, body);
            store.insert(c, ctx.scope(), record);
            written.add(record);
            return visible(c, ctx, access, record);
        });
        emit(ctx, "create", written);
        return out;
    }

    /** Creates all records or none (403 or 422 for the first bad one). */
    public List<ObjectNode> bulkCreate(EntityContext ctx, List<ObjectNode> bodies) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        List<StoredRecord> written = new ArrayList<>(bodies.size());
        List<ObjectNode> result = db.inTx(c -> {
            for (ObjectNode body : bodies) written.add(prepareCreate(c, ctx, access, body));
            List<ObjectNode> out = new ArrayList<>(written.size());
            for (StoredRecord r : written) {
                store.insert(c, ctx.scope(), r);
                out.add(visible(c, ctx, access, r));
            }
            return out;
        });
        emit(ctx, "create", written);
        return result;
    }

    /**
     * Merges the body's top-level fields into a record the caller may update.
     *
     * @throws RecordNotFoundException when absent or hidden by the update rule
     * @throws ValidationException when a provided field is invalid
     */
    public ObjectNode update(EntityContext ctx, String id, ObjectNode body) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        List<StoredRecord> written = new ArrayList<>(1);
        ObjectNode out = db.inTx(c -> updateIn(c, ctx, access, id, body, written));
        emit(ctx, "update", written);
        return out;
    }

    /**
     * Updates several records, all or none: each item is {@code {"id": ..., fields...}} and
     * behaves like {@link #update}. Answers in input order.
     *
     * @throws RecordNotFoundException for an item without an id or naming an absent or hidden record
     */
    public List<ObjectNode> bulkUpdate(EntityContext ctx, List<ObjectNode> items) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        List<StoredRecord> written = new ArrayList<>(items.size());
        List<ObjectNode> result = db.inTx(c -> {
            List<ObjectNode> out = new ArrayList<>(items.size());
            for (ObjectNode item : items) {
                JsonNode id = item.get("id");
                if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                    throw new RecordNotFoundException("Every item needs the id of the record to update");
                }
                ObjectNode fields = item.deepCopy();
                fields.remove("id");
                out.add(updateIn(c, ctx, access, id.textValue(), fields, written));
            }
            return out;
        });
        emit(ctx, "update", written);
        return result;
    }

    private ObjectNode updateIn(Connection c, EntityContext ctx, CallerAccess access, String id, ObjectNode body,
                                List<StoredRecord> written) throws SQLException {
        StoredRecord current = store.findForUpdate(c, ctx.scope(), id, access.update).orElseThrow(() -> notFound(ctx, id));
        ObjectNode allowed = body.deepCopy();
        if (!access.fieldUpdate.isEmpty()) {
            // Field write rules see the stored record with the patch applied (api-contract §5.5).
            ObjectNode preview = current.data().deepCopy();
            preview.setAll(allowed);
            boolean[] flags = store.matches(c, ctx.scope(), current.withData(preview, current.updatedDate()), access.fieldUpdate.conditional());
            access.fieldUpdate.failing(flags).forEach(allowed::remove);
        }
        ObjectNode patch = ctx.validator().forUpdate(ctx.schema(), allowed);
        ObjectNode merged = current.data().deepCopy();
        merged.setAll(patch);
        StoredRecord next = current.withData(merged, time.now());
        store.update(c, ctx.scope(), next);
        written.add(next);
        return visible(c, ctx, access, next);
    }

    /** Most records one update-many call changes (api-contract §4.11, §4.18). */
    public static final int UPDATE_MANY_BATCH = 500;

    /** What an update-many call did: how many records it changed, and whether more match. */
    public record UpdateManyResult(int updated, boolean hasMore) {}

    /**
     * Applies update operators ({@link UpdateOperators}) to the first {@value #UPDATE_MANY_BATCH}
     * records matching {@code query} that the caller may update, oldest first ({@code created_date},
     * then {@code id}). Field write rules drop operations on forbidden fields; every result is
     * validated, and the first invalid one aborts the batch with nothing written.
     *
     * @param query the filter (null: all)
     * @param data the update document, such as {@code {"$set": {"status": "done"}}}
     * @throws QueryException for a bad filter or update document, a {@code $rename} onto an
     *     undeclared field, or a document that does not fit a record's values (400)
     * @throws ValidationException when a result does not satisfy the schema (422)
     */
    public UpdateManyResult updateMany(EntityContext ctx, JsonNode query, JsonNode data) {
        Filter parsed = FilterParser.parse(query);
        UpdateOperators ops = UpdateOperators.parse(data, SYSTEM_FIELDS);
        for (String target : ops.renameTargets()) {
            // Undeclared fields are dropped on write, so this rename would silently lose the value.
            String top = UpdateOperators.topField(target);
            if (!ctx.schema().hasField(top)) {
                throw new QueryException("Cannot $rename onto '" + top + "': it is not a field of " + ctx.schema().name());
            }
        }
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        if (RuleCompiler.isNothing(access.update)) return new UpdateManyResult(0, false);
        Filter where = CallerAccess.and(parsed, access.update);
        PageRequest batch = new PageRequest(where, new Sort("created_date", false), UPDATE_MANY_BATCH + 1, 0);
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        for (String path : ops.paths()) touched.add(UpdateOperators.topField(path));
        List<StoredRecord> written = new ArrayList<>();
        boolean hasMore = db.inTx(c -> {
            List<StoredRecord> matching = store.pageForUpdate(c, ctx.scope(), batch);
            String now = time.now();
            for (StoredRecord current : matching.subList(0, Math.min(matching.size(), UPDATE_MANY_BATCH))) {
                StoredRecord next = current.withData(applyOperators(c, ctx, access, current, ops, touched, now), now);
                store.update(c, ctx.scope(), next);
                written.add(next);
            }
            return matching.size() > UPDATE_MANY_BATCH;
        });
        emit(ctx, "update", written);
        return new UpdateManyResult(written.size(), hasMore);
    }

    /** One record's data after the operators, field write rules and validation. */
    private ObjectNode applyOperators(Connection c, EntityContext ctx, CallerAccess access, StoredRecord current,
                                      UpdateOperators ops, java.util.Set<String> touched, String now) throws SQLException {
        ObjectNode before = current.data();
        ObjectNode after = ops.apply(before.deepCopy(), now);
        java.util.Set<String> fields = new java.util.LinkedHashSet<>(touched);
        if (!access.fieldUpdate.isEmpty()) {
            // Field write rules see the record with the update applied, as for a single update (§5.5).
            boolean[] flags = store.matches(c, ctx.scope(), current.withData(after, now), access.fieldUpdate.conditional());
            fields.removeAll(access.fieldUpdate.failing(flags));
        }
        ObjectNode patch = Json.object();
        List<String> removed = new ArrayList<>();
        for (String f : fields) {
            if (after.has(f)) {
                patch.set(f, after.get(f));
            } else if (before.has(f)) {
                if (ctx.schema().isRequired(f)) throw new ValidationException(f, "Field required");
                removed.add(f);
            }
        }
        ObjectNode merged = before.deepCopy();
        removed.forEach(merged::remove);
        merged.setAll(ctx.validator().forUpdate(ctx.schema(), patch));
        return merged;
    }

    /** A row of an import that does not satisfy the schema; rows count from 1. */
    public static final class ImportRowException extends RuntimeException {
        private final int row;

        ImportRowException(int row, ValidationException cause) {
            super("Row " + row + ": " + cause.getMessage(), cause);
            this.row = row;
        }

        /** The failing row, 1-based. */
        public int row() {
            return row;
        }
    }

    /**
     * Creates every imported row or none, each like {@link #create} (create rule, field create
     * rules, defaults, validation).
     *
     * @param rows the rows in file order
     * @throws ImportRowException for the first row that does not satisfy the schema
     * @throws PermissionDeniedException when the create rule refuses a row
     */
    public List<ObjectNode> importRecords(EntityContext ctx, List<ObjectNode> rows) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        List<StoredRecord> written = new ArrayList<>(rows.size());
        List<ObjectNode> result = db.inTx(c -> {
            for (int i = 0; i < rows.size(); i++) {
                try {
                    written.add(prepareCreate(c, ctx, access, rows.get(i)));
                } catch (ValidationException e) {
                    throw new ImportRowException(i + 1, e);
                }
            }
            List<ObjectNode> out = new ArrayList<>(written.size());
            for (StoredRecord r : written) {
                store.insert(c, ctx.scope(), r);
                out.add(visible(c, ctx, access, r));
            }
            return out;
        });
        emit(ctx, "create", written);
        return result;
    }

    /** What an upsert did. */
    public record UpsertResult(int created, int updated, List<ObjectNode> records) {}

    /**
     * Creates or updates records by a key of the app's own: a record whose key fields equal an
     * existing visible record's is merged into it (update rules apply), any other is created
     * (create rules apply). Within one call the last record with a key wins. All or nothing.
     *
     * @param key one or more top-level schema fields
     * @throws IllegalArgumentException for a bad key or a record without a value for it
     */
    public UpsertResult upsert(EntityContext ctx, List<String> key, List<ObjectNode> records) {
        if (key.isEmpty()) throw new IllegalArgumentException("\"key\" must name at least one field");
        for (String k : key) {
            if (!ctx.schema().hasField(k)) throw new IllegalArgumentException("Key field '" + k + "' is not a field of " + ctx.schema().name());
        }
        java.util.LinkedHashMap<String, ObjectNode> byKey = new java.util.LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
            ObjectNode keyValues = Json.object();
            for (String k : key) {
                JsonNode v = r.get(k);
                if (v == null || v.isNull()) throw new IllegalArgumentException("Record " + i + " has no value for key field '" + k + "'");
                keyValues.set(k, v);
            }
            String id = keyValues.toString();
            byKey.remove(id); // the last record with a key wins, in its own position
            byKey.put(id, r);
        }
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        List<StoredRecord> createdRecords = new ArrayList<>();
        List<StoredRecord> updatedRecords = new ArrayList<>();
        UpsertResult result = db.inTx(c -> {
            int created = 0;
            int updated = 0;
            List<ObjectNode> out = new ArrayList<>(byKey.size());
            for (java.util.Map.Entry<String, ObjectNode> e : byKey.entrySet()) {
                store.lockKey(c, ctx.scope().appId() + "/" + ctx.scope().entity() + "/" + e.getKey());
                List<Filter> keyFilter = new ArrayList<>();
                for (String k : key) keyFilter.add(new Filter.Eq(k, e.getValue().get(k)));
                Filter where = CallerAccess.and(new Filter.And(keyFilter), access.read);
                List<StoredRecord> existing = store.page(c, ctx.scope(), new PageRequest(where, Sort.DEFAULT, 1, 0));
                if (existing.isEmpty()) {
                    StoredRecord r = prepareCreate(c, ctx, access, e.getValue());
                    store.insert(c, ctx.scope(), r);
                    createdRecords.add(r);
                    out.add(visible(c, ctx, access, r));
                    created++;
                } else {
                    out.add(updateIn(c, ctx, access, existing.get(0).id(), e.getValue(), updatedRecords));
                    updated++;
                }
            }
            return new UpsertResult(created, updated, out);
        });
        emit(ctx, "create", createdRecords);
        emit(ctx, "update", updatedRecords);
        return result;
    }

    /** Deletes one record the caller may delete. @throws RecordNotFoundException when absent or hidden */
    public void delete(EntityContext ctx, String id) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        StoredRecord deleted = db.inTx(c -> store.delete(c, ctx.scope(), id, access.delete)).orElseThrow(() -> notFound(ctx, id));
        emit(ctx, "delete", List.of(deleted));
    }

    /**
     * Deletes every record matching the filter that the caller may delete; returns how many.
     *
     * @throws PermissionDeniedException when the delete rule is {@code false} for this caller
     */
    public int deleteMany(EntityContext ctx, JsonNode filter) {
        Filter parsed = FilterParser.parse(filter);
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        if (!access.mayDeleteAny) throw new PermissionDeniedException("Permission denied");
        Filter where = CallerAccess.and(parsed, access.delete);
        List<StoredRecord> deleted = db.inTx(c -> store.deleteMatching(c, ctx.scope(), where));
        emit(ctx, "delete", deleted);
        return deleted.size();
    }

    /**
     * The record as {@code ctx.caller()} may see it, or empty when its read rule hides it: the
     * same rules as a REST read, for realtime delivery.
     */
    public java.util.Optional<ObjectNode> visibleTo(EntityContext ctx, ObjectNode record) {
        CallerAccess access = CallerAccess.of(ctx.rules(), ctx.caller());
        if (RuleCompiler.isNothing(access.read)) return java.util.Optional.empty();
        if (access.read instanceof Filter.All && access.fieldRead.isEmpty()) return java.util.Optional.of(record);
        // The in-memory matcher agrees with the SQL the same filters compile to (QueryContractTest),
        // so a delivery costs no database round trip per subscriber.
        ObjectNode subject = record.deepCopy();
        subject.put("app_id", ctx.scope().appId());
        subject.put("entity_name", ctx.scope().entity());
        subject.put("environment", ctx.scope().env());
        if (!FilterMatcher.matches(access.read, subject)) return java.util.Optional.empty();
        List<Filter> conditional = access.fieldRead.conditional();
        boolean[] flags = new boolean[conditional.size()];
        for (int i = 0; i < flags.length; i++) flags[i] = FilterMatcher.matches(conditional.get(i), subject);
        List<String> hidden = access.fieldRead.failing(flags);
        if (hidden.isEmpty()) return java.util.Optional.of(record);
        ObjectNode copy = record.deepCopy();
        hidden.forEach(copy::remove);
        return java.util.Optional.of(copy);
    }

    /** Tells the listener about committed changes, one record at a time. */
    private void emit(EntityContext ctx, String type, List<StoredRecord> records) {
        for (StoredRecord r : records) listener.changed(ctx.scope(), type, render(r));
    }

    private StoredRecord prepareCreate(Connection c, EntityContext ctx, CallerAccess access, ObjectNode body) throws SQLException {
        String now = time.now();
        ObjectNode allowed = body.deepCopy();
        if (!access.fieldCreate.isEmpty()) {
            StoredRecord incoming = new StoredRecord("", allowed, now, now, ctx.caller().email(), ctx.caller().id(), false);
            boolean[] flags = store.matches(c, ctx.scope(), incoming, access.fieldCreate.conditional());
            access.fieldCreate.failing(flags).forEach(allowed::remove);
        }
        ObjectNode data = ctx.validator().forCreate(ctx.schema(), allowed);
        StoredRecord record = new StoredRecord(ids.next(), data, now, now, ctx.caller().email(), ctx.caller().id(), false);
        if (RuleCompiler.isNothing(access.create)
                || !(access.create instanceof Filter.All) && !store.matches(c, ctx.scope(), record, List.of(access.create))[0]) {
            throw new PermissionDeniedException("Permission denied");
        }
        return record;
    }

    /** The record as the caller may see it: rendered, with fields its read rules hide removed. */
    private ObjectNode visible(Connection c, EntityContext ctx, CallerAccess access, StoredRecord r) throws SQLException {
        CallerAccess.FieldRules fls = access.fieldRead;
        boolean[] flags = fls.conditional().isEmpty() ? new boolean[0] : store.matches(c, ctx.scope(), r, fls.conditional());
        return strip(render(r), fls.failing(flags));
    }

    private static ObjectNode strip(ObjectNode record, List<String> fields) {
        fields.forEach(record::remove);
        return record;
    }

    private static Sort sortFor(EntitySchema schema, String raw) {
        Sort sort = Sort.parse(raw);
        if (!sort.hasValidField()) return Sort.DEFAULT;
        String field = sort.field().startsWith("data.") ? sort.field().substring(5) : sort.field();
        String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        // Positional misuse such as filter({}, 10) sends sort=10: ignore unknown fields, never fail.
        if (!SYSTEM_FIELDS.contains(top) && !schema.hasField(top)) return Sort.DEFAULT;
        return new Sort(field, sort.descending());
    }

    private static RecordNotFoundException notFound(EntityContext ctx, String id) {
        // The same answer for "absent" and "hidden by a rule", so rules do not leak existence.
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

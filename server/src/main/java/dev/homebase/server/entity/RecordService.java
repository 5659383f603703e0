package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.UpdateOperators;
import dev.homebase.server.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The entity operations of the API. Each one resolves the caller's access, validates, runs in one
 * transaction and returns the records as the caller may see them. Row rules are part of the SQL
 * of every read, update and delete, so limits and skips only ever see permitted records; field
 * rules are decided by the database in the same query. Thread-safe.
 *
 * <p>This is the entry point; the work is done by {@code RecordReads}, {@code RecordWrites}
 * (one record) and {@code BulkWrites} (many records in one transaction), which share
 * {@code RecordOps}.
 */
public final class RecordService {

    /** System fields every record carries. */
    public static final Set<String> SYSTEM_FIELDS =
            Set.of("id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample");

    /** Most records one update-many call changes (api-contract §4.11, §4.18). */
    public static final int UPDATE_MANY_BATCH = 500;

    private final RecordReads reads;
    private final RecordWrites writes;
    private final BulkWrites bulk;

    /** A service whose changes nobody hears about. */
    public RecordService(Database db, RecordIds ids, Timestamps time) {
        this(db, ids, time, RecordListener.NONE);
    }

    /** A service that tells {@code listener} about every committed change. */
    public RecordService(Database db, RecordIds ids, Timestamps time, RecordListener listener) {
        this(db, ids, time, listener, RecordChangeHook.NONE);
    }

    /**
     * A service that tells {@code hook} about every change inside its transaction and {@code listener}
     * about every committed change.
     */
    public RecordService(Database db, RecordIds ids, Timestamps time, RecordListener listener, RecordChangeHook hook) {
        this(db, ids, time, listener, hook, new CallerAccessCache());
    }

    /**
     * Like {@link #RecordService(Database, RecordIds, Timestamps, RecordListener, RecordChangeHook)}, with the server's
     * {@code accessCache} of compiled rules: every read and write of this service, and realtime's delivery checks
     * ({@link #visibleTo}), compile a caller's rules through it.
     */
    public RecordService(Database db, RecordIds ids, Timestamps time, RecordListener listener, RecordChangeHook hook,
            CallerAccessCache accessCache) {
        RecordOps ops = new RecordOps(db, listener, hook, accessCache);
        this.reads = new RecordReads(ops);
        this.writes = new RecordWrites(ops, ids, time);
        this.bulk = new BulkWrites(ops, writes, time);
    }

    /**
     * One page of the records the caller may read that match {@code filter}.
     *
     * @param filter the filter JSON (null: all)
     * @param sort raw sort parameter; an unknown or invalid field falls back to the default sort
     * @param fields projection (empty: all fields); {@code id} is always included
     */
    public List<ObjectNode> list(EntityContext ctx, JsonNode filter, String sort, int limit, int skip, List<String> fields) {
        return reads.list(ctx, filter, sort, limit, skip, fields);
    }

    /**
     * The same page as {@link #list}, as the JSON text of the answer. When the caller sees the records whole (no field
     * read rule applies to them and no projection), it is written from the stored JSON text without JSON trees;
     * otherwise it is {@link #list} written out.
     */
    public String listJson(EntityContext ctx, JsonNode filter, String sort, int limit, int skip, List<String> fields) {
        return reads.listJson(ctx, filter, sort, limit, skip, fields);
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
        return reads.listAfter(ctx, filter, sort, fields, limit, position);
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
        return reads.distinctAfter(ctx, filter, field, limit, position);
    }

    /** How many records the caller may read match {@code filter}. */
    public long count(EntityContext ctx, JsonNode filter) {
        return reads.count(ctx, filter);
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
        return reads.aggregate(ctx, body);
    }

    /** One record the caller may read. @throws RecordNotFoundException when absent or hidden */
    public ObjectNode get(EntityContext ctx, String id) {
        return reads.get(ctx, id);
    }

    /**
     * The same record as {@link #get}, as the JSON text of the answer (written from the stored text when the caller
     * sees it whole, as for {@link #listJson}). @throws RecordNotFoundException when absent or hidden
     */
    public String getJson(EntityContext ctx, String id) {
        return reads.getJson(ctx, id);
    }

    /**
     * The record as {@code ctx.caller()} may see it, or empty when its read rule hides it: the
     * same rules as a REST read, for realtime delivery.
     */
    public Optional<ObjectNode> visibleTo(EntityContext ctx, ObjectNode record) {
        return reads.visibleTo(ctx, record);
    }

    /**
     * Creates one record from a request body.
     *
     * @throws PermissionDeniedException when the create rule refuses it
     * @throws ValidationException when it does not satisfy the schema
     */
    public ObjectNode create(EntityContext ctx, ObjectNode body) {
        return writes.create(ctx, body);
    }

    /**
     * Merges the body's top-level fields into a record the caller may update.
     *
     * @throws RecordNotFoundException when absent or hidden by the update rule
     * @throws ValidationException when a provided field is invalid
     */
    public ObjectNode update(EntityContext ctx, String id, ObjectNode body) {
        return writes.update(ctx, id, body);
    }

    /** {@link #create}, answered as JSON text: the record's data is written once, for the INSERT and for the answer. */
    public String createJson(EntityContext ctx, ObjectNode body) {
        return writes.createJson(ctx, body);
    }

    /** {@link #update}, answered as JSON text (merged in SQL: from the data text the database returned). */
    public String updateJson(EntityContext ctx, String id, ObjectNode body) {
        return writes.updateJson(ctx, id, body);
    }

    /** Deletes one record the caller may delete. @throws RecordNotFoundException when absent or hidden */
    public void delete(EntityContext ctx, String id) {
        writes.delete(ctx, id);
    }

    /** Creates all records or none (403 or 422 for the first bad one). */
    public List<ObjectNode> bulkCreate(EntityContext ctx, List<ObjectNode> bodies) {
        return bulk.bulkCreate(ctx, bodies);
    }

    /**
     * Updates several records, all or none: each item is {@code {"id": ..., fields...}} and
     * behaves like {@link #update}. Answers in input order.
     *
     * @throws RecordNotFoundException for an item without an id or naming an absent or hidden record
     */
    public List<ObjectNode> bulkUpdate(EntityContext ctx, List<ObjectNode> items) {
        return bulk.bulkUpdate(ctx, items);
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
        return bulk.importRecords(ctx, rows);
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
        return bulk.upsert(ctx, key, records);
    }

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
        return bulk.updateMany(ctx, query, data);
    }

    /**
     * Deletes every record matching the filter that the caller may delete; returns how many.
     *
     * @throws PermissionDeniedException when the delete rule is {@code false} for this caller
     */
    public int deleteMany(EntityContext ctx, JsonNode filter) {
        return bulk.deleteMany(ctx, filter);
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

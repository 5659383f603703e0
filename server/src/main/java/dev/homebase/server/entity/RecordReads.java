package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.RecordService.AggregateResult;
import dev.homebase.server.entity.RecordService.KeysetPage;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.AggregateParser;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterMatcher;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Projection;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.PageRequest;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads of {@link RecordService}: pages, keyset walks, one record, counts, aggregates, and
 * what a realtime subscriber may see of a record. The read rule is part of the SQL of every
 * query. Thread-safe.
 */
final class RecordReads {
    private final RecordOps ops;

    RecordReads(RecordOps ops) {
        this.ops = ops;
    }

    /** See {@link RecordService#list}. */
    List<ObjectNode> list(EntityContext ctx, JsonNode filter, String sort, int limit, int skip, List<String> fields) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return List.of();
        PageRequest page = new PageRequest(readable.where(), readable.access().hidden.guard(sortFor(ctx.schema(), sort)), limit, skip);
        CallerAccess.FieldRules fls = readable.access().fieldRead;
        List<RecordStore.Row> rows = ops.db.read(c -> ops.store.page(c, ctx.scope(), page, fls.conditional(),
                IndexedScalars.of(ctx.schema())));
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (RecordStore.Row row : rows) out.add(shown(row.record(), fls, row.flags(), fields));
        return out;
    }

    /** See {@link RecordService#listJson}. */
    String listJson(EntityContext ctx, JsonNode filter, String sort, int limit, int skip, List<String> fields) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return "[]";
        if (!seenWhole(readable.access(), fields)) return Json.write(list(ctx, filter, sort, limit, skip, fields));
        PageRequest page = new PageRequest(readable.where(), readable.access().hidden.guard(sortFor(ctx.schema(), sort)), limit, skip);
        StringBuilder out = new StringBuilder(Math.max(64, Math.min(limit, 200) * 256));
        ops.db.read(c -> {
            ops.store.pageJson(c, ctx.scope(), page, IndexedScalars.of(ctx.schema()), out);
            return null;
        });
        return out.toString();
    }

    /** See {@link RecordService#getJson}. */
    String getJson(EntityContext ctx, String id) {
        CallerAccess access = ops.access(ctx);
        if (!seenWhole(access, null)) return Json.write(get(ctx, id));
        StringBuilder out = new StringBuilder(512);
        boolean found = ops.db.read(c -> ops.store.findJson(c, ctx.scope(), id, access.read, out));
        if (!found) throw RecordOps.notFound(ctx, id);
        return out.toString();
    }

    /**
     * Whether the caller sees the records as stored: no field read rule (so nothing is hidden or removed) and no
     * projection. Then the stored JSON text is the answer, written without building trees.
     */
    private static boolean seenWhole(CallerAccess access, List<String> fields) {
        return access.fieldRead.isEmpty() && (fields == null || fields.isEmpty());
    }

    /** See {@link RecordService#listAfter}. */
    KeysetPage listAfter(EntityContext ctx, JsonNode filter, String sort, List<String> fields, int limit, List<Object> position) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return new KeysetPage(List.of(), null);
        Sort order = readable.access().hidden.guard(sortFor(ctx.schema(), sort));
        CallerAccess.FieldRules fls = readable.access().fieldRead;
        List<RecordStore.KeyedRow> rows = ops.db.read(c -> ops.store.pageAfter(c, ctx.scope(), readable.where(), order, position,
                limit + 1, fls.conditional(), IndexedScalars.of(ctx.schema())));
        List<JsonNode> out = new ArrayList<>(Math.min(rows.size(), limit));
        for (RecordStore.KeyedRow row : rows.subList(0, Math.min(rows.size(), limit))) {
            out.add(shown(row.record(), fls, row.flags(), fields));
        }
        return new KeysetPage(out, rows.size() > limit ? rows.get(limit - 1).keys() : null);
    }

    /** See {@link RecordService#distinctAfter}. */
    KeysetPage distinctAfter(EntityContext ctx, JsonNode filter, String field, int limit, List<Object> position) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return new KeysetPage(List.of(), null);
        String top = FieldPath.top(FieldPath.unalias(field));
        CallerAccess.FieldRules fls = readable.access().fieldRead;
        // A field the caller may not read yields no values; a conditional rule narrows the records.
        if (fls.denied().contains(top)) return new KeysetPage(List.of(), null);
        Filter where = readable.where();
        int rule = fls.conditionalFields().indexOf(top);
        if (rule >= 0) where = CallerAccess.and(where, fls.conditional().get(rule));
        Filter finalWhere = where;
        List<RecordStore.KeyedValue> values = ops.db.read(c -> ops.store.distinctAfter(c, ctx.scope(), finalWhere, field, position,
                limit + 1));
        List<JsonNode> out = new ArrayList<>(Math.min(values.size(), limit));
        for (RecordStore.KeyedValue v : values.subList(0, Math.min(values.size(), limit))) out.add(v.value());
        return new KeysetPage(out, values.size() > limit ? values.get(limit - 1).keys() : null);
    }

    /** See {@link RecordService#count}. */
    long count(EntityContext ctx, JsonNode filter) {
        Readable readable = readable(ctx, filter);
        if (readable == null) return 0;
        return ops.db.read(c -> ops.store.count(c, ctx.scope(), readable.where(), IndexedScalars.of(ctx.schema())));
    }

    /** See {@link RecordService#aggregate}. */
    AggregateResult aggregate(EntityContext ctx, JsonNode body) {
        AggregateSpec spec = AggregateParser.parse(body);
        AggregateFields.check(ctx.schema(), spec);
        CallerAccess access = ops.access(ctx);
        Filter where = CallerAccess.and(access.hidden.guard(spec.query()), access.read);
        List<ObjectNode> rows = ops.db.read(c -> ops.store.aggregate(c, ctx.scope(), where, spec, access.fieldRead.visibleWhen()));
        boolean truncated = rows.size() > spec.limit();
        return new AggregateResult(truncated ? List.copyOf(rows.subList(0, spec.limit())) : rows, truncated);
    }

    /** See {@link RecordService#get}. */
    ObjectNode get(EntityContext ctx, String id) {
        CallerAccess access = ops.access(ctx);
        return ops.db.read(c -> {
            StoredRecord r = ops.store.find(c, ctx.scope(), id, access.read).orElseThrow(() -> RecordOps.notFound(ctx, id));
            return ops.visible(c, ctx, access, r);
        });
    }

    /** See {@link RecordService#visibleTo}. */
    Optional<ObjectNode> visibleTo(EntityContext ctx, ObjectNode record) {
        CallerAccess access = ops.access(ctx);
        if (RuleCompiler.isNothing(access.read)) return Optional.empty();
        if (access.read instanceof Filter.All && access.fieldRead.isEmpty()) return Optional.of(record);
        // The in-memory matcher agrees with the SQL the same filters compile to (QueryContractTest),
        // so a delivery costs no database round trip per subscriber.
        ObjectNode subject = record.deepCopy();
        subject.put(QueryCompiler.APP_FIELD, ctx.scope().appId());
        subject.put(QueryCompiler.ENTITY_FIELD, ctx.scope().entity());
        subject.put(QueryCompiler.ENVIRONMENT_FIELD, ctx.scope().env());
        if (!FilterMatcher.matches(access.read, subject)) return Optional.empty();
        List<Filter> conditional = access.fieldRead.conditional();
        boolean[] flags = new boolean[conditional.size()];
        for (int i = 0; i < flags.length; i++) flags[i] = FilterMatcher.matches(conditional.get(i), subject);
        List<String> hidden = access.fieldRead.failing(flags);
        if (hidden.isEmpty()) return Optional.of(record);
        return Optional.of(RecordOps.strip(record.deepCopy(), hidden));
    }

    /** The filter that selects what the caller may read of {@code filter}'s matches, and its access. */
    private record Readable(Filter where, CallerAccess access) {}

    /** The caller's readable matches of {@code filter}, or null when the read rule denies every record. */
    private Readable readable(EntityContext ctx, JsonNode filter) {
        Filter parsed = FilterParser.parse(filter);
        CallerAccess access = ops.access(ctx);
        if (RuleCompiler.isNothing(access.read)) return null;
        // The caller's own filter sees hidden fields as missing; the read rule sees the whole record.
        return new Readable(CallerAccess.and(access.hidden.guard(parsed), access.read), access);
    }

    /** A listed record as the caller sees it: field rules applied, then the projection. */
    private static ObjectNode shown(StoredRecord record, CallerAccess.FieldRules fls, boolean[] flags, List<String> fields) {
        return Projection.apply(RecordOps.strip(RecordOps.render(record), fls.failing(flags)), fields);
    }

    /** The sort to use: an unknown or invalid field falls back to the default sort. */
    private static Sort sortFor(EntitySchema schema, String raw) {
        Sort sort = Sort.parseKnown(raw, top -> RecordService.SYSTEM_FIELDS.contains(top) || schema.hasField(top));
        return sort.throughArrays(mayCrossArray(schema, sort.field()));
    }

    /**
     * Whether a value on the way to the last segment of {@code path} may be an array by the schema:
     * declared as an array (or a union with one), or not declared (inside a free-form object). A
     * path through declared objects only sorts by its literal path, which an index can serve.
     */
    static boolean mayCrossArray(EntitySchema schema, String path) {
        List<String> segments = FieldPath.segments(path);
        if (segments.size() < 2) return false;
        FieldDef def = schema.field(segments.getFirst()).orElse(null);
        for (int i = 1; i < segments.size(); i++) {
            if (def == null || def.allows(FieldType.ARRAY)) return true;
            def = def.field(segments.get(i)).orElse(null);
        }
        return false;
    }
}

package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.RecordService.ImportRowException;
import dev.homebase.server.entity.RecordService.UpdateManyResult;
import dev.homebase.server.entity.RecordService.UpsertResult;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.UpdateOperators;
import dev.homebase.server.store.PageRequest;
import dev.homebase.server.store.StoredRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes of {@link RecordService} that change many records in one transaction, all or none:
 * bulk create and update, import, upsert, update-many and delete-many. Each record goes through
 * the same steps as a single write ({@link RecordWrites}). Thread-safe.
 */
final class BulkWrites {
    private final RecordOps ops;
    private final RecordWrites writes;
    private final Timestamps time;

    BulkWrites(RecordOps ops, RecordWrites writes, Timestamps time) {
        this.ops = ops;
        this.writes = writes;
        this.time = time;
    }

    /** See {@link RecordService#bulkCreate}. */
    List<ObjectNode> bulkCreate(EntityContext ctx, List<ObjectNode> bodies) {
        return createAll(ctx, bodies, false);
    }

    /** See {@link RecordService#importRecords}. */
    List<ObjectNode> importRecords(EntityContext ctx, List<ObjectNode> rows) {
        return createAll(ctx, rows, true);
    }

    /**
     * Creates every record or none; every one is checked before the first is inserted.
     *
     * @param numberRows whether a record that does not satisfy the schema fails as an
     *     {@link ImportRowException} naming its row
     */
    private List<ObjectNode> createAll(EntityContext ctx, List<ObjectNode> bodies, boolean numberRows) {
        CallerAccess access = ops.access(ctx);
        return ops.write(ctx, (c, changes) -> {
            List<StoredRecord> prepared = new ArrayList<>(bodies.size());
            for (int i = 0; i < bodies.size(); i++) {
                try {
                    prepared.add(writes.prepareCreate(c, ctx, access, bodies.get(i)));
                } catch (ValidationException e) {
                    if (numberRows) throw new ImportRowException(i + 1, e);
                    throw e;
                }
            }
            List<ObjectNode> out = new ArrayList<>(prepared.size());
            for (StoredRecord r : prepared) out.add(writes.insert(c, ctx, access, r, changes));
            return out;
        });
    }

    /** See {@link RecordService#bulkUpdate}. */
    List<ObjectNode> bulkUpdate(EntityContext ctx, List<ObjectNode> items) {
        CallerAccess access = ops.access(ctx);
        return ops.write(ctx, (c, changes) -> {
            List<ObjectNode> out = new ArrayList<>(items.size());
            for (ObjectNode item : items) {
                JsonNode id = item.get("id");
                if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                    throw new RecordNotFoundException("Every item needs the id of the record to update");
                }
                ObjectNode fields = item.deepCopy();
                fields.remove("id");
                out.add(writes.updateIn(c, ctx, access, id.textValue(), fields, changes));
            }
            return out;
        });
    }

    /** See {@link RecordService#upsert}. */
    UpsertResult upsert(EntityContext ctx, List<String> key, List<ObjectNode> records) {
        if (key.isEmpty()) throw new IllegalArgumentException("\"key\" must name at least one field");
        for (String k : key) {
            if (!ctx.schema().hasField(k)) throw new IllegalArgumentException("Key field '" + k + "' is not a field of " + ctx.schema().name());
        }
        LinkedHashMap<String, ObjectNode> byKey = new LinkedHashMap<>();
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
        CallerAccess access = ops.access(ctx);
        return ops.write(ctx, (c, changes) -> {
            int created = 0;
            int updated = 0;
            List<ObjectNode> out = new ArrayList<>(byKey.size());
            for (Map.Entry<String, ObjectNode> e : byKey.entrySet()) {
                ops.store.lockKey(c, ctx.scope().appId() + "/" + ctx.scope().entity() + "/" + e.getKey());
                List<Filter> keyFilter = new ArrayList<>();
                for (String k : key) keyFilter.add(new Filter.Eq(k, e.getValue().get(k)));
                // A key field the caller may not read is missing for it: no record matches on its value.
                Filter where = CallerAccess.and(access.hidden.guard(new Filter.And(keyFilter)), access.read);
                List<StoredRecord> existing = ops.store.page(c, ctx.scope(), new PageRequest(where, Sort.DEFAULT, 1, 0));
                if (existing.isEmpty()) {
                    out.add(writes.createIn(c, ctx, access, e.getValue(), changes));
                    created++;
                } else {
                    out.add(writes.updateIn(c, ctx, access, existing.get(0).id(), e.getValue(), changes));
                    updated++;
                }
            }
            return new UpsertResult(created, updated, out);
        });
    }

    /** See {@link RecordService#updateMany}. */
    UpdateManyResult updateMany(EntityContext ctx, JsonNode query, JsonNode data) {
        Filter parsed = FilterParser.parse(query);
        UpdateOperators operators = UpdateOperators.parse(data, RecordService.SYSTEM_FIELDS);
        for (String target : operators.renameTargets()) {
            // Undeclared fields are dropped on write, so this rename would silently lose the value.
            String top = UpdateOperators.topField(target);
            if (!ctx.schema().hasField(top)) {
                throw new QueryException("Cannot $rename onto '" + top + "': it is not a field of " + ctx.schema().name());
            }
        }
        CallerAccess access = ops.access(ctx);
        if (RuleCompiler.isNothing(access.update)) return new UpdateManyResult(0, false);
        Filter where = CallerAccess.and(access.hidden.guard(parsed), access.update);
        int batchSize = RecordService.UPDATE_MANY_BATCH;
        PageRequest batch = new PageRequest(where, new Sort("created_date", false), batchSize + 1, 0);
        Set<String> touched = new LinkedHashSet<>();
        for (String path : operators.paths()) touched.add(UpdateOperators.topField(path));
        return ops.write(ctx, (c, changes) -> {
            List<StoredRecord> matching = ops.store.pageForUpdate(c, ctx.scope(), batch);
            List<StoredRecord> changing = matching.subList(0, Math.min(matching.size(), batchSize));
            String now = time.now();
            for (StoredRecord current : changing) {
                StoredRecord next = current.withData(applyOperators(c, ctx, access, current, operators, touched, now), now);
                ops.store.update(c, ctx.scope(), next);
                changes.updated(current, next);
            }
            return new UpdateManyResult(changing.size(), matching.size() > batchSize);
        });
    }

    /** One record's data after the operators, field write rules and validation. */
    private ObjectNode applyOperators(Connection c, EntityContext ctx, CallerAccess access, StoredRecord current,
                                      UpdateOperators operators, Set<String> touched, String now) throws SQLException {
        ObjectNode before = current.data();
        // Operations that depend on a value the caller may not read are dropped, so neither their
        // effect nor their failure can reveal it.
        Set<String> unreadable = unreadable(c, ctx, access, current);
        UpdateOperators effective = unreadable.isEmpty() ? operators : operators.withoutReading(unreadable);
        ObjectNode after = effective.apply(before.deepCopy(), now);
        Set<String> fields = new LinkedHashSet<>();
        for (String path : effective.paths()) fields.add(UpdateOperators.topField(path));
        fields.retainAll(touched);
        Set<String> unwritable = new LinkedHashSet<>();
        if (!access.fieldUpdate.isEmpty()) {
            // Field write rules see the record with the update applied, as for a single update (§5.5).
            boolean[] flags = ops.store.matches(c, ctx.scope(), current.withData(after, now), access.fieldUpdate.conditional());
            unwritable.addAll(access.fieldUpdate.failing(flags));
            fields.removeAll(unwritable);
        }
        if (!effective.renames().isEmpty()) dropBlockedRenames(effective, unwritable, fields);
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

    /**
     * Removes from {@code fields} both ends of every {@code $rename} onto or from a field the caller
     * may not write in this record: half a rename would lose or copy the value. (A rename from a
     * field it may not read is already gone, see {@link UpdateOperators#withoutReading}.)
     */
    private static void dropBlockedRenames(UpdateOperators operators, Set<String> unwritable, Set<String> fields) {
        for (Map.Entry<String, String> rename : operators.renames()) {
            String source = UpdateOperators.topField(rename.getKey());
            String target = UpdateOperators.topField(rename.getValue());
            if (unwritable.contains(source) || unwritable.contains(target)) {
                fields.remove(source);
                fields.remove(target);
            }
        }
    }

    /** The fields the caller may not read in {@code current}. */
    private Set<String> unreadable(Connection c, EntityContext ctx, CallerAccess access, StoredRecord current) throws SQLException {
        CallerAccess.FieldRules read = access.fieldRead;
        if (read.isEmpty()) return Set.of();
        boolean[] flags = read.conditional().isEmpty() ? new boolean[0] : ops.store.matches(c, ctx.scope(), current, read.conditional());
        return new LinkedHashSet<>(read.failing(flags));
    }

    /** See {@link RecordService#deleteMany}. */
    int deleteMany(EntityContext ctx, JsonNode filter) {
        Filter parsed = FilterParser.parse(filter);
        CallerAccess access = ops.access(ctx);
        if (!access.mayDeleteAny) throw new PermissionDeniedException("Permission denied");
        Filter where = CallerAccess.and(access.hidden.guard(parsed), access.delete);
        return ops.write(ctx, (c, changes) -> {
            List<StoredRecord> deleted = ops.store.deleteMatching(c, ctx.scope(), where);
            changes.deleted(deleted);
            return deleted.size();
        });
    }
}

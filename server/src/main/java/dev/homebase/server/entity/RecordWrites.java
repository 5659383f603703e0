package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.Filter;
import dev.homebase.server.store.StoredRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The single-record writes of {@link RecordService}: create, update and delete, and the steps of
 * a create and an update inside a transaction, which the bulk writes repeat per record.
 * Thread-safe.
 */
final class RecordWrites {
    private final RecordOps ops;
    private final RecordIds ids;
    private final Timestamps time;

    RecordWrites(RecordOps ops, RecordIds ids, Timestamps time) {
        this.ops = ops;
        this.ids = ids;
        this.time = time;
    }

    /** See {@link RecordService#create}. */
    ObjectNode create(EntityContext ctx, ObjectNode body) {
        CallerAccess access = ops.access(ctx);
        // One INSERT, read-only checks before it (rules evaluated on the incoming values), nothing after it.
        return ops.write(ctx, RecordOps.visibleWithoutDatabase(access), (c, changes) -> createIn(c, ctx, access, body, changes));
    }

    /** See {@link RecordService#createJson}: as {@link #create}, the data's JSON text written once for the INSERT and the answer. */
    String createJson(EntityContext ctx, ObjectNode body) {
        CallerAccess access = ops.access(ctx);
        return ops.write(ctx, RecordOps.visibleWithoutDatabase(access), (c, changes) -> {
            StoredRecord record = prepareCreate(c, ctx, access, body);
            String data = Json.write(record.data());
            ops.store.insert(c, ctx.scope(), record, data);
            changes.created(record);
            return ops.visibleJson(c, ctx, access, record, data);
        });
    }

    /** See {@link RecordService#update}. */
    ObjectNode update(EntityContext ctx, String id, ObjectNode body) {
        CallerAccess access = ops.access(ctx);
        // Merged in place, an update is one UPDATE (a read before it only to answer 404 before 422), nothing after it.
        boolean oneStatement = mergesInPlace(ctx, access) && RecordOps.visibleWithoutDatabase(access);
        return ops.write(ctx, oneStatement, (c, changes) -> updateIn(c, ctx, access, id, body, changes));
    }

    /**
     * See {@link RecordService#updateJson}: as {@link #update}; merged in SQL, the answer is written from the data text the
     * UPDATE returned, without writing the record's tree again.
     */
    String updateJson(EntityContext ctx, String id, ObjectNode body) {
        CallerAccess access = ops.access(ctx);
        FieldUpdateRules fieldRules = FieldUpdateRules.of(access);
        if (!mergesInPlace(ctx, fieldRules)) return Json.write(update(ctx, id, body));
        return ops.write(ctx, RecordOps.visibleWithoutDatabase(access), (c, changes) -> {
            String[] data = new String[1];
            StoredRecord next = mergeIn(c, ctx, access, id, body, text -> data[0] = text);
            changes.updated(null, next); // the previous state is for the hook only, which does not listen here
            return ops.visibleJson(c, ctx, access, next, data[0]);
        });
    }

    /** See {@link RecordService#delete}. */
    void delete(EntityContext ctx, String id) {
        CallerAccess access = ops.access(ctx);
        ops.write(ctx, true, (c, changes) -> { // one DELETE ... RETURNING
            StoredRecord deleted = ops.store.delete(c, ctx.scope(), id, access.delete).orElseThrow(() -> RecordOps.notFound(ctx, id));
            changes.deleted(List.of(deleted));
            return null;
        });
    }

    /** Creates the record {@code body} describes and answers it as the caller may see it. */
    ObjectNode createIn(Connection c, EntityContext ctx, CallerAccess access, ObjectNode body, RecordOps.Changes changes)
            throws SQLException {
        return insert(c, ctx, access, prepareCreate(c, ctx, access, body), changes);
    }

    /** Inserts a {@link #prepareCreate prepared} record and answers it as the caller may see it. */
    ObjectNode insert(Connection c, EntityContext ctx, CallerAccess access, StoredRecord record, RecordOps.Changes changes)
            throws SQLException {
        ops.store.insert(c, ctx.scope(), record);
        changes.created(record);
        return ops.visible(c, ctx, access, record);
    }

    /**
     * The record {@code body} creates, not yet inserted: field create rules drop the fields the
     * caller may not set, the schema validates and fills defaults, and the create rule decides.
     *
     * @throws PermissionDeniedException when the create rule refuses it
     * @throws ValidationException when it does not satisfy the schema
     */
    StoredRecord prepareCreate(Connection c, EntityContext ctx, CallerAccess access, ObjectNode body) throws SQLException {
        String now = time.now();
        ObjectNode allowed = body.deepCopy();
        if (!access.fieldCreate.isEmpty()) {
            StoredRecord incoming = new StoredRecord("", allowed, now, now, ctx.caller().email(), ctx.caller().id(), false);
            boolean[] flags = ops.store.matches(c, ctx.scope(), incoming, access.fieldCreate.conditional());
            access.fieldCreate.failing(flags).forEach(allowed::remove);
        }
        ObjectNode data = ctx.validator().forCreate(ctx.schema(), allowed);
        StoredRecord record = new StoredRecord(ids.next(), data, now, now, ctx.caller().email(), ctx.caller().id(), false);
        if (RuleCompiler.isNothing(access.create)
                || !(access.create instanceof Filter.All) && !ops.store.matches(c, ctx.scope(), record, List.of(access.create))[0]) {
            throw new PermissionDeniedException("Permission denied");
        }
        return record;
    }

    /** Whether {@link #updateIn} merges in place: one UPDATE, the stored record not read first. */
    private boolean mergesInPlace(EntityContext ctx, CallerAccess access) {
        return mergesInPlace(ctx, FieldUpdateRules.of(access));
    }

    private boolean mergesInPlace(EntityContext ctx, FieldUpdateRules fieldRules) {
        return fieldRules.isEmpty() && !ops.hooked(ctx) && ops.store.mergesInPlace();
    }

    /**
     * Nothing needs the stored record first: one UPDATE merges the validated patch and returns the result (its data
     * text also to {@code dataJson}).
     */
    private StoredRecord mergeIn(Connection c, EntityContext ctx, CallerAccess access, String id, ObjectNode body,
                                 Consumer<String> dataJson) throws SQLException {
        ObjectNode patch;
        try {
            patch = ctx.validator().forUpdate(ctx.schema(), body.deepCopy());
        } catch (ValidationException e) {
            // As below: an absent or hidden record is a 404 before its patch is judged.
            ops.store.find(c, ctx.scope(), id, access.update).orElseThrow(() -> RecordOps.notFound(ctx, id));
            throw e;
        }
        return ops.store.updateMerging(c, ctx.scope(), id, access.update, patch, time.now(), dataJson)
                .orElseThrow(() -> RecordOps.notFound(ctx, id));
    }

    /**
     * Merges {@code body} into the record {@code id} the caller may update, and answers it as the
     * caller may see it.
     *
     * @throws RecordNotFoundException when absent or hidden by the update rule
     * @throws ValidationException when a provided field is invalid
     */
    ObjectNode updateIn(Connection c, EntityContext ctx, CallerAccess access, String id, ObjectNode body, RecordOps.Changes changes)
            throws SQLException {
        FieldUpdateRules fieldRules = FieldUpdateRules.of(access);
        if (mergesInPlace(ctx, fieldRules)) {
            StoredRecord next = mergeIn(c, ctx, access, id, body, text -> { });
            changes.updated(null, next); // the previous state is for the hook only, which does not listen here
            return ops.visible(c, ctx, access, next);
        }
        StoredRecord current = ops.store.findForUpdate(c, ctx.scope(), id, access.update).orElseThrow(() -> RecordOps.notFound(ctx, id));
        ObjectNode allowed = body.deepCopy();
        // Field write rules see the stored record with the patch applied (api-contract §5.5).
        fieldRules.dropForbidden(c, ops.store, ctx.scope(), current, allowed);
        ObjectNode patch = ctx.validator().forUpdate(ctx.schema(), allowed);
        ObjectNode merged = current.data().deepCopy();
        merged.setAll(patch);
        StoredRecord next = current.withData(merged, time.now());
        ops.store.update(c, ctx.scope(), next);
        changes.updated(current, next);
        return ops.visible(c, ctx, access, next);
    }
}

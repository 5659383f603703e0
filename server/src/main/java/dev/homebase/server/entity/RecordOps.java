package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import dev.homebase.server.store.WireJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every record operation shares: the caller's compiled rules, read and write transactions,
 * telling the listener about changes once they committed, and the record as the caller may see
 * it. Thread-safe.
 */
final class RecordOps {

    /** A unit of work in a write transaction that notes the records it changes in {@code changes}. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Connection c, Changes changes) throws SQLException;
    }

    /** The records one write transaction changed, in the order it changed them. */
    static final class Changes {
        private final List<StoredRecord> created = new ArrayList<>();
        private final List<StoredRecord> updated = new ArrayList<>();
        private final List<StoredRecord> previous = new ArrayList<>(); // updated.get(i) was previous.get(i)
        private final List<StoredRecord> deleted = new ArrayList<>();

        void created(StoredRecord r) {
            created.add(r);
        }

        void updated(StoredRecord before, StoredRecord after) {
            previous.add(before);
            updated.add(after);
        }

        void deleted(List<StoredRecord> records) {
            deleted.addAll(records);
        }
    }

    final Database db;
    final RecordStore store;
    private final RecordListener listener;
    private final RecordChangeHook hook;
    private final CallerAccessCache accessCache;

    RecordOps(Database db, RecordListener listener, RecordChangeHook hook, CallerAccessCache accessCache) {
        this.db = db;
        this.store = new RecordStore(db.dialect());
        this.listener = listener;
        this.hook = hook;
        this.accessCache = accessCache;
    }

    /** The entity's access rules compiled for the caller (kept in this server's {@link CallerAccessCache}). */
    CallerAccess access(EntityContext ctx) {
        return accessCache.of(ctx.rules(), ctx.caller());
    }

    /**
     * Runs {@code work} in one write transaction; inside it, tells the automation hook what changed and the
     * listener (which may send to the other nodes, who hear it at commit), then, once committed, here:
     * creates, then updates, then deletes, each in order. Nothing is told when it rolls back.
     */
    <T> T write(EntityContext ctx, Write<T> work) {
        return write(ctx, false, work);
    }

    /**
     * Like {@link #write(EntityContext, Write)}; with {@code oneStatement} (the caller's promise: {@code work} changes
     * the database with one statement, runs none after it, and answers without the database once it ran) and when
     * neither the automation hook nor the listener adds a statement to the transaction, it runs as
     * {@link Database#inSingleStatement}: on PostgreSQL without BEGIN and COMMIT.
     */
    <T> T write(EntityContext ctx, boolean oneStatement, Write<T> work) {
        Changes changes = new Changes();
        List<Runnable> committed = new ArrayList<>();
        boolean alone = oneStatement && !hooked(ctx) && !listener.writesInTransaction(ctx.scope());
        Database.TxFunction<T> tx = c -> {
            committed.clear();
            T result = work.apply(c, changes);
            if (hooked(ctx)) hookIn(c, ctx, changes);
            tell(c, ctx, "create", changes.created, committed);
            tell(c, ctx, "update", changes.updated, committed);
            tell(c, ctx, "delete", changes.deleted, committed);
            return result;
        };
        T out = alone ? db.inSingleStatement(tx) : db.inTx(tx);
        committed.forEach(Runnable::run);
        return out;
    }

    /** Whether the automation hook hears the changes of {@code ctx}'s entity (and so needs their previous states). */
    boolean hooked(EntityContext ctx) {
        return hook != RecordChangeHook.NONE && hook.wants(ctx.scope());
    }

    private void hookIn(Connection c, EntityContext ctx, Changes changes) throws SQLException {
        for (StoredRecord r : changes.created) hook.changed(c, ctx.scope(), "create", render(r), null);
        for (int i = 0; i < changes.updated.size(); i++) {
            hook.changed(c, ctx.scope(), "update", render(changes.updated.get(i)), render(changes.previous.get(i)));
        }
        for (StoredRecord r : changes.deleted) hook.changed(c, ctx.scope(), "delete", render(r), null);
    }

    private void tell(Connection c, EntityContext ctx, String type, List<StoredRecord> records, List<Runnable> committed)
            throws SQLException {
        for (StoredRecord r : records) committed.add(listener.inTransaction(c, ctx.scope(), type, render(r)));
    }

    /** Whether {@link #visible} answers without the database: no field read rule of the caller depends on the record. */
    static boolean visibleWithoutDatabase(CallerAccess access) {
        return access.fieldRead.conditional().isEmpty();
    }

    /** The record as the caller may see it: rendered, with fields its read rules hide removed. */
    ObjectNode visible(Connection c, EntityContext ctx, CallerAccess access, StoredRecord r) throws SQLException {
        CallerAccess.FieldRules fls = access.fieldRead;
        boolean[] flags = fls.conditional().isEmpty() ? new boolean[0] : store.matches(c, ctx.scope(), r, fls.conditional());
        return strip(render(r), fls.failing(flags));
    }

    /**
     * The JSON answer of {@link #visible}, given {@code dataJson}, the text of {@code r}'s data (as bound for the write or
     * returned by it): when the caller's field read rules hide nothing, that text is the answer's body as it is, with
     * no tree built and written again; otherwise the fields are stripped from the record's tree.
     */
    String visibleJson(Connection c, EntityContext ctx, CallerAccess access, StoredRecord r, String dataJson) throws SQLException {
        if (access.fieldRead.isEmpty()) return WireJson.of(r, dataJson);
        return Json.write(visible(c, ctx, access, r));
    }

    static ObjectNode strip(ObjectNode record, List<String> fields) {
        fields.forEach(record::remove);
        return record;
    }

    static RecordNotFoundException notFound(EntityContext ctx, String id) {
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
}

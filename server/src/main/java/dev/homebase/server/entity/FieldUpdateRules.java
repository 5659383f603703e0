package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoredRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The field update rules of one entity ({@code update ?? write}, api-contract §5.5) compiled for
 * one caller, applied to a change of one stored record: the fields the caller may not write are
 * dropped silently. The one place this rule is applied, for records ({@code RecordWrites}) and for
 * the built-in User entity, whose rows live in the users table. The service role passes every rule.
 * Thread-safe.
 */
public final class FieldUpdateRules {
    /** No rule restricts any field for this caller. */
    public static final FieldUpdateRules NONE = new FieldUpdateRules(new CallerAccess.FieldRules(List.of(), List.of(), List.of()));

    private final CallerAccess.FieldRules rules;

    private FieldUpdateRules(CallerAccess.FieldRules rules) {
        this.rules = rules;
    }

    /** The field update rules of {@code rules} for {@code caller}. */
    public static FieldUpdateRules of(AccessRules rules, Principal caller) {
        return new FieldUpdateRules(CallerAccess.FieldRules.of(rules.fieldUpdate(), caller));
    }

    /** The field update rules of an entity already compiled for a caller. */
    static FieldUpdateRules of(CallerAccess access) {
        return new FieldUpdateRules(access.fieldUpdate);
    }

    /** Whether no rule restricts any field for this caller (a change then needs no look at the stored record). */
    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Like {@link #dropForbidden(Connection, RecordStore, EntityScope, StoredRecord, ObjectNode, Set)} with nothing to remove. */
    public void dropForbidden(Connection c, RecordStore store, EntityScope scope, StoredRecord current, ObjectNode patch)
            throws SQLException {
        dropForbidden(c, store, scope, current, patch, new HashSet<>());
    }

    /**
     * Removes from {@code patch} (keys to set) and {@code unset} (keys to remove) the fields the
     * caller may not write on {@code current}. Conditional rules are decided by the database and
     * see the stored record with the change applied (api-contract §5.5).
     */
    public void dropForbidden(Connection c, RecordStore store, EntityScope scope, StoredRecord current, ObjectNode patch,
                              Set<String> unset) throws SQLException {
        if (rules.isEmpty()) return;
        boolean[] flags = new boolean[0];
        if (!rules.conditional().isEmpty()) {
            ObjectNode preview = current.data().deepCopy();
            preview.remove(unset);
            preview.setAll(patch);
            flags = store.matches(c, scope, current.withData(preview, current.updatedDate()), rules.conditional());
        }
        List<String> failing = rules.failing(flags);
        failing.forEach(patch::remove);
        failing.forEach(unset::remove);
    }
}

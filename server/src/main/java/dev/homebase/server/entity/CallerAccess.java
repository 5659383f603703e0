package dev.homebase.server.entity;

import dev.homebase.server.auth.Principal;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.HiddenFields;
import dev.homebase.server.query.QueryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An entity's access rules compiled for one caller: a filter per row operation, and per field
 * rule either a constant (always/never) or a filter the database decides per record.
 */
final class CallerAccess {
    private static final Logger log = LoggerFactory.getLogger(CallerAccess.class);

    final Filter read;
    final Filter create;
    final Filter update;
    final Filter delete;
    final boolean mayDeleteAny;
    final FieldRules fieldRead;
    final FieldRules fieldCreate;
    final FieldRules fieldUpdate;
    /** The fields the caller may not always read: its own filters, sorts and keys see them as missing. */
    final HiddenFields hidden;

    private CallerAccess(AccessRules rules, Principal caller) {
        this.read = compile(rules.read(), caller);
        this.create = compile(rules.create(), caller);
        this.update = compile(rules.update(), caller);
        this.delete = compile(rules.delete(), caller);
        this.mayDeleteAny = caller instanceof Principal.Service || !(rules.delete() instanceof AccessRule.Nobody);
        this.fieldRead = FieldRules.of(rules.fieldRead(), caller);
        this.fieldCreate = FieldRules.of(rules.fieldCreate(), caller);
        this.fieldUpdate = FieldRules.of(rules.fieldUpdate(), caller);
        this.hidden = HiddenFields.of(fieldRead.visibleWhen());
    }

    /** The rules compiled for {@code caller} now; {@link CallerAccessCache} keeps them per rules and caller. */
    static CallerAccess compiled(AccessRules rules, Principal caller) {
        return new CallerAccess(rules, caller);
    }

    /** Compiles a rule; a rule that does not compile denies (fail closed) and is logged. */
    static Filter compile(AccessRule rule, Principal caller) {
        try {
            return RuleCompiler.compile(rule, caller);
        } catch (QueryException e) {
            log.warn("access rule does not compile, denying: {}", e.getMessage());
            return RuleCompiler.NOTHING;
        }
    }

    /** {@code a AND b}, without the trivial parts. */
    static Filter and(Filter a, Filter b) {
        if (a instanceof Filter.All) return b;
        if (b instanceof Filter.All) return a;
        return new Filter.And(List.of(a, b));
    }

    /**
     * Field rules for one operation: fields denied outright, and fields whose rule depends on
     * the record (decided by the database, one flag per field, in {@link #conditional} order).
     */
    record FieldRules(List<String> denied, List<String> conditionalFields, List<Filter> conditional) {

        static FieldRules of(Map<String, AccessRule> rules, Principal caller) {
            List<String> denied = new ArrayList<>();
            Map<String, Filter> conditional = new LinkedHashMap<>();
            rules.forEach((field, rule) -> {
                Filter f = compile(rule, caller);
                if (RuleCompiler.isNothing(f)) denied.add(field);
                else if (!(f instanceof Filter.All)) conditional.put(field, f);
            });
            return new FieldRules(List.copyOf(denied), List.copyOf(conditional.keySet()), List.copyOf(conditional.values()));
        }

        boolean isEmpty() {
            return denied.isEmpty() && conditional.isEmpty();
        }

        /** Per field with a rule that may hide it, the condition under which it is visible. */
        Map<String, Filter> visibleWhen() {
            Map<String, Filter> out = new LinkedHashMap<>();
            for (String field : denied) out.put(field, RuleCompiler.NOTHING);
            for (int i = 0; i < conditionalFields.size(); i++) out.put(conditionalFields.get(i), conditional.get(i));
            return out;
        }

        /** The fields to remove, given the database's verdict for each conditional rule. */
        List<String> failing(boolean[] flags) {
            List<String> out = new ArrayList<>(denied);
            for (int i = 0; i < conditionalFields.size(); i++) if (!flags[i]) out.add(conditionalFields.get(i));
            return out;
        }
    }
}

package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterMatcher;
import dev.homebase.server.query.HiddenFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field read rules of one entity (api-contract §5.5) compiled for one caller, for rows that do
 * not live in the records table: the built-in User entity, served from the users table. The same
 * compiled rules as every entity read ({@link CallerAccess}): {@link #visibleWhen()} feeds
 * {@link HiddenFields} (the caller's filters, sorts and aggregates see a hidden field as missing,
 * in SQL) and {@link #shown} removes the fields a record hides from the caller. The service role
 * passes every rule. Immutable and thread-safe.
 */
public final class FieldReadRules {
    /** No rule hides any field from this caller. */
    public static final FieldReadRules NONE = new FieldReadRules(new CallerAccess.FieldRules(List.of(), List.of(), List.of()));

    private final CallerAccess.FieldRules rules;

    private FieldReadRules(CallerAccess.FieldRules rules) {
        this.rules = rules;
    }

    /**
     * The field read rules of {@code rules} for {@code caller}, except for the fields in
     * {@code exempt} (fields with rules of their own, such as the built-in User fields).
     */
    public static FieldReadRules of(AccessRules rules, Principal caller, Set<String> exempt) {
        Map<String, AccessRule> read = new LinkedHashMap<>(rules.fieldRead());
        read.keySet().removeAll(exempt);
        CallerAccess.FieldRules compiled = CallerAccess.FieldRules.of(read, caller);
        return compiled.isEmpty() ? NONE : new FieldReadRules(compiled);
    }

    /** Whether no rule hides any field from this caller. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Per field a rule may hide, the condition under which the caller reads it ({@code Not(All)}:
     * never); the input of {@link HiddenFields#of} and of an aggregate's group keys and metrics.
     */
    public Map<String, Filter> visibleWhen() {
        return rules.visibleWhen();
    }

    /**
     * {@code record} without the fields its rules hide from the caller (a copy when any is removed).
     * A conditional rule is decided on {@code record} itself by {@link FilterMatcher}, which agrees
     * with the SQL the same filter compiles to (QueryContractTest), as for realtime deliveries: the
     * rows are already selected in SQL, so this costs no query.
     */
    public ObjectNode shown(ObjectNode record) {
        Set<String> hidden = hiddenIn(record);
        return hidden.isEmpty() ? record : RecordOps.strip(record.deepCopy(), List.copyOf(hidden));
    }

    /**
     * The top-level fields of {@code record} the caller may not read (conditional rules decided on
     * the record as in {@link #shown}); for dropping the update operators that would read them.
     */
    public Set<String> hiddenIn(ObjectNode record) {
        if (rules.isEmpty()) return Set.of();
        List<Filter> conditional = rules.conditional();
        boolean[] flags = new boolean[conditional.size()];
        for (int i = 0; i < flags.length; i++) flags[i] = FilterMatcher.matches(conditional.get(i), record);
        return new java.util.LinkedHashSet<>(rules.failing(flags));
    }
}

package dev.homebase.server.query;

import java.util.Set;

/**
 * The top-level data fields whose conditions {@link QueryCompiler#where(Filter, ScalarFields)}
 * compiles to their scalar form: the plain expression an expression index on the field is built on
 * ({@code (r.data -> 'status') = ?} on PostgreSQL, {@code json_extract(r.data, '$.status') = ?} on
 * SQLite), without the "or an array holding it" branch and, where the plain comparison already
 * rules out other types, without a type check.
 *
 * <p>The scalar form answers exactly like the general one for every value that is not an array, so
 * the entity layer names the fields it expects to hold no arrays (declared with a scalar type and
 * leading a declared index, so that "does any record hold an array here" is one index probe). The
 * store checks that probe in the same statement and uses the general form when it finds an array,
 * so a record stored before its schema changed is still answered as before. No schema knowledge
 * here: the entity layer supplies the names.
 *
 * <p>A field may also have a <em>slot</em> ({@link #withSlots}): a typed column of {@code records}
 * ({@code s_t1..s_t4} text, {@code s_n1..s_n4} numbers) that holds the field's value when it is of
 * the slot's type and NULL otherwise, so a condition with a value of that type compares the column
 * itself ({@code r.s_t1 = ?}), gated by the one probe {@code r.s_arrays} (see the store's
 * {@code RecordSlots}). Immutable and thread-safe.
 */
public final class ScalarFields {

    /** No field: every condition compiles to its general form. */
    public static final ScalarFields NONE = new ScalarFields(Set.of(), java.util.Map.of());

    private static final java.util.regex.Pattern SLOT = java.util.regex.Pattern.compile("s_[tn][1-4]");

    private final Set<String> names;
    private final java.util.Map<String, String> slots;

    private ScalarFields(Set<String> names, java.util.Map<String, String> slots) {
        this.names = names;
        this.slots = slots;
    }

    /** The given top-level field names (dotted paths and invalid names are ignored). */
    public static ScalarFields of(Set<String> names) {
        Set<String> valid = new java.util.LinkedHashSet<>();
        for (String name : names) {
            if (!name.contains(".") && FieldPath.isValid(name)) valid.add(name);
        }
        return valid.isEmpty() ? NONE : new ScalarFields(java.util.Collections.unmodifiableSet(valid), java.util.Map.of());
    }

    /**
     * These fields plus the fields of {@code slots} (field name to slot column, {@code s_t1..s_t4}
     * or {@code s_n1..s_n4}), each with its slot.
     *
     * @throws IllegalArgumentException for a column that is not a slot
     */
    public ScalarFields withSlots(java.util.Map<String, String> slots) {
        Set<String> valid = new java.util.LinkedHashSet<>(names);
        java.util.Map<String, String> columns = new java.util.LinkedHashMap<>(this.slots);
        for (java.util.Map.Entry<String, String> e : slots.entrySet()) {
            if (!SLOT.matcher(e.getValue()).matches()) throw new IllegalArgumentException("not a slot column: " + e.getValue());
            if (e.getKey().contains(".") || !FieldPath.isValid(e.getKey())) continue;
            valid.add(e.getKey());
            columns.put(e.getKey(), e.getValue());
        }
        if (valid.isEmpty()) return NONE;
        return new ScalarFields(java.util.Collections.unmodifiableSet(valid), java.util.Collections.unmodifiableMap(columns));
    }

    /** The slot column of {@code field} ({@code s_t1}...), or null when it has none. */
    public String slot(String field) {
        return slots.get(field);
    }

    /** Whether {@code field} (a filter's field path) is one of these names. */
    public boolean contains(String field) {
        return names.contains(field);
    }

    /** Whether there is no field. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    @Override
    public String toString() {
        return "ScalarFields" + names + (slots.isEmpty() ? "" : slots);
    }
}

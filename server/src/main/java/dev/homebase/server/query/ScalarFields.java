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
 * here: the entity layer supplies the names. Immutable and thread-safe.
 */
public final class ScalarFields {

    /** No field: every condition compiles to its general form. */
    public static final ScalarFields NONE = new ScalarFields(Set.of());

    private final Set<String> names;

    private ScalarFields(Set<String> names) {
        this.names = names;
    }

    /** The given top-level field names (dotted paths and invalid names are ignored). */
    public static ScalarFields of(Set<String> names) {
        Set<String> valid = new java.util.LinkedHashSet<>();
        for (String name : names) {
            if (!name.contains(".") && FieldPath.isValid(name)) valid.add(name);
        }
        return valid.isEmpty() ? NONE : new ScalarFields(java.util.Collections.unmodifiableSet(valid));
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
        return "ScalarFields" + names;
    }
}

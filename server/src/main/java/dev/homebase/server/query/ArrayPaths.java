package dev.homebase.server.query;

import dev.homebase.server.store.SqlFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Dotted paths through arrays, with MongoDB's rules: a name segment applied to an array applies to
 * each of its elements (one level; an array inside an array is not entered by a name), a numeric
 * segment is an array position, and a condition on the path holds when it holds for any value the
 * path reaches. {@code {"parts.name": "bolt"}} thus matches {@code {"parts": [{"name": "bolt"}]}},
 * and {@code {"a.b.c": 1}} matches {@code {"a": [{"b": [{"c": 1}]}]}}. Negations are applied by the
 * caller to the whole result, so {@code $ne} means "no reached value matches".
 *
 * <p>A condition that holds for a missing value ({@code null} equality) holds where an element of
 * an array on the path lacks the next field, but not for the array itself: {@code {"a.b": null}}
 * matches {@code {"a": [{"c": 1}]}} and {@code {}}, not {@code {"a": []}}.
 *
 * <p>Fast path: at record level the plain literal path comes first and the routes through arrays
 * are guarded by "the literal path is missing" (a name applied to an array gives no value, so a
 * route through an array can only match then). An expression index on the literal path serves both
 * branches, so a dotted path through plain objects keeps using its index. One instance per
 * compilation (it numbers aliases through the supplier); not thread-safe.
 */
final class ArrayPaths {

    private final QueryDialect dialect;
    private final Supplier<String> aliases;

    ArrayPaths(QueryDialect dialect, Supplier<String> aliases) {
        this.dialect = dialect;
        this.aliases = aliases;
    }

    /** {@code onValue} over the values a record-level path reaches. */
    SqlFragment reach(List<String> segments, Function<String, SqlFragment> onValue, boolean nullable) {
        // The one entry to a field's value is dialect.dataPath (also the top-level field's value below).
        if (segments.size() == 1) return onValue.apply(dialect.dataPath(segments));
        if (nullable) return descend(dialect.dataPath(segments.subList(0, 1)), segments.subList(1, segments.size()), onValue, true);
        String literal = dialect.dataPath(segments);
        List<SqlFragment> throughArrays = new ArrayList<>();
        for (int i = 1; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (FieldPath.isPosition(segment)) continue;
            // The first array on the route is the value at segments[0..i), reached through objects.
            String prefix = dialect.dataPath(segments.subList(0, i));
            List<String> rest = segments.subList(i + 1, segments.size());
            throughArrays.add(dialect.anyElement(prefix, aliases.get(),
                    e -> descend(dialect.childPath(e, List.of(segment)), rest, onValue, false)));
        }
        SqlFragment plain = onValue.apply(literal);
        if (throughArrays.isEmpty()) return plain;
        SqlFragment missing = SqlFragment.of(dialect.indexedValue(literal) + " IS NULL");
        return Conditions.or(plain, Conditions.and(List.of(missing, Conditions.or(throughArrays))));
    }

    /** {@code onValue} over the values {@code rest} reaches from the value at {@code slot}. */
    SqlFragment descend(String slot, List<String> rest, Function<String, SqlFragment> onValue, boolean nullable) {
        if (rest.isEmpty()) return onValue.apply(slot);
        String segment = rest.getFirst();
        List<String> tail = rest.subList(1, rest.size());
        SqlFragment direct = descend(dialect.childPath(slot, List.of(segment)), tail, onValue, nullable);
        if (FieldPath.isPosition(segment)) return direct;
        if (nullable) direct = Conditions.and(List.of(Conditions.not(dialect.isArray(slot)), direct));
        SqlFragment elements = dialect.anyElement(slot, aliases.get(),
                e -> descend(dialect.childPath(e, List.of(segment)), tail, onValue, nullable));
        return Conditions.or(direct, elements);
    }
}

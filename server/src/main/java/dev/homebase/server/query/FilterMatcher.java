package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates a {@link Filter} against one record in memory, with the same semantics as the SQL
 * that {@link QueryCompiler} renders (the contract suite checks all three agree). Meant for
 * places that hold a record rather than a query, such as realtime delivery.
 *
 * <p>The record is the API shape: one JSON object with the system fields ({@code id},
 * {@code created_date}, {@code created_by}, ...) next to the app's own fields, and, for access
 * rules on the record's scope, {@link QueryCompiler#APP_FIELD} and its siblings. A system field
 * holding JSON null counts as missing, as its SQL column does. Usage:
 * {@code boolean visible = FilterMatcher.matches(filter, recordJson);} Thread-safe.
 */
public final class FilterMatcher {

    /** Record-level fields that are columns in the store (see {@link QueryCompiler}). */
    private static final Set<String> SYSTEM_FIELDS = Set.of("id", "created_date", "updated_date", "created_by",
            "created_by_id", "is_sample", QueryCompiler.ENVIRONMENT_FIELD, QueryCompiler.APP_FIELD, QueryCompiler.ENTITY_FIELD);

    private static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private static final Comparator<JsonNode> JSON_EQUALITY = (a, b) -> {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        return a.equals(b) ? 0 : 1;
    };

    private FilterMatcher() {}

    /**
     * Whether {@code record} (a JSON object) matches {@code filter}.
     *
     * @throws QueryException when a regular expression runs over its time budget
     */
    public static boolean matches(Filter filter, JsonNode record) {
        return matches(filter, record, false);
    }

    /** {@code element} is true inside {@code $elemMatch}, where {@code scope} is the element. */
    private static boolean matches(Filter filter, JsonNode scope, boolean element) {
        return switch (filter) {
            case Filter.All all -> true;
            case Filter.And and -> and.filters().stream().allMatch(f -> matches(f, scope, element));
            case Filter.Or or -> or.filters().stream().anyMatch(f -> matches(f, scope, element));
            case Filter.Nor nor -> nor.filters().stream().noneMatch(f -> matches(f, scope, element));
            case Filter.Not not -> !matches(not.filter(), scope, element);
            case Filter.Eq eq -> reach(eq.field(), scope, element, eq.value().isNull(),
                    v -> eq(v, eq.value(), isColumn(eq.field(), element)));
            case Filter.In in -> reach(in.field(), scope, element, in.values().stream().anyMatch(JsonNode::isNull),
                    v -> in.values().stream().anyMatch(x -> eq(v, x, isColumn(in.field(), element))));
            case Filter.Compare cmp -> reach(cmp.field(), scope, element, false,
                    v -> anyOrSelf(v, isColumn(cmp.field(), element), item -> compare(item, cmp.op(), cmp.value())));
            case Filter.Regex re -> {
                Pattern pattern = RegexSyntax.compile(re.pattern(), re.options());
                yield reach(re.field(), scope, element, false, v -> anyOrSelf(v, isColumn(re.field(), element),
                        item -> item.isTextual() && RegexSyntax.find(pattern, item.textValue())));
            }
            case Filter.Exists ex -> reach(ex.field(), scope, element, false, v -> v != null) == ex.exists();
            case Filter.Size size -> reach(size.field(), scope, element, false,
                    v -> v != null && v.isArray() && v.size() == size.size() && !isColumn(size.field(), element));
            case Filter.ElemMatch em -> reach(em.field(), scope, element, false, v -> {
                if (v == null || !v.isArray() || isColumn(em.field(), element)) return false;
                for (JsonNode item : v) {
                    if (matches(em.condition(), item, true)) return true;
                }
                return false;
            });
        };
    }

    private static boolean isColumn(String field, boolean element) {
        return !element && SYSTEM_FIELDS.contains(field);
    }

    /**
     * Whether {@code test} holds for any value {@code field} reaches from {@code scope} (null for
     * missing; JSON null is a NullNode), by the rules of {@link ArrayPaths}: after the first
     * segment, a name applied to an array applies to each element. {@code nullable} says that
     * {@code test} holds for a missing value; an array on the path then counts only through its
     * elements.
     */
    private static boolean reach(String field, JsonNode scope, boolean element, boolean nullable, Test test) {
        if (isColumn(field, element)) {
            JsonNode value = scope.get(field);
            return test.test(value == null || value.isNull() ? null : value); // a NULL column is missing
        }
        List<String> segments = FieldPath.segments(FieldPath.checkOrEmpty(field, element));
        if (segments.isEmpty()) return test.test(scope);
        JsonNode first = step(scope, segments.getFirst());
        return descend(first, segments.subList(1, segments.size()), nullable, test);
    }

    private static boolean descend(JsonNode node, List<String> rest, boolean nullable, Test test) {
        if (rest.isEmpty()) return test.test(node);
        String segment = rest.getFirst();
        List<String> tail = rest.subList(1, rest.size());
        boolean array = node != null && node.isArray();
        boolean position = FieldPath.isPosition(segment);
        if ((position || !nullable || !array) && descend(step(node, segment), tail, nullable, test)) return true;
        if (position || !array) return false;
        for (JsonNode item : node) {
            if (descend(step(item, segment), tail, nullable, test)) return true;
        }
        return false;
    }

    /** The value of one segment below {@code node}, or null when missing. */
    private static JsonNode step(JsonNode node, String segment) {
        if (node == null) return null;
        if (FieldPath.isPosition(segment)) return node.isArray() ? node.get(Integer.parseInt(segment)) : null;
        return node.isObject() ? node.get(segment) : null;
    }

    private interface Test {
        boolean test(JsonNode value);
    }

    private static boolean anyOrSelf(JsonNode value, boolean column, Test test) {
        if (value == null) return false;
        if (test.test(value)) return true;
        if (column || !value.isArray()) return false;
        for (JsonNode item : value) {
            if (test.test(item)) return true;
        }
        return false;
    }

    private static boolean eq(JsonNode value, JsonNode expected, boolean column) {
        if (expected.isNull()) {
            if (value == null || value.isNull()) return true;
            return !column && value.isArray() && contains(value, expected);
        }
        if (value == null) return false;
        if (value.equals(JSON_EQUALITY, expected)) return true;
        return !column && value.isArray() && contains(value, expected);
    }

    private static boolean contains(JsonNode array, JsonNode expected) {
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            if (it.next().equals(JSON_EQUALITY, expected)) return true;
        }
        return false;
    }

    private static boolean compare(JsonNode value, Filter.Comparison op, JsonNode operand) {
        int order;
        if (value.isNumber() && operand.isNumber()) {
            order = value.decimalValue().compareTo(operand.decimalValue());
        } else if (value.isTextual() && operand.isTextual()) {
            order = CODE_POINT_ORDER.compare(value.textValue(), operand.textValue());
        } else if (value.isBoolean() && operand.isBoolean()) {
            order = Boolean.compare(value.booleanValue(), operand.booleanValue());
        } else {
            return false;
        }
        return switch (op) {
            case GT -> order > 0;
            case GTE -> order >= 0;
            case LT -> order < 0;
            case LTE -> order <= 0;
        };
    }

}

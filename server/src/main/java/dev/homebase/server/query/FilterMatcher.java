package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates a {@link Filter} against one record in memory, with the same semantics as the SQL
 * that {@link QueryCompiler} renders (the contract suite checks all three agree). Meant for
 * places that hold a record rather than a query, such as realtime delivery.
 *
 * <p>The record is the API shape: one JSON object with the system fields ({@code id},
 * {@code created_date}, {@code created_by}, ...) next to the app's own fields. A system field
 * holding JSON null counts as missing, as its SQL column does. Usage:
 * {@code boolean visible = FilterMatcher.matches(filter, recordJson);} Thread-safe.
 */
public final class FilterMatcher {

    /** Record-level fields that are columns in the store (see {@link QueryCompiler}). */
    private static final Set<String> SYSTEM_FIELDS = Set.of("id", "created_date", "updated_date", "created_by",
            "created_by_id", "is_sample", "environment", "app_id", "entity_name");

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
            case Filter.Eq eq -> eq(resolve(eq.field(), scope, element), eq.value(), isColumn(eq.field(), element));
            case Filter.In in -> in.values().stream()
                    .anyMatch(v -> eq(resolve(in.field(), scope, element), v, isColumn(in.field(), element)));
            case Filter.Compare cmp -> anyOrSelf(resolve(cmp.field(), scope, element), isColumn(cmp.field(), element),
                    v -> compare(v, cmp.op(), cmp.value()));
            case Filter.Regex re -> {
                Pattern pattern = RegexSyntax.compile(re.pattern(), re.options());
                yield anyOrSelf(resolve(re.field(), scope, element), isColumn(re.field(), element),
                        v -> v.isTextual() && RegexSyntax.find(pattern, v.textValue()));
            }
            case Filter.Exists ex -> (resolve(ex.field(), scope, element) != null) == ex.exists();
            case Filter.Size size -> {
                JsonNode value = resolve(size.field(), scope, element);
                yield value != null && value.isArray() && value.size() == size.size() && !isColumn(size.field(), element);
            }
            case Filter.ElemMatch em -> {
                JsonNode value = resolve(em.field(), scope, element);
                if (value == null || !value.isArray() || isColumn(em.field(), element)) yield false;
                boolean found = false;
                for (JsonNode item : value) found |= matches(em.condition(), item, true);
                yield found;
            }
        };
    }

    private static boolean isColumn(String field, boolean element) {
        return !element && SYSTEM_FIELDS.contains(field);
    }

    /** The value at {@code field}, or null when missing (JSON null is returned as a NullNode). */
    private static JsonNode resolve(String field, JsonNode scope, boolean element) {
        JsonNode node = scope;
        for (String segment : FieldPath.segments(FieldPath.checkOrEmpty(field, element))) {
            if (node == null) return null;
            if (FieldPath.isPosition(segment)) node = node.isArray() ? node.get(Integer.parseInt(segment)) : null;
            else node = node.isObject() ? node.get(segment) : null;
        }
        if (node != null && node.isNull() && isColumn(field, element)) return null; // a NULL column is missing
        return node;
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

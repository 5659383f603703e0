package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a Mongo-style filter (api-contract §4.17) into a {@link Filter}.
 *
 * <p>Usage: {@code Filter f = FilterParser.parse(objectMapper.readTree(q));}
 *
 * <p>Limits (each violation is a {@link QueryException}):
 * <ul>
 *   <li>nesting depth of {@code $and/$or/$nor/$elemMatch/$not} and operator objects:
 *       {@value #MAX_DEPTH};</li>
 *   <li>total conditions, counting every field, operator and every node nested in object or
 *       array values: {@value #MAX_CLAUSES};</li>
 *   <li>elements of one {@code $in}, {@code $nin}, {@code $all}, array shorthand or logical
 *       array: {@value #MAX_LIST}; list elements in the whole filter: {@value #MAX_VALUES} (this
 *       keeps the bound parameters well below the drivers' 32767 limit);</li>
 *   <li>characters of a string value: {@value #MAX_STRING}; of a regular expression:
 *       {@value #MAX_REGEX} (and the checks of {@link RegexSyntax}); field paths as in {@link FieldPath};</li>
 *   <li>no NUL character in a string, no number outside the range of a double
 *       ({@link JsonValues}).</li>
 * </ul>
 * Thread-safe (each call uses its own state).
 */
public final class FilterParser {

    /** Deepest accepted nesting. */
    public static final int MAX_DEPTH = 16;
    /** Most conditions (operators plus value nodes) in one filter. */
    public static final int MAX_CLAUSES = 1000;
    /** Most elements in one list operand. */
    public static final int MAX_LIST = 1000;
    /** Most list elements in one filter. */
    public static final int MAX_VALUES = 5000;
    /** Longest string value. */
    public static final int MAX_STRING = 10_000;
    /** Longest regular expression. */
    public static final int MAX_REGEX = 1000;


    private int clauses;
    private int values;

    private FilterParser() {}

    /**
     * Parses {@code node}: an object; null, JSON null, missing or {@code {}} mean match all.
     *
     * @throws QueryException on malformed input, with a message for the API caller
     */
    public static Filter parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return new Filter.All();
        if (!node.isObject()) throw new QueryException("Filter must be a JSON object");
        if (node.isEmpty()) return new Filter.All();
        return new FilterParser().document(node, 1, true);
    }

    /** A query document: the AND of its keys. {@code root} is false inside {@code $elemMatch}. */
    private Filter document(JsonNode node, int depth, boolean root) {
        checkDepth(depth);
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            count();
            switch (key) {
                case "$and" -> parts.add(new Filter.And(logical(key, value, depth, root)));
                case "$or" -> parts.add(new Filter.Or(logical(key, value, depth, root)));
                case "$nor" -> parts.add(new Filter.Nor(logical(key, value, depth, root)));
                default -> {
                    if (key.startsWith("$")) throw unknown(key);
                    parts.add(field(fieldName(key, root), value, depth));
                }
            }
        }
        return parts.isEmpty() ? new Filter.All() : parts.size() == 1 ? parts.getFirst() : new Filter.And(parts);
    }

    private List<Filter> logical(String op, JsonNode value, int depth, boolean root) {
        if (!value.isArray() || value.isEmpty()) {
            throw new QueryException("Operator '" + op + "' needs a non-empty array of objects");
        }
        checkList(op, value);
        List<Filter> parts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) throw new QueryException("Operator '" + op + "' needs a non-empty array of objects");
            parts.add(item.isEmpty() ? new Filter.All() : document(item, depth + 1, root));
        }
        return parts;
    }

    private static String fieldName(String key, boolean root) {
        FieldPath.check(key);
        // NB: data.x is an alias of x only at the record level; inside $elemMatch it is a real path.
        return root ? FieldPath.check(FieldPath.unalias(key)) : key;
    }

    /** The condition on one field: a value, an array ("any of") or an operator object. */
    private Filter field(String field, JsonNode value, int depth) {
        if (value.isArray()) return new Filter.In(field, values("$in", value));
        if (value.isObject() && hasOperator(value)) return operators(field, value, depth + 1);
        return new Filter.Eq(field, checkedValue(value));
    }

    private static boolean hasOperator(JsonNode object) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().startsWith("$")) return true;
        }
        return false;
    }

    /** An operator object such as {@code {"$gte": 1, "$lt": 5}}: the AND of its operators. */
    private Filter operators(String field, JsonNode ops, int depth) {
        checkDepth(depth);
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : ops.properties()) {
            String op = entry.getKey();
            JsonNode operand = entry.getValue();
            if (!op.startsWith("$")) {
                throw new QueryException("Cannot mix operators and field names in the condition on '" + label(field) + "'");
            }
            count();
            switch (op) {
                case "$eq" -> parts.add(new Filter.Eq(field, checkedValue(operand)));
                case "$ne" -> parts.add(new Filter.Not(new Filter.Eq(field, checkedValue(operand))));
                case "$gt" -> parts.add(compare(field, Filter.Comparison.GT, op, operand));
                case "$gte" -> parts.add(compare(field, Filter.Comparison.GTE, op, operand));
                case "$lt" -> parts.add(compare(field, Filter.Comparison.LT, op, operand));
                case "$lte" -> parts.add(compare(field, Filter.Comparison.LTE, op, operand));
                case "$in" -> parts.add(new Filter.In(field, values(op, operand)));
                case "$nin" -> parts.add(new Filter.Not(new Filter.In(field, values(op, operand))));
                case "$all" -> parts.add(all(field, values(op, operand)));
                case "$exists" -> {
                    if (!operand.isBoolean()) throw new QueryException("Operator '$exists' needs true or false");
                    parts.add(new Filter.Exists(field, operand.booleanValue()));
                }
                case "$size" -> {
                    if (!operand.isIntegralNumber() || !operand.canConvertToInt() || operand.intValue() < 0) {
                        throw new QueryException("Operator '$size' needs a non-negative integer");
                    }
                    parts.add(new Filter.Size(field, operand.intValue()));
                }
                case "$regex" -> parts.add(regex(field, operand, ops.get("$options")));
                case "$options" -> {
                    if (!ops.has("$regex")) throw new QueryException("Operator '$options' needs '$regex'");
                }
                case "$elemMatch" -> parts.add(elemMatch(field, operand, depth));
                case "$not" -> {
                    if (!operand.isObject() || operand.isEmpty() || !hasOperator(operand)) {
                        throw new QueryException("Operator '$not' needs an operator object");
                    }
                    parts.add(new Filter.Not(operators(field, operand, depth + 1)));
                }
                default -> throw unknown(op);
            }
        }
        return parts.size() == 1 ? parts.getFirst() : new Filter.And(parts);
    }

    private Filter compare(String field, Filter.Comparison comparison, String op, JsonNode operand) {
        if (!operand.isNumber() && !operand.isTextual() && !operand.isBoolean()) {
            throw new QueryException("Operator '" + op + "' needs a number, string or boolean");
        }
        return new Filter.Compare(field, comparison, checkedValue(operand));
    }

    private static Filter all(String field, List<JsonNode> values) {
        if (values.isEmpty()) return new Filter.In(field, List.of()); // Mongo: $all [] matches nothing
        List<Filter> parts = new ArrayList<>();
        for (JsonNode value : values) parts.add(new Filter.Eq(field, value));
        return parts.size() == 1 ? parts.getFirst() : new Filter.And(parts);
    }

    private Filter regex(String field, JsonNode pattern, JsonNode options) {
        if (!pattern.isTextual()) throw new QueryException("Operator '$regex' needs a string");
        if (options != null && !options.isTextual()) throw new QueryException("Operator '$options' needs a string");
        return RegexSyntax.check(field, pattern.textValue(), options == null ? "" : options.textValue());
    }

    private Filter elemMatch(String field, JsonNode operand, int depth) {
        if (!operand.isObject() || operand.isEmpty()) throw new QueryException("Operator '$elemMatch' needs a non-empty object");
        boolean operatorForm = true;
        for (Map.Entry<String, JsonNode> entry : operand.properties()) {
            String name = entry.getKey();
            if (!name.startsWith("$") || name.equals("$and") || name.equals("$or") || name.equals("$nor")) {
                operatorForm = false;
            }
        }
        Filter condition = operatorForm ? operators("", operand, depth + 1) : document(operand, depth + 1, false);
        return new Filter.ElemMatch(field, condition);
    }

    private List<JsonNode> values(String op, JsonNode operand) {
        if (!operand.isArray()) throw new QueryException("Operator '" + op + "' needs an array");
        checkList(op, operand);
        values += operand.size();
        if (values > MAX_VALUES) throw new QueryException("Filter has more than " + MAX_VALUES + " list values");
        List<JsonNode> list = new ArrayList<>(operand.size());
        for (JsonNode value : operand) list.add(checkedValue(value));
        return list;
    }

    /** A value used for equality: any JSON, within the string and size limits. */
    private JsonNode checkedValue(JsonNode value) {
        if (value.isTextual()) checkString(value.textValue());
        if (!JsonValues.inRange(value)) throw new QueryException("Number out of range in the filter (it must fit in a double)");
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) checkString(entry.getKey());
        }
        if (value.isContainerNode()) {
            for (JsonNode child : value) {
                count();
                checkedValue(child);
            }
        }
        return value;
    }

    /** NB: PostgreSQL text and JSONB cannot hold NUL, so such a value would fail in SQL, not match. */
    static void checkString(String text) {
        if (text.length() > MAX_STRING) throw new QueryException("String value longer than " + MAX_STRING + " characters");
        if (text.indexOf('\0') >= 0) throw new QueryException("String values cannot contain NUL characters");
    }

    private static void checkList(String op, JsonNode array) {
        if (array.size() > MAX_LIST) throw new QueryException("Operator '" + op + "' takes at most " + MAX_LIST + " values");
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) throw new QueryException("Filter nests deeper than " + MAX_DEPTH + " levels");
    }

    private void count() {
        if (++clauses > MAX_CLAUSES) throw new QueryException("Filter has more than " + MAX_CLAUSES + " conditions");
    }

    private static QueryException unknown(String op) {
        return new QueryException("Unknown operator '" + FieldPath.shorten(op) + "'");
    }

    private static String label(String field) {
        return field.isEmpty() ? "$elemMatch" : field;
    }
}

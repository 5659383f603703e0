package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mongo-style update operators for update-many (api-contract §4.11), parsed once and applied to
 * each record's JSON in memory. This is a per-record document transformation, not a filter, so it
 * runs in Java rather than SQL.
 *
 * <p>Supported: {@code $set $unset $inc $mul $min $max $rename $currentDate $push $pull
 * $addToSet}, with {@code $each} inside {@code $push} and {@code $addToSet}. Paths are dotted
 * ({@code meta.color}, {@code tags.0}) and must pass the {@link FieldPath} allow-list. A path may
 * appear in only one operator, and no path may be a prefix of another ({@code meta} and
 * {@code meta.color}). {@code $inc} and {@code $mul} treat a missing field as 0. Usage:
 *
 * <pre>{@code
 * UpdateOperators ops = UpdateOperators.parse(body.get("data")); // QueryException → 400
 * ObjectNode next = ops.apply(record.deepCopy(), now);           // QueryException → 400
 * }</pre>
 *
 * Immutable and thread-safe once parsed.
 */
public final class UpdateOperators {
    /** The operators this class understands. */
    public static final Set<String> OPERATORS = Set.of("$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename",
            "$currentDate", "$push", "$pull", "$addToSet");

    /** Most field paths one update may name. */
    public static final int MAX_PATHS = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One operation on one path; {@code value} is the operand ({@code $rename}: the target path as text). */
    private record Op(String operator, String path, JsonNode value) {}

    private final List<Op> ops;

    private UpdateOperators(List<Op> ops) {
        this.ops = List.copyOf(ops);
    }

    /**
     * Parses an update document such as {@code {"$set": {"a": 1}, "$inc": {"n": 2}}}.
     *
     * @throws QueryException for a non-object, no operator, an unknown operator, a bad path, a path
     *     named twice (or nested in another), or a bad operand
     */
    public static UpdateOperators parse(JsonNode data) {
        return parse(data, Set.of());
    }

    /**
     * Like {@link #parse(JsonNode)}, and also refuses a {@code $rename} from or onto one of
     * {@code systemFields} (or a path inside one).
     */
    public static UpdateOperators parse(JsonNode data, Set<String> systemFields) {
        if (data == null || !data.isObject()) throw new QueryException("\"data\" must be an object of update operators");
        if (data.isEmpty()) throw new QueryException("\"data\" must contain at least one update operator");
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            String operator = e.getKey();
            if (!operator.startsWith("$")) {
                throw new QueryException("\"data\" must use update operators such as $set; '" + FieldPath.shorten(operator) + "' is not one");
            }
            if (!OPERATORS.contains(operator)) throw new QueryException("Unknown update operator '" + FieldPath.shorten(operator) + "'");
            if (!e.getValue().isObject()) throw new QueryException(operator + " needs an object of field paths");
            for (Map.Entry<String, JsonNode> f : e.getValue().properties()) {
                String path = FieldPath.check(f.getKey());
                ops.add(new Op(operator, path, operand(operator, path, f.getValue())));
                if (ops.size() > MAX_PATHS) throw new QueryException("At most " + MAX_PATHS + " fields per update");
            }
        }
        if (ops.isEmpty()) throw new QueryException("\"data\" names no field to update");
        checkConflicts(ops);
        for (Op op : ops) {
            if (!op.operator().equals("$rename")) continue;
            for (String p : List.of(op.path(), op.value().textValue())) {
                if (systemFields.contains(topField(p))) throw new QueryException("Cannot $rename the system field '" + topField(p) + "'");
            }
        }
        return new UpdateOperators(ops);
    }

    private static JsonNode operand(String operator, String path, JsonNode value) {
        switch (operator) {
            case "$inc", "$mul" -> {
                if (!value.isNumber()) throw new QueryException(operator + " on '" + path + "' needs a number");
            }
            case "$rename" -> {
                if (!value.isTextual()) throw new QueryException("$rename of '" + path + "' needs the new field name as a string");
                String target = FieldPath.check(value.textValue());
                if (target.equals(path)) throw new QueryException("$rename source and target must differ: '" + path + "'");
            }
            case "$currentDate" -> {
                boolean ok = value.isBoolean() && value.booleanValue()
                        || value.isObject() && value.size() == 1 && value.path("$type").isTextual()
                        && Set.of("date", "timestamp").contains(value.path("$type").textValue());
                if (!ok) throw new QueryException("$currentDate of '" + path + "' must be true or {\"$type\": \"date\"|\"timestamp\"}");
            }
            case "$push", "$addToSet" -> {
                if (value.isObject() && value.has("$each")) {
                    if (value.size() != 1) throw new QueryException(operator + " of '" + path + "' supports only $each as a modifier");
                    if (!value.get("$each").isArray()) throw new QueryException("$each of '" + path + "' must be an array");
                }
            }
            case "$pull" -> {
                if (value.isObject()) FilterParser.parse(pullFilter(value)); // rejects a bad condition now, not per record
            }
            default -> { /* $set, $unset, $min, $max take any value */ }
        }
        return value;
    }

    /** Rejects a path that appears twice, or inside another path, across all operators. */
    private static void checkConflicts(List<Op> ops) {
        List<String> paths = new ArrayList<>();
        for (Op op : ops) {
            paths.add(op.path());
            if (op.operator().equals("$rename")) paths.add(op.value().textValue());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String p : paths) {
            for (String q : seen) {
                if (p.equals(q) || p.startsWith(q + ".") || q.startsWith(p + ".")) {
                    throw new QueryException("Field '" + FieldPath.shorten(p) + "' appears in more than one update operator");
                }
            }
            seen.add(p);
        }
    }

    /** Every path written or removed, {@code $rename} sources and targets included. */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        for (Op op : ops) {
            out.add(op.path());
            if (op.operator().equals("$rename")) out.add(op.value().textValue());
        }
        return out;
    }

    /** The target paths of every {@code $rename}. */
    public List<String> renameTargets() {
        return ops.stream().filter(op -> op.operator().equals("$rename")).map(op -> op.value().textValue()).toList();
    }

    /** The source and target paths of every {@code $rename}, in document order. */
    public List<Map.Entry<String, String>> renames() {
        return ops.stream().filter(op -> op.operator().equals("$rename"))
                .map(op -> Map.entry(op.path(), op.value().textValue())).toList();
    }

    /**
     * This document without the operations whose outcome depends on the current value of one of
     * {@code fields} (top-level names the caller may not read): all but a {@code $set},
     * {@code $unset} or {@code $currentDate} of the whole field, and a {@code $rename} from such a
     * field or onto a path inside one. What is left cannot fail, or do anything else, because of
     * those values, so an answer never reveals them.
     */
    public UpdateOperators withoutReading(java.util.Set<String> fields) {
        List<Op> kept = new ArrayList<>();
        for (Op op : ops) {
            String top = topField(op.path());
            boolean blind = op.path().equals(top) && Set.of("$set", "$unset", "$currentDate").contains(op.operator());
            if (op.operator().equals("$rename")) {
                String target = op.value().textValue();
                if (fields.contains(top) || (fields.contains(topField(target)) && !target.equals(topField(target)))) continue;
            } else if (fields.contains(top) && !blind) {
                continue;
            }
            kept.add(op);
        }
        return kept.size() == ops.size() ? this : new UpdateOperators(kept);
    }

    /** The top-level field of a path. */
    public static String topField(String path) {
        return FieldPath.top(path);
    }

    /**
     * Applies every operation to {@code record} in place and returns it.
     *
     * @param now the timestamp {@code $currentDate} writes (api-contract §1.8 format)
     * @throws QueryException when the record's current values do not fit an operator (for example
     *     {@code $inc} on a string, or a path through a non-object)
     */
    public ObjectNode apply(ObjectNode record, String now) {
        for (Op op : ops) {
            switch (op.operator()) {
                case "$set" -> set(record, op.path(), op.value().deepCopy());
                case "$unset" -> remove(record, op.path());
                case "$inc", "$mul" -> {
                    JsonNode current = get(record, op.path());
                    if (current != null && !current.isNull() && !current.isNumber()) {
                        throw new QueryException("Cannot apply " + op.operator() + " to the non-numeric field '" + op.path() + "'");
                    }
                    JsonNode base = current == null || current.isNull() ? NODES.numberNode(0) : current;
                    set(record, op.path(), arithmetic(op.operator(), base, op.value()));
                }
                case "$min", "$max" -> {
                    JsonNode current = get(record, op.path());
                    int order = current == null || current.isNull() ? 0 : Values.compare(op.value(), current);
                    boolean replace = current == null || current.isNull()
                            || (op.operator().equals("$min") ? order < 0 : order > 0);
                    if (replace) set(record, op.path(), op.value().deepCopy());
                }
                case "$rename" -> {
                    JsonNode current = get(record, op.path());
                    if (current != null) {
                        remove(record, op.path());
                        set(record, op.value().textValue(), current);
                    }
                }
                case "$currentDate" -> {
                    boolean dateOnly = op.value().isObject() && "date".equals(op.value().path("$type").textValue());
                    set(record, op.path(), NODES.textNode(dateOnly ? now.substring(0, 10) : now));
                }
                case "$push", "$addToSet" -> {
                    ArrayNode array = arrayAt(record, op);
                    JsonNode v = op.value();
                    List<JsonNode> items = new ArrayList<>();
                    if (v.isObject() && v.has("$each")) v.get("$each").forEach(items::add);
                    else items.add(v);
                    for (JsonNode item : items) {
                        if (op.operator().equals("$push") || !contains(array, item)) array.add(item.deepCopy());
                    }
                }
                case "$pull" -> {
                    JsonNode current = get(record, op.path());
                    if (current == null || current.isNull()) break;
                    if (!current.isArray()) throw new QueryException("Cannot apply $pull to the non-array field '" + op.path() + "'");
                    ArrayNode kept = NODES.arrayNode();
                    for (JsonNode element : current) if (!pulls(op.value(), element)) kept.add(element);
                    set(record, op.path(), kept);
                }
                default -> throw new IllegalStateException(op.operator());
            }
        }
        return record;
    }

    private static ArrayNode arrayAt(ObjectNode record, Op op) {
        JsonNode current = get(record, op.path());
        if (current == null || current.isNull()) {
            ArrayNode created = NODES.arrayNode();
            set(record, op.path(), created);
            return created;
        }
        if (!current.isArray()) throw new QueryException("Cannot apply " + op.operator() + " to the non-array field '" + op.path() + "'");
        return (ArrayNode) current;
    }

    private static JsonNode arithmetic(String operator, JsonNode a, JsonNode b) {
        boolean integral = a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong();
        if (integral) {
            try {
                long r = operator.equals("$inc") ? Math.addExact(a.longValue(), b.longValue()) : Math.multiplyExact(a.longValue(), b.longValue());
                return NODES.numberNode(r);
            } catch (ArithmeticException overflow) {
                // falls through to floating point, as Mongo's doubles would
            }
        }
        double r = operator.equals("$inc") ? a.doubleValue() + b.doubleValue() : a.doubleValue() * b.doubleValue();
        if (!Double.isFinite(r)) throw new QueryException(operator + " result is out of range");
        return NODES.numberNode(r);
    }

    /** Whether {@code $pull}'s condition removes {@code element}. */
    private static boolean pulls(JsonNode condition, JsonNode element) {
        if (!condition.isObject()) return equal(condition, element);
        ObjectNode subject = NODES.objectNode();
        subject.set("v", element);
        return FilterMatcher.matches(FilterParser.parse(pullFilter(condition)), subject);
    }

    /**
     * The filter a {@code $pull} condition means, over a wrapper {@code {"v": element}}: an operator
     * object ({@code {"$gte": 6}}) applies to the element, a plain object is a query on an element
     * object's fields.
     */
    private static ObjectNode pullFilter(JsonNode condition) {
        ObjectNode filter = NODES.objectNode();
        boolean operators = condition.size() > 0 && condition.fieldNames().next().startsWith("$");
        if (operators) {
            filter.set("v", condition);
            return filter;
        }
        for (Map.Entry<String, JsonNode> e : condition.properties()) {
            if (e.getKey().startsWith("$")) throw new QueryException("$pull condition cannot mix operators and fields");
            filter.set("v." + e.getKey(), e.getValue());
        }
        return filter;
    }

    private static boolean contains(ArrayNode array, JsonNode item) {
        for (JsonNode e : array) if (equal(e, item)) return true;
        return false;
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    // ---- paths ----

    /** The value at {@code path}, or null when any step is missing. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String segment : FieldPath.segments(path)) {
            if (node == null) return null;
            if (node.isObject()) node = node.get(segment);
            else if (node.isArray() && FieldPath.isPosition(segment)) node = node.get(Integer.parseInt(segment));
            else return null;
        }
        return node;
    }

    /** Sets {@code path}, creating missing objects on the way. */
    static void set(ObjectNode root, String path, JsonNode value) {
        List<String> segments = FieldPath.segments(path);
        JsonNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            JsonNode next = child(node, segment, path);
            if (next == null || next.isNull()) {
                next = NODES.objectNode();
                put(node, segment, next, path);
            } else if (!next.isContainerNode()) {
                throw new QueryException("Cannot create field '" + segments.get(i + 1) + "' inside the non-object field '"
                        + String.join(".", segments.subList(0, i + 1)) + "'");
            }
            node = next;
        }
        put(node, segments.getLast(), value, path);
    }

    /** Removes {@code path} if present (an array element becomes null, as in Mongo). */
    static void remove(ObjectNode root, String path) {
        List<String> segments = FieldPath.segments(path);
        JsonNode node = root;
        for (int i = 0; i < segments.size() - 1 && node != null; i++) node = childOrNull(node, segments.get(i));
        if (node == null) return;
        String last = segments.getLast();
        if (node instanceof ObjectNode o) o.remove(last);
        else if (node instanceof ArrayNode a && FieldPath.isPosition(last) && Integer.parseInt(last) < a.size()) a.set(Integer.parseInt(last), NODES.nullNode());
    }

    private static JsonNode childOrNull(JsonNode node, String segment) {
        if (node.isObject()) return node.get(segment);
        if (node.isArray() && FieldPath.isPosition(segment)) return node.get(Integer.parseInt(segment));
        return null;
    }

    private static JsonNode child(JsonNode node, String segment, String path) {
        if (node.isObject()) return node.get(segment);
        if (node.isArray()) {
            if (!FieldPath.isPosition(segment)) throw new QueryException("Cannot use the field name '" + segment + "' on an array in '" + path + "'");
            return node.get(Integer.parseInt(segment));
        }
        throw new QueryException("Cannot traverse '" + path + "'");
    }

    /** Largest array position a path may write (padding with nulls up to it). */
    private static final int MAX_POSITION = 10_000;

    private static void put(JsonNode node, String segment, JsonNode value, String path) {
        if (node instanceof ObjectNode o) {
            o.set(segment, value);
        } else if (node instanceof ArrayNode a) {
            if (!FieldPath.isPosition(segment)) throw new QueryException("Cannot use the field name '" + segment + "' on an array in '" + path + "'");
            int index = Integer.parseInt(segment);
            if (index > MAX_POSITION) throw new QueryException("Array position " + index + " is too large in '" + path + "'");
            while (a.size() < index) a.addNull();
            if (index < a.size()) a.set(index, value);
            else a.add(value);
        } else {
            throw new QueryException("Cannot traverse '" + path + "'");
        }
    }

    /** Value order for {@code $min}/{@code $max}: BSON type order, then within a type. */
    private static final class Values {
        private Values() {}

        static int compare(JsonNode a, JsonNode b) {
            int ta = rank(a);
            int tb = rank(b);
            if (ta != tb) return Integer.compare(ta, tb);
            if (a.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
            if (a.isTextual()) return codePoints(a.textValue(), b.textValue());
            if (a.isBoolean()) return Boolean.compare(a.booleanValue(), b.booleanValue());
            return a.equals(b) ? 0 : a.toString().compareTo(b.toString());
        }

        /** null &lt; number &lt; string &lt; object &lt; array &lt; bool (api-contract §4.17). */
        private static int rank(JsonNode n) {
            if (n.isNull()) return 0;
            if (n.isNumber()) return 1;
            if (n.isTextual()) return 2;
            if (n.isObject()) return 3;
            if (n.isArray()) return 4;
            return 5;
        }

        private static int codePoints(String a, String b) {
            Iterator<Integer> x = a.codePoints().iterator();
            Iterator<Integer> y = b.codePoints().iterator();
            while (x.hasNext() && y.hasNext()) {
                int c = Integer.compare(x.next(), y.next());
                if (c != 0) return c;
            }
            return Boolean.compare(x.hasNext(), y.hasNext());
        }
    }
}

package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Parses the body of an aggregate request (api-contract §4.13) into an {@link AggregateSpec}.
 *
 * <p>Usage: {@code AggregateSpec spec = AggregateParser.parse(body);} Checks the shape only:
 * whether a field exists in the entity, and whether it holds numbers or dates, is the caller's
 * business (the query package knows no schemas). Every problem is a {@link QueryException} with a
 * message for the API caller. Rules: unknown body keys are refused; {@code groupBy} is a field
 * or a list of at most {@value #MAX_GROUPS}; each metric list holds at most {@value #MAX_METRICS}
 * fields; two outputs with the same row key are refused; {@code having} and {@code sort} may only
 * name row keys; {@code limit} is an integer of at least 1, larger than {@value #MAX_LIMIT} is
 * clamped. Thread-safe.
 */
public final class AggregateParser {

    /** Most group fields. */
    public static final int MAX_GROUPS = 4;
    /** Most fields per metric ({@code sum}, {@code avg}, ...). */
    public static final int MAX_METRICS = 16;
    /** Most keys per result row (group fields, bucket, count and metrics together). */
    public static final int MAX_ROW_KEYS = 32;
    /** Most rows one request returns. */
    public static final int MAX_LIMIT = 1000;

    private static final Set<String> KEYS = Set.of("query", "groupBy", "dateBucket", "count", "sum", "avg", "min", "max",
            "countDistinct", "having", "sort", "limit");

    private AggregateParser() {}

    /**
     * Parses a request body.
     *
     * @throws QueryException when it is not a valid aggregate request
     */
    public static AggregateSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) throw new QueryException("The aggregate request must be a JSON object");
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            if (!KEYS.contains(entry.getKey())) throw new QueryException("Unknown aggregate option '" + FieldPath.shorten(entry.getKey()) + "'");
        }
        Filter query = FilterParser.parse(present(body, "query"));
        List<String> groupBy = fields(body, "groupBy", MAX_GROUPS, "Too many groupBy fields: at most " + MAX_GROUPS);
        AggregateSpec.DateBucket bucket = bucket(present(body, "dateBucket"));
        boolean count = count(present(body, "count"));
        List<AggregateSpec.Metric> metrics = new ArrayList<>();
        for (AggregateSpec.Op op : AggregateSpec.Op.values()) {
            for (String field : fields(body, op.bodyKey(), MAX_METRICS, "At most " + MAX_METRICS + " fields in '" + op.bodyKey() + "'")) {
                metrics.add(new AggregateSpec.Metric(op, field));
            }
        }
        JsonNode havingNode = present(body, "having");
        if (havingNode != null && !havingNode.isObject()) throw new QueryException("'having' must be a filter object");
        Filter having = FilterParser.parse(havingNode);
        AggregateSpec.Sort sort = sort(present(body, "sort"));
        int limit = limit(present(body, "limit"));
        AggregateSpec spec = new AggregateSpec(query, groupBy, bucket, count, metrics, having, sort, limit);
        checkKeys(spec);
        return spec;
    }

    /** The value of {@code key}, or null when absent or JSON null. */
    private static JsonNode present(JsonNode body, String key) {
        JsonNode value = body.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private static List<String> fields(JsonNode body, String key, int max, String tooMany) {
        JsonNode node = present(body, key);
        if (node == null) return List.of();
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(field(node.textValue(), key));
        } else if (node.isArray()) {
            if (node.size() > max) throw new QueryException(tooMany);
            for (JsonNode item : node) {
                if (!item.isTextual()) throw new QueryException("'" + key + "' must be a field name or an array of field names");
                String field = field(item.textValue(), key);
                if (out.contains(field)) throw new QueryException("Field '" + field + "' appears twice in '" + key + "'");
                out.add(field);
            }
        } else {
            throw new QueryException("'" + key + "' must be a field name or an array of field names");
        }
        return out;
    }

    private static String field(String raw, String key) {
        if (!FieldPath.isValid(raw)) throw new QueryException("Invalid field name '" + FieldPath.shorten(raw) + "' in '" + key + "'");
        return FieldPath.check(FieldPath.unalias(raw));
    }

    private static AggregateSpec.DateBucket bucket(JsonNode node) {
        if (node == null) return null;
        if (!node.isObject()) throw new QueryException("'dateBucket' must be an object with 'field' and 'unit'");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getKey().equals("field") && !entry.getKey().equals("unit")) {
                throw new QueryException("Unknown dateBucket option '" + FieldPath.shorten(entry.getKey()) + "'");
            }
        }
        JsonNode field = node.get("field");
        if (field == null || !field.isTextual()) throw new QueryException("'dateBucket.field' must be a field name");
        JsonNode unit = node.get("unit");
        if (unit == null || !unit.isTextual()) throw new QueryException("'dateBucket.unit' must be one of day, week, month, year");
        AggregateSpec.Unit parsed = switch (unit.textValue()) {
            case "day" -> AggregateSpec.Unit.DAY;
            case "week" -> AggregateSpec.Unit.WEEK;
            case "month" -> AggregateSpec.Unit.MONTH;
            case "year" -> AggregateSpec.Unit.YEAR;
            default -> throw new QueryException("Unknown dateBucket unit '" + FieldPath.shorten(unit.textValue())
                    + "': use day, week, month or year");
        };
        return new AggregateSpec.DateBucket(field(field.textValue(), "dateBucket"), parsed);
    }

    private static boolean count(JsonNode node) {
        if (node == null) return true;
        if (!node.isBoolean()) throw new QueryException("'count' must be true or false");
        return node.booleanValue();
    }

    private static AggregateSpec.Sort sort(JsonNode node) {
        if (node == null) return null;
        if (!node.isTextual() || node.textValue().isBlank()) throw new QueryException("'sort' must be a row key, optionally prefixed with '-'");
        String raw = node.textValue().strip();
        boolean descending = raw.startsWith("-");
        String key = descending || raw.startsWith("+") ? raw.substring(1) : raw;
        return new AggregateSpec.Sort(key, descending);
    }

    private static int limit(JsonNode node) {
        if (node == null) return MAX_LIMIT;
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw new QueryException("'limit' must be a positive integer (at most " + MAX_LIMIT + ")");
        }
        return Math.min(node.intValue(), MAX_LIMIT);
    }

    /** Row keys are unique; having and sort only name row keys. */
    private static void checkKeys(AggregateSpec spec) {
        if (spec.rowKeys().size() > MAX_ROW_KEYS) throw new QueryException("Too many outputs: at most " + MAX_ROW_KEYS + " row keys");
        Set<String> keys = new HashSet<>();
        for (String key : spec.rowKeys()) {
            if (!keys.add(key)) {
                throw new QueryException("Two outputs would share the row key '" + key + "'" + (key.equals(AggregateSpec.COUNT_KEY)
                        ? " (send \"count\": false to group by a field named count)" : ""));
            }
        }
        renameFields(spec.having(), field -> {
            if (!keys.contains(field)) throw new QueryException("'having' names '" + FieldPath.shorten(field) + "', which is not a row key");
            return field;
        });
        if (spec.sort() != null && !keys.contains(spec.sort().key())) {
            throw new QueryException("Cannot sort by '" + FieldPath.shorten(spec.sort().key()) + "': it is not a row key");
        }
    }

    /**
     * {@code filter} with each record-level field name replaced by {@code rename}'s answer. Field
     * names inside {@code $elemMatch} are relative to the element and stay as they are.
     */
    static Filter renameFields(Filter filter, UnaryOperator<String> rename) {
        return switch (filter) {
            case Filter.All all -> all;
            case Filter.And and -> new Filter.And(and.filters().stream().map(f -> renameFields(f, rename)).toList());
            case Filter.Or or -> new Filter.Or(or.filters().stream().map(f -> renameFields(f, rename)).toList());
            case Filter.Nor nor -> new Filter.Nor(nor.filters().stream().map(f -> renameFields(f, rename)).toList());
            case Filter.Not not -> new Filter.Not(renameFields(not.filter(), rename));
            case Filter.Eq eq -> new Filter.Eq(rename.apply(eq.field()), eq.value());
            case Filter.Compare cmp -> new Filter.Compare(rename.apply(cmp.field()), cmp.op(), cmp.value());
            case Filter.In in -> new Filter.In(rename.apply(in.field()), in.values());
            case Filter.Exists ex -> new Filter.Exists(rename.apply(ex.field()), ex.exists());
            case Filter.Regex re -> new Filter.Regex(rename.apply(re.field()), re.pattern(), re.options());
            case Filter.Size size -> new Filter.Size(rename.apply(size.field()), size.size());
            case Filter.ElemMatch em -> new Filter.ElemMatch(rename.apply(em.field()), em.condition());
        };
    }
}

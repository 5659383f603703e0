package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.store.SqlFragment;
import java.math.BigDecimal;
import java.util.List;

/**
 * A compiled aggregate: one SQL statement whose single column is each result row as a JSON object
 * with generated keys ({@code k0}, {@code k1}, ...), and the mapping back to the row keys.
 * Immutable.
 *
 * @param sql the statement; its last parameter is the LIMIT, which the caller binds (see {@link #fetch})
 * @param rowKeys the row keys, {@code k<i>} is {@code rowKeys.get(i)}
 * @param groupKeys how many leading keys are group keys (their values stay as stored)
 * @param fetch the LIMIT to bind: one more row than asked for, to tell whether there were more
 */
public record AggregateQuery(SqlFragment sql, List<String> rowKeys, int groupKeys, int fetch) {

    public AggregateQuery {
        rowKeys = List.copyOf(rowKeys);
    }

    /** The generated key of row key {@code i}. */
    static String key(int i) {
        return "k" + i;
    }

    /**
     * The result row for one JSON object the statement returned. Computed numbers are normalised
     * so both databases answer alike: integral values as integers, others as doubles.
     */
    public ObjectNode row(JsonNode data) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < rowKeys.size(); i++) {
            JsonNode value = data.get(key(i));
            if (value == null) value = JsonNodeFactory.instance.nullNode();
            out.set(rowKeys.get(i), i < groupKeys ? value : number(value));
        }
        return out;
    }

    private static JsonNode number(JsonNode value) {
        if (!value.isNumber()) return value;
        BigDecimal decimal = value.decimalValue();
        if (decimal.signum() == 0) return JsonNodeFactory.instance.numberNode(0L);
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return JsonNodeFactory.instance.numberNode(stripped.longValueExact());
        }
        return JsonNodeFactory.instance.numberNode(decimal.doubleValue());
    }
}

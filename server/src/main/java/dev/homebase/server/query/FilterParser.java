package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Parses a Mongo-style filter. PLACEHOLDER: equality on a single field only. */
public final class FilterParser {
    private FilterParser() {}

    /** Parses {@code node} (an object; null or missing means match all). @throws QueryException on bad input */
    public static Filter parse(JsonNode node) {
        if (node == null || node.isNull() || node.isEmpty()) return new Filter.All();
        if (!node.isObject()) throw new QueryException("Filter must be an object");
        Map.Entry<String, JsonNode> e = node.properties().iterator().next();
        return new Filter.Eq(e.getKey(), e.getValue());
    }
}

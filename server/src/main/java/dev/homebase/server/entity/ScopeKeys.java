package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.query.QueryCompiler;
import java.util.Map;

/**
 * Access rules may name the record's scope ({@code app_id}, {@code entity_name},
 * {@code environment}, api-contract §5.4), which are also ordinary field names an app may declare.
 * A rule key means the scope unless the schema declares a field of that name; a scope key is
 * renamed to its internal, non-colliding name ({@link QueryCompiler#APP_FIELD} and siblings), which
 * {@link RuleCompiler} compiles. Stateless and thread-safe.
 */
final class ScopeKeys {

    private static final Map<String, String> INTERNAL = Map.of(
            "app_id", QueryCompiler.APP_FIELD,
            "entity_name", QueryCompiler.ENTITY_FIELD,
            "environment", QueryCompiler.ENVIRONMENT_FIELD);

    private ScopeKeys() {}

    /** The internal names, by the name a rule writes. */
    static Map<String, String> internal() {
        return INTERNAL;
    }

    /**
     * {@code rls} (an object of rules by operation, or anything else, returned as is) with scope
     * keys renamed in every condition.
     */
    static JsonNode inRules(JsonNode rls, EntitySchema schema) {
        if (rls == null || !rls.isObject()) return rls;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        rls.properties().forEach(e -> out.set(e.getKey(), inCondition(e.getValue(), schema)));
        return out;
    }

    private static JsonNode inCondition(JsonNode condition, EntitySchema schema) {
        if (condition == null || !condition.isObject()) return condition;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : condition.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if ((key.equals("$or") || key.equals("$and") || key.equals("$nor")) && value.isArray()) {
                ArrayNode children = JsonNodeFactory.instance.arrayNode();
                value.forEach(child -> children.add(inCondition(child, schema)));
                out.set(key, children);
            } else if (INTERNAL.containsKey(key) && !schema.hasField(key)) {
                out.set(INTERNAL.get(key), value);
            } else {
                out.set(key, value);
            }
        }
        return out;
    }
}

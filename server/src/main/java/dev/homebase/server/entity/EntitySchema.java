package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One entity's schema, as read from {@code base44/entities/*.jsonc}. PLACEHOLDER shape; the entity
 * work fills in field definitions.
 *
 * @param name canonical entity name (as written in the schema)
 * @param properties top-level property definitions by field name, in file order
 * @param required fields required on create
 * @param rls the raw entity-level rules object, or null when absent
 */
public record EntitySchema(String name, Map<String, JsonNode> properties, List<String> required, JsonNode rls) {

    /** Whether {@code field} is a declared top-level property. */
    public boolean hasField(String field) {
        return properties.containsKey(field);
    }
}

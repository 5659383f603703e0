package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an entity schema from JSON. PLACEHOLDER: minimal checks. */
public final class SchemaParser {
    private SchemaParser() {}

    /** Parses one schema; {@code source} names the file in error messages. @throws SchemaException */
    public static EntitySchema parse(JsonNode json, String source) {
        if (json == null || !json.isObject()) throw new SchemaException(source + ": an entity schema must be a JSON object");
        String name = json.path("name").asText("");
        if (!name.matches("\\w+")) throw new SchemaException(source + ": \"name\" must match ^\\w+$");
        Map<String, JsonNode> props = new LinkedHashMap<>();
        json.path("properties").properties().forEach(e -> props.put(e.getKey(), e.getValue()));
        List<String> required = new ArrayList<>();
        json.path("required").forEach(r -> required.add(r.asText()));
        JsonNode rls = json.get("rls");
        return new EntitySchema(name, props, required, rls);
    }
}

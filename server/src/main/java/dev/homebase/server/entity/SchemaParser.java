package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one entity schema (contract §5.1–5.3) from parsed JSON into an {@link EntitySchema}.
 * Stateless and thread-safe.
 *
 * <p>Checks: {@code name} is required and matches {@code ^\w+$}; {@code type} is absent or
 * {@code "object"}; {@code properties} is an object of property definitions (each with a
 * {@code type} from string, number, integer, boolean, array, object, null, binary, or a union of
 * them; {@code items}, nested {@code properties}/{@code required}, {@code enum}, {@code format},
 * {@code minLength}, {@code maxLength}, {@code pattern} (must compile), {@code minimum},
 * {@code maximum} and {@code rls} well-formed; a {@code default} must fit its field's type and is
 * stored coerced); built-in names ({@link EntitySchema#BUILT_IN_FIELDS}) are not declared;
 * {@code required} names declared properties; {@code rls} is an object (kept raw). Unknown keys
 * are allowed everywhere.
 *
 * <pre>{@code
 * EntitySchema task = SchemaParser.parse(json, "base44/entities/task.jsonc");
 * }</pre>
 */
public final class SchemaParser {
    private static final Pattern NAME = Pattern.compile("^\\w+$");

    private SchemaParser() {}

    /**
     * Parses one schema for a lax project: each {@code default} must fit its field's type.
     *
     * @param source names the file in error messages
     * @throws SchemaException {@code <source>: <problem>}, one line
     */
    public static EntitySchema parse(JsonNode json, String source) {
        return parse(json, source, false);
    }

    /**
     * Parses one schema. With {@code strictValidation} each {@code default} must also satisfy its
     * field's strict-mode constraints (enum, format, lengths, pattern, range), so a project cannot
     * load with a default that every create would reject.
     *
     * @param source names the file in error messages
     * @param strictValidation the project's {@code strictValidation} flag
     * @throws SchemaException {@code <source>: <problem>}, one line
     */
    public static EntitySchema parse(JsonNode json, String source, boolean strictValidation) {
        FieldParser fields = new FieldParser(source, strictValidation);
        if (json == null || !json.isObject()) throw fields.fail("an entity schema must be a JSON object");
        String name = parseName(json.get("name"), fields);
        JsonNode type = json.get("type");
        if (!FieldParser.isAbsent(type) && !(type.isTextual() && type.asText().equals("object"))) {
            throw fields.fail("\"type\" must be \"object\", got " + type);
        }
        JsonNode properties = json.get("properties");
        if (FieldParser.isAbsent(properties)) {
            if (json.path("schema").isObject()) {
                throw fields.fail("\"properties\" must be at the top level, not wrapped in \"schema\"");
            }
            properties = JsonNodeFactory.instance.objectNode();
        }
        if (!properties.isObject()) throw fields.fail("\"properties\" must be an object");
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            String field = entry.getKey();
            if (EntitySchema.BUILT_IN_FIELDS.contains(field)) {
                throw fields.fail("property \"" + field + "\" is built in and must not be declared");
            }
        }
        List<String> required = fields.parseRequired(json.get("required"), properties, "");
        Map<String, FieldDef> parsed = fields.parseProperties(properties, "", required);
        JsonNode rls = json.get("rls");
        if (!FieldParser.isAbsent(rls) && !rls.isObject()) throw fields.fail("\"rls\" must be an object");
        return new EntitySchema(name, parsed, required, FieldParser.isAbsent(rls) ? null : rls.deepCopy());
    }

    private static String parseName(JsonNode name, FieldParser fields) {
        if (FieldParser.isAbsent(name)) throw fields.fail("\"name\" is required");
        if (!name.isTextual()) throw fields.fail("\"name\" must be a string");
        if (!NAME.matcher(name.asText()).matches()) {
            throw fields.fail("\"name\" must match ^\\w+$ (letters, digits, underscore), got \"" + name.asText() + "\"");
        }
        return name.asText();
    }
}

package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads property definitions (contract §5.2) into {@link FieldDef}s, recursively. Keys set to JSON
 * {@code null} count as absent, except {@code default}. Unknown keys are allowed.
 */
final class FieldParser {
    private final String source;
    private final ValueChecker defaults;

    /**
     * A parser for one schema file.
     *
     * @param source names the schema file in error messages
     * @param strict check defaults against the strict-mode constraints too, not only their type
     */
    FieldParser(String source, boolean strict) {
        this.source = source;
        this.defaults = new ValueChecker(strict);
    }

    /**
     * The property definitions of an object's {@code properties} value (absent or null: none).
     *
     * @param prefix path of the owning object plus a dot, or empty at the top level
     * @param requiredNames the owner's {@code required} list, already checked
     */
    Map<String, FieldDef> parseProperties(JsonNode properties, String prefix, List<String> requiredNames) {
        Map<String, FieldDef> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            String name = entry.getKey();
            fields.put(name, parse(entry.getValue(), prefix + name, requiredNames.contains(name)));
        }
        return fields;
    }

    /**
     * The {@code required} list of a schema or nested object: strings naming declared properties.
     *
     * @param where {@code ""} at the top level, else {@code property "x": }
     */
    List<String> parseRequired(JsonNode required, JsonNode properties, String where) {
        List<String> names = new ArrayList<>();
        if (isAbsent(required)) return names;
        if (!required.isArray()) throw fail(where + "\"required\" must be an array of strings");
        for (JsonNode item : required) {
            if (!item.isTextual()) throw fail(where + "\"required\" must be an array of strings");
            if (!properties.has(item.asText())) {
                throw fail(where + "\"required\" names undeclared property \"" + item.asText() + "\"");
            }
            if (!names.contains(item.asText())) names.add(item.asText());
        }
        return names;
    }

    /** One property definition at {@code path} ({@code a}, {@code a.b}, {@code a[]}). */
    FieldDef parse(JsonNode def, String path, boolean required) {
        String where = "property \"" + path + "\": ";
        if (def == null || !def.isObject()) throw fail("property \"" + path + "\" must be an object (a property definition)");
        List<FieldType> types = parseTypes(def.get("type"), where);
        JsonNode itemsNode = def.get("items");
        FieldDef items = null;
        if (!isAbsent(itemsNode)) {
            if (!itemsNode.isObject()) throw fail(where + "\"items\" must be an object (a property definition)");
            items = parse(itemsNode, path + "[]", false);
        }
        JsonNode propsNode = def.get("properties");
        Map<String, FieldDef> properties = Map.of();
        List<String> nestedRequired = List.of();
        if (!isAbsent(propsNode)) {
            if (!propsNode.isObject()) throw fail(where + "\"properties\" must be an object");
            nestedRequired = parseRequired(def.get("required"), propsNode, where);
            properties = parseProperties(propsNode, path + ".", nestedRequired);
        } else if (!isAbsent(def.get("required")) && def.get("required").isArray() && !def.get("required").isEmpty()) {
            throw fail(where + "\"required\" needs \"properties\" to name");
        }
        JsonNode enumNode = def.get("enum");
        List<JsonNode> enumValues = new ArrayList<>();
        if (!isAbsent(enumNode)) {
            if (!enumNode.isArray()) throw fail(where + "\"enum\" must be an array");
            enumNode.forEach(value -> enumValues.add(value.deepCopy()));
        }
        JsonNode formatNode = def.get("format");
        if (!isAbsent(formatNode) && !formatNode.isTextual()) throw fail(where + "\"format\" must be a string");
        JsonNode rls = def.get("rls");
        if (!isAbsent(rls) && !rls.isObject()) throw fail(where + "\"rls\" must be an object");
        FieldDef parsed = new FieldDef(types, items, properties, nestedRequired, enumValues, null,
                isAbsent(formatNode) ? null : formatNode.asText(),
                length(def, "minLength", where), length(def, "maxLength", where), pattern(def, where),
                number(def, "minimum", where), number(def, "maximum", where),
                isAbsent(rls) ? null : rls.deepCopy(), def.deepCopy());
        return def.has("default") ? withDefault(parsed, def.get("default"), path, required, where) : parsed;
    }

    private List<FieldType> parseTypes(JsonNode type, String where) {
        if (isAbsent(type)) throw fail(where + "\"type\" is required");
        List<JsonNode> names = new ArrayList<>();
        if (type.isTextual()) {
            names.add(type);
        } else if (type.isArray() && !type.isEmpty()) {
            type.forEach(names::add);
        } else {
            throw fail(where + "\"type\" must be a string or a non-empty array of strings");
        }
        List<FieldType> types = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) throw fail(where + "\"type\" must be a string or a non-empty array of strings");
            FieldType parsed = FieldType.fromSchemaName(name.asText()).orElseThrow(() -> fail(where
                    + "unsupported type \"" + name.asText() + "\" (use string, number, integer, boolean, array, object, null or binary)"));
            if (!types.contains(parsed)) types.add(parsed);
        }
        return types;
    }

    private FieldDef withDefault(FieldDef parsed, JsonNode given, String path, boolean required, String where) {
        JsonNode coerced;
        try {
            coerced = defaults.check(parsed, given, path, !required);
        } catch (ValidationException e) {
            String at = path.equals(e.field()) ? "" : " at " + e.field();
            throw fail(where + "\"default\" is not valid" + at + ": " + e.problem());
        }
        return new FieldDef(parsed.types(), parsed.items(), parsed.properties(), parsed.required(),
                parsed.enumValues(), coerced, parsed.format(), parsed.minLength(), parsed.maxLength(),
                parsed.pattern(), parsed.minimum(), parsed.maximum(), parsed.rls(), parsed.definition());
    }

    private Integer length(JsonNode def, String key, String where) {
        JsonNode node = def.get(key);
        if (isAbsent(node)) return null;
        if (!node.isNumber() || !node.canConvertToExactIntegral() || node.decimalValue().signum() < 0
                || !node.canConvertToInt()) {
            throw fail(where + "\"" + key + "\" must be a non-negative integer");
        }
        return node.intValue();
    }

    private BigDecimal number(JsonNode def, String key, String where) {
        JsonNode node = def.get(key);
        if (isAbsent(node)) return null;
        if (!node.isNumber()) throw fail(where + "\"" + key + "\" must be a number");
        return node.decimalValue();
    }

    private Pattern pattern(JsonNode def, String where) {
        JsonNode node = def.get("pattern");
        if (isAbsent(node)) return null;
        if (!node.isTextual()) throw fail(where + "\"pattern\" must be a string");
        try {
            return Pattern.compile(node.asText());
        } catch (PatternSyntaxException e) {
            throw fail(where + "\"pattern\" is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    SchemaException fail(String problem) {
        return new SchemaException(source + ": " + problem);
    }
}

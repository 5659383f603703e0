package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.query.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * stored coerced); a declared built-in name ({@link EntitySchema#BUILT_IN_FIELDS}, as schemas
 * synced from the hosted platform have) is dropped with one WARN line naming the file, keeping
 * only the field rules of {@code created_by} and {@code created_by_id};
 * {@code required} names declared properties; {@code rls} is an object (kept raw). Unknown keys
 * are allowed everywhere.
 *
 * <p>Homebase extension: a top-level {@code "indexes"} array declares indexes the store keeps
 * (see {@code parseIndexes}); the Base44 CLI ignores the key.
 *
 * <pre>{@code
 * EntitySchema task = SchemaParser.parse(json, "base44/entities/task.jsonc");
 * }</pre>
 */
public final class SchemaParser {
    private static final Logger log = LoggerFactory.getLogger(SchemaParser.class);
    private static final Pattern NAME = Pattern.compile("^\\w+$");
    /** Built-in fields whose declared field rules apply (see {@link EntitySchema#builtInRules()}). */
    private static final java.util.Set<String> HIDEABLE_BUILT_INS = java.util.Set.of("created_by", "created_by_id");

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
        ObjectNode own = JsonNodeFactory.instance.objectNode();
        List<String> ignored = new ArrayList<>();
        Map<String, JsonNode> builtInRules = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            if (!EntitySchema.BUILT_IN_FIELDS.contains(entry.getKey())) {
                own.set(entry.getKey(), entry.getValue());
                continue;
            }
            ignored.add(entry.getKey());
            // A field rule still applies: dropping it with the declaration would reveal what the app hides.
            // (Only the creator fields: the client needs id and the dates of every record it sees.)
            JsonNode fieldRules = entry.getValue().path("rls");
            if (fieldRules.isObject() && HIDEABLE_BUILT_INS.contains(entry.getKey())) builtInRules.put(entry.getKey(), fieldRules.deepCopy());
        }
        if (!ignored.isEmpty()) {
            // Schemas synced from the hosted platform declare some of these; it accepts them, so do we.
            log.warn("{}: ignoring the declaration of built-in field(s) {}: the platform sets them", source, String.join(", ", ignored));
        }
        properties = own;
        List<String> required = fields.parseRequired(withoutBuiltIns(json.get("required")), properties, "");
        Map<String, FieldDef> parsed = fields.parseProperties(properties, "", required);
        JsonNode rls = json.get("rls");
        if (!FieldParser.isAbsent(rls) && !rls.isObject()) throw fields.fail("\"rls\" must be an object");
        List<List<String>> indexes = parseIndexes(json.get("indexes"), parsed, fields);
        return new EntitySchema(name, parsed, required, FieldParser.isAbsent(rls) ? null : rls.deepCopy(), indexes, builtInRules);
    }

    /** A top-level {@code required} array without built-in names (which are ignored, not errors). */
    private static JsonNode withoutBuiltIns(JsonNode required) {
        if (required == null || !required.isArray()) return required;
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : required) {
            if (!(item.isTextual() && EntitySchema.BUILT_IN_FIELDS.contains(item.asText()))) out.add(item);
        }
        return out;
    }

    /** The most entries {@code "indexes"} may have, and the most fields in one compound entry. */
    static final int MAX_INDEXES = 32;
    static final int MAX_INDEX_FIELDS = 8;

    /**
     * System fields an index may name; they are columns of the records table, not JSON paths.
     * ({@code environment}, {@code app_id} and {@code entity_name} are fixed per index already.)
     */
    public static final java.util.Set<String> INDEXABLE_SYSTEM_FIELDS = java.util.Set.of(
            "id", "created_date", "updated_date", "created_by", "created_by_id", "is_sample");

    /**
     * {@code "indexes"}: an array whose entries are a field path ({@code "status"},
     * {@code "meta.priority"}, {@code "-created_date"}) or an array of such paths (a compound
     * index, e.g. {@code ["status", "-created_date"]}). A leading {@code -} means descending.
     * Each path passes the {@link FieldPath} allow-list and its first segment is a declared
     * property or one of {@link #INDEXABLE_SYSTEM_FIELDS} (which take no sub-path).
     */
    private static List<List<String>> parseIndexes(JsonNode node, Map<String, FieldDef> declared, FieldParser fields) {
        if (FieldParser.isAbsent(node)) return List.of();
        if (!node.isArray()) throw fields.fail("\"indexes\" must be an array of field names or arrays of field names");
        if (node.size() > MAX_INDEXES) throw fields.fail("\"indexes\" may have at most " + MAX_INDEXES + " entries");
        List<List<String>> out = new java.util.ArrayList<>();
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "\"indexes\"[" + i + "]";
            List<String> spec = new java.util.ArrayList<>();
            if (entry.isTextual()) {
                spec.add(indexField(entry.asText(), declared, fields, where));
            } else if (entry.isArray()) {
                if (entry.isEmpty()) throw fields.fail(where + " must name at least one field");
                if (entry.size() > MAX_INDEX_FIELDS) throw fields.fail(where + " may have at most " + MAX_INDEX_FIELDS + " fields");
                java.util.Set<String> names = new java.util.HashSet<>();
                for (int j = 0; j < entry.size(); j++) {
                    JsonNode item = entry.get(j);
                    if (!item.isTextual()) throw fields.fail(where + "[" + j + "] must be a string, got " + item);
                    String field = indexField(item.asText(), declared, fields, where + "[" + j + "]");
                    if (!names.add(field.startsWith("-") ? field.substring(1) : field)) {
                        throw fields.fail(where + " names \"" + item.asText() + "\" twice");
                    }
                    spec.add(field);
                }
            } else {
                throw fields.fail(where + " must be a field name or an array of field names, got " + entry);
            }
            if (seen.add(spec)) out.add(List.copyOf(spec));
        }
        return List.copyOf(out);
    }

    private static String indexField(String text, Map<String, FieldDef> declared, FieldParser fields, String where) {
        String path = text.startsWith("-") ? text.substring(1) : text;
        if (!FieldPath.isValid(path)) {
            throw fields.fail(where + ": \"" + shorten(text) + "\" is not a valid field path (letters, digits, underscores, dots)");
        }
        String top = FieldPath.segments(path).getFirst();
        if (INDEXABLE_SYSTEM_FIELDS.contains(top)) {
            if (!top.equals(path)) throw fields.fail(where + ": built-in field \"" + top + "\" has no sub-fields");
        } else if (!declared.containsKey(top)) {
            throw fields.fail(where + ": \"" + top + "\" is not a property of this entity or an indexable built-in field");
        }
        return text;
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
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

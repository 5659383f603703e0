package dev.homebase.server.integrations.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.integrations.extract.Coercion.Place;
import dev.homebase.server.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps what a file holds onto the caller's schema, without a model: an array schema gets the rows (or a JSON
 * file's array); an object schema whose one array property holds objects gets them there; an object schema
 * without one takes a table's only row, or a JSON object. Values are coerced ({@link Coercion}). Stateless;
 * thread-safe.
 */
final class SchemaMapping {
    private SchemaMapping() {}

    /** The rows of a table mapped onto {@code schema}. @throws ExtractionFailed when they cannot be */
    static JsonNode table(JsonNode schema, TableReaders.Table table) {
        List<String> types = Coercion.types(schema);
        if (types.isEmpty() || types.contains("array")) return rows(schema.path("items"), table);
        if (types.contains("object")) {
            String property = rowsProperty(schema);
            if (property != null) {
                ObjectNode out = Json.object();
                out.set(property, rows(schema.path("properties").path(property).path("items"), table));
                return Coercion.object(schema, out, Place.json("$"));
            }
            if (table.rows().size() == 1) {
                TableReaders.Row row = table.rows().get(0);
                return Coercion.object(schema, row.cells(), Place.row(row.number()));
            }
            throw new ExtractionFailed("json_schema is an object with no array property of objects to hold the rows, and the "
                    + "file has " + table.rows().size() + " data rows; use an array schema, or an object schema with one such property");
        }
        throw new ExtractionFailed("json_schema is of type " + String.join("/", types) + "; the rows of a table fit an array "
                + "schema or an object schema with an array property");
    }

    /** A JSON file's value mapped onto {@code schema}. @throws ExtractionFailed when it cannot be */
    static JsonNode json(JsonNode schema, JsonNode value, int maxRows) {
        List<String> types = Coercion.types(schema);
        if (types.contains("array") && !value.isArray()) value = onlyArray(value);
        if (types.contains("object") && value.isArray()) {
            String property = rowsProperty(schema);
            if (property == null) {
                if (value.size() != 1) {
                    throw new ExtractionFailed("The file holds an array of " + value.size() + " items, and json_schema is an object "
                            + "with no array property of objects to hold them");
                }
                value = value.get(0);
            } else {
                value = Json.object().set(property, value);
            }
        }
        countItems(value, maxRows);
        JsonNode out = Coercion.coerce(schema, value, Place.json("$"));
        if (out == null) throw new ExtractionFailed("The file holds null");
        return out;
    }

    /** The rows as an array for {@code items}: objects, or a one-column table's values. */
    private static ArrayNode rows(JsonNode items, TableReaders.Table table) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<String> types = items.isObject() ? Coercion.types(items) : List.of();
        boolean scalar = !types.isEmpty() && !types.contains("object");
        if (scalar && table.header().size() != 1) {
            throw new ExtractionFailed("json_schema's items are of type " + String.join("/", types) + ", but the file has "
                    + table.header().size() + " columns; use items of type object to get whole rows");
        }
        for (TableReaders.Row row : table.rows()) {
            if (scalar) {
                JsonNode v = Coercion.coerce(items, row.cells().get(table.header().get(0)), Place.row(row.number()).property(table.header().get(0)));
                if (v != null) out.add(v);
            } else {
                out.add(items.isObject() ? Coercion.object(items, row.cells(), Place.row(row.number())) : row.cells());
            }
        }
        return out;
    }

    /** The one property of an object schema that is an array of objects, or null (several: refused). */
    private static String rowsProperty(JsonNode schema) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            JsonNode s = p.getValue();
            if (!Coercion.types(s).contains("array")) continue;
            JsonNode items = s.path("items");
            if (!items.isObject() || Coercion.types(items).contains("object") || Coercion.types(items).isEmpty()) found.add(p.getKey());
        }
        if (found.size() > 1) {
            throw new ExtractionFailed("json_schema has several array properties that could hold the rows (" + String.join(", ", found)
                    + "); keep one, or use an array schema");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** An object with exactly one array value gives that array (such as {@code {"items": [...]}}). */
    private static JsonNode onlyArray(JsonNode value) {
        if (value.isObject()) {
            JsonNode only = null;
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!e.getValue().isArray()) continue;
                if (only != null) return value;
                only = e.getValue();
            }
            if (only != null) return only;
        }
        return value;
    }

    private static void countItems(JsonNode value, int maxRows) {
        if (value.isArray() && value.size() > maxRows) {
            throw new ExtractionFailed("The file has more than " + maxRows + " items (HOMEBASE_EXTRACT_MAX_ROWS)");
        }
        if (value.isObject()) for (JsonNode v : value) if (v.isArray()) countItems(v, maxRows);
    }
}

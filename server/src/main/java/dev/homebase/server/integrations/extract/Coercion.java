package dev.homebase.server.integrations.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coerces values read from a file onto a JSON Schema: numbers and integers from text ({@code " 12.50 "}),
 * booleans from {@code true/false}, {@code yes/no}, {@code y/n}, {@code 1/0}, strings from numbers and
 * booleans, arrays from a JSON array or a list separated by {@code ;} or {@code ,}, objects from JSON text;
 * an {@code enum} value matched ignoring case. Object properties are matched by name, else ignoring case,
 * spaces, dashes and underscores ({@code "First Name"} fills {@code first_name}); a property the schema does
 * not name is dropped when the schema lists properties. A value that cannot be coerced fails with where it
 * is. Stateless; thread-safe.
 */
final class Coercion {
    private Coercion() {}

    /** Names a place for error messages: a row and column of a table, or a JSON path. */
    interface Place {
        String describe();

        /** The place of property {@code key} (a column when this is a table row). */
        Place property(String key);

        /** The place of item {@code index}. */
        Place item(int index);

        static Place json(String path) {
            return new JsonPlace(path);
        }

        static Place row(int number) {
            return new RowPlace(number);
        }
    }

    private record JsonPlace(String path) implements Place {
        public String describe() {
            return path;
        }

        public Place property(String key) {
            return new JsonPlace(path + "." + key);
        }

        public Place item(int index) {
            return new JsonPlace(path + "[" + index + "]");
        }
    }

    private record RowPlace(int number) implements Place {
        public String describe() {
            return "row " + number;
        }

        public Place property(String key) {
            return new JsonPlace("row " + number + ", column \"" + key + "\"");
        }

        public Place item(int index) {
            return new JsonPlace("row " + number + "[" + index + "]");
        }
    }

    /**
     * {@code value} as {@code schema} describes it.
     *
     * @return the coerced value; null when {@code value} is null and the schema does not allow null (left out)
     * @throws ExtractionFailed naming {@code place}
     */
    static JsonNode coerce(JsonNode schema, JsonNode value, Place place) {
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank() && !allows(schema, "string")) {
            return allows(schema, "null") ? NullNode.getInstance() : null;
        }
        List<String> types = types(schema);
        if (types.isEmpty()) return value;
        String problem = null;
        for (String type : types) {
            if (type.equals("null")) continue;
            try {
                JsonNode out = as(type, schema, value, place);
                return enumValue(schema, out, place);
            } catch (ExtractionFailed e) {
                if (problem == null) problem = e.getMessage();
            }
        }
        throw new ExtractionFailed(problem != null ? problem : place.describe() + ": " + quote(value) + " should be null");
    }

    /** The property names of {@code schema} matched in {@code input}, coerced; required ones must have a value. */
    static ObjectNode object(JsonNode schema, ObjectNode input, Place place) {
        JsonNode props = schema.path("properties");
        if (!props.isObject() || props.isEmpty()) return input.deepCopy();
        ObjectNode out = Json.object();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            String key = p.getKey();
            String source = input.has(key) ? key : match(input, key);
            JsonNode coerced = source == null ? null : coerce(p.getValue(), input.get(source), place.property(source));
            if (coerced != null) out.set(key, coerced);
            else if (required.contains(key)) {
                throw new ExtractionFailed(place.describe() + ": \"" + key + "\" is required but "
                        + (source == null ? "there is no such " + (place instanceof RowPlace ? "column" : "field") : "it is empty"));
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            for (Map.Entry<String, JsonNode> e : input.properties()) {
                if (props.has(e.getKey()) || out.has(e.getKey())) continue;
                JsonNode coerced = coerce(additional, e.getValue(), place.property(e.getKey()));
                if (coerced != null) out.set(e.getKey(), coerced);
            }
        }
        return out;
    }

    private static JsonNode as(String type, JsonNode schema, JsonNode value, Place place) {
        return switch (type) {
            case "string" -> {
                if (value.isTextual()) yield value;
                if (value.isNumber()) yield TextNode.valueOf(plain(value.decimalValue()));
                if (value.isBoolean()) yield TextNode.valueOf(value.asText());
                throw cannot(place, value, "a string");
            }
            case "number" -> number(value, place, false);
            case "integer" -> number(value, place, true);
            case "boolean" -> {
                if (value.isBoolean()) yield value;
                String t = value.isNumber() ? plain(value.decimalValue()) : value.isTextual() ? value.asText().strip().toLowerCase(Locale.ROOT) : "";
                yield switch (t) {
                    case "true", "yes", "y", "1", "on" -> BooleanNode.TRUE;
                    case "false", "no", "n", "0", "off" -> BooleanNode.FALSE;
                    default -> throw cannot(place, value, "true or false");
                };
            }
            case "array" -> {
                JsonNode items = schema.path("items");
                JsonNode list = value;
                if (value.isTextual()) {
                    String t = value.asText().strip();
                    list = t.startsWith("[") ? parse(t, place, "a JSON array") : split(t);
                }
                if (!list.isArray()) list = Json.MAPPER.createArrayNode().add(value);
                ArrayNode out = Json.MAPPER.createArrayNode();
                for (int i = 0; i < list.size(); i++) {
                    JsonNode c = items.isObject() ? coerce(items, list.get(i), place.item(i)) : list.get(i);
                    if (c != null) out.add(c);
                }
                yield out;
            }
            case "object" -> {
                JsonNode o = value.isTextual() && value.asText().strip().startsWith("{") ? parse(value.asText(), place, "a JSON object") : value;
                if (!o.isObject()) throw cannot(place, value, "an object");
                yield object(schema, (ObjectNode) o, place);
            }
            default -> value;
        };
    }

    private static JsonNode number(JsonNode value, Place place, boolean integer) {
        BigDecimal d;
        if (value.isNumber()) d = value.decimalValue();
        else if (value.isTextual()) {
            try {
                d = new BigDecimal(value.asText().strip());
            } catch (NumberFormatException e) {
                throw cannot(place, value, integer ? "a whole number" : "a number");
            }
        } else throw cannot(place, value, integer ? "a whole number" : "a number");
        if (integer && d.stripTrailingZeros().scale() > 0) throw cannot(place, value, "a whole number");
        return number(d);
    }

    /** A number as JSON: a whole number that fits a long as one, else a double. */
    private static JsonNode number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0 && s.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 && s.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
            return LongNode.valueOf(s.longValueExact());
        }
        return DoubleNode.valueOf(d.doubleValue());
    }

    private static JsonNode enumValue(JsonNode schema, JsonNode value, Place place) {
        JsonNode en = schema.get("enum");
        if (en == null || !en.isArray()) return value;
        for (JsonNode option : en) if (option.equals(value) || option.isNumber() && value.isNumber() && option.decimalValue().compareTo(value.decimalValue()) == 0) return option;
        if (value.isTextual()) {
            for (JsonNode option : en) if (option.isTextual() && option.asText().equalsIgnoreCase(value.asText().strip())) return option;
        }
        throw new ExtractionFailed(place.describe() + ": " + quote(value) + " is not one of " + en);
    }

    /** The schema's types: {@code type} (one or a list), else object/array from {@code properties}/{@code items}. */
    static List<String> types(JsonNode schema) {
        List<String> out = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) out.add(type.asText());
        else if (type != null && type.isArray()) type.forEach(t -> out.add(t.asText()));
        else if (schema.has("properties")) out.add("object");
        else if (schema.has("items")) out.add("array");
        return out;
    }

    static boolean allows(JsonNode schema, String type) {
        return types(schema).contains(type);
    }

    private static String match(ObjectNode input, String key) {
        String wanted = normal(key);
        for (Map.Entry<String, JsonNode> e : input.properties()) if (normal(e.getKey()).equals(wanted)) return e.getKey();
        return null;
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.]+", "");
    }

    private static ArrayNode split(String text) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String part : text.split("[;,]")) if (!part.isBlank()) out.add(part.strip());
        return out;
    }

    private static JsonNode parse(String text, Place place, String what) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new ExtractionFailed(place.describe() + ": " + quote(TextNode.valueOf(text)) + " is not " + what);
        }
    }

    private static String plain(BigDecimal d) {
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static ExtractionFailed cannot(Place place, JsonNode value, String what) {
        return new ExtractionFailed(place.describe() + ": " + quote(value) + " is not " + what);
    }

    private static String quote(JsonNode value) {
        String t = value.isTextual() ? "\"" + value.asText() + "\"" : value.isContainerNode() ? (value.isArray() ? "an array" : "an object") : value.toString();
        return t.length() > 80 ? t.substring(0, 80) + "…\"" : t;
    }
}

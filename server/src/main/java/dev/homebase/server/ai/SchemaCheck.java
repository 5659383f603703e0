package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The part of JSON Schema that response schemas use, checked in Java: {@code type} (one or a
 * list), {@code properties}, {@code required}, {@code additionalProperties}, {@code items},
 * {@code enum}, {@code const}, {@code anyOf}/{@code oneOf}/{@code allOf}, string and number
 * bounds and {@code pattern}. Other keywords ({@code format}, {@code description}, ...) are not
 * checked. Stateless; thread-safe. Public for {@code integrations/extract}, which checks its schemas the same way.
 */
public final class SchemaCheck {
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final int MAX_ERRORS = 10;

    private SchemaCheck() {}

    /**
     * Checks that {@code schema} is a JSON Schema this server can use.
     *
     * @throws AiException 400 naming the first bad place
     */
    public static void requireSchema(JsonNode schema, String where) {
        if (!schema.isObject()) throw AiException.badRequest(where + " must be a JSON Schema object");
        JsonNode type = schema.get("type");
        if (type != null) {
            if (type.isTextual()) requireType(type.asText(), where);
            else if (type.isArray()) type.forEach(t -> requireType(t.asText(), where));
            else throw AiException.badRequest(where + ".type must be a type name or a list of them");
        }
        JsonNode props = schema.get("properties");
        if (props != null) {
            if (!props.isObject()) throw AiException.badRequest(where + ".properties must be an object of schemas");
            props.properties().forEach(e -> requireSchema(e.getValue(), where + ".properties." + e.getKey()));
        }
        JsonNode required = schema.get("required");
        if (required != null && (!required.isArray() || !allText(required))) {
            throw AiException.badRequest(where + ".required must be an array of property names");
        }
        JsonNode items = schema.get("items");
        if (items != null) requireSchema(items, where + ".items");
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) requireSchema(additional, where + ".additionalProperties");
        JsonNode en = schema.get("enum");
        if (en != null && !en.isArray()) throw AiException.badRequest(where + ".enum must be an array");
        for (String k : List.of("anyOf", "oneOf", "allOf")) {
            JsonNode list = schema.get(k);
            if (list == null) continue;
            if (!list.isArray() || list.isEmpty()) throw AiException.badRequest(where + "." + k + " must be a non-empty array of schemas");
            for (int i = 0; i < list.size(); i++) requireSchema(list.get(i), where + "." + k + "[" + i + "]");
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern.asText());
            } catch (PatternSyntaxException e) {
                throw AiException.badRequest(where + ".pattern is not a regular expression");
            }
        }
    }

    /** Where {@code value} does not fit {@code schema}, at most ten places; empty when it fits. */
    public static List<String> errors(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (out.size() >= MAX_ERRORS || !schema.isObject()) return;
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, value)) {
            out.add(path + " should be " + (type.isArray() ? type.toString() : type.asText()) + " but is " + kind(value));
            return;
        }
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray() && !contains(en, value)) out.add(path + " should be one of " + en);
        JsonNode cst = schema.get("const");
        if (cst != null && !same(cst, value)) out.add(path + " should be " + cst);
        if (value.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) out.add(path + "." + r.asText() + " is required");
            }
            value.properties().forEach(e -> {
                JsonNode sub = props.get(e.getKey());
                if (sub != null) check(sub, e.getValue(), path + "." + e.getKey(), out);
                else {
                    JsonNode additional = schema.get("additionalProperties");
                    if (additional != null && additional.isBoolean() && !additional.asBoolean()) out.add(path + "." + e.getKey() + " is not allowed");
                    else if (additional != null && additional.isObject()) check(additional, e.getValue(), path + "." + e.getKey(), out);
                }
            });
        }
        if (value.isArray()) {
            JsonNode items = schema.get("items");
            if (items != null) for (int i = 0; i < value.size(); i++) check(items, value.get(i), path + "[" + i + "]", out);
            bound(schema, "minItems", value.size(), true, path + " should have at least %s items", out);
            bound(schema, "maxItems", value.size(), false, path + " should have at most %s items", out);
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            bound(schema, "minLength", length, true, path + " should be at least %s characters", out);
            bound(schema, "maxLength", length, false, path + " should be at most %s characters", out);
            JsonNode pattern = schema.get("pattern");
            if (pattern != null && !Pattern.compile(pattern.asText()).matcher(value.asText()).find()) out.add(path + " should match " + pattern.asText());
        }
        if (value.isNumber()) {
            JsonNode min = schema.get("minimum");
            if (min != null && min.isNumber() && value.decimalValue().compareTo(min.decimalValue()) < 0) out.add(path + " should be >= " + min);
            JsonNode max = schema.get("maximum");
            if (max != null && max.isNumber() && value.decimalValue().compareTo(max.decimalValue()) > 0) out.add(path + " should be <= " + max);
        }
        JsonNode all = schema.get("allOf");
        if (all != null) all.forEach(s -> check(s, value, path, out));
        for (String k : List.of("anyOf", "oneOf")) {
            JsonNode list = schema.get(k);
            if (list == null || !list.isArray()) continue;
            long fits = 0;
            for (JsonNode s : list) if (errors(s, value).isEmpty()) fits++;
            if (fits == 0 || (k.equals("oneOf") && fits > 1)) out.add(path + " should match " + (k.equals("oneOf") ? "exactly one" : "one") + " of the " + k + " schemas");
        }
    }

    private static void bound(JsonNode schema, String key, int actual, boolean lower, String message, List<String> out) {
        JsonNode b = schema.get(key);
        if (b == null || !b.canConvertToInt()) return;
        if (lower ? actual < b.asInt() : actual > b.asInt()) out.add(String.format(message, b.asInt()));
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) if (typeMatches(t, value)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode v : list) if (same(v, value)) return true;
        return false;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) return "an object";
        if (value.isArray()) return "an array";
        if (value.isTextual()) return "a string";
        if (value.isNumber()) return "a number";
        if (value.isBoolean()) return "a boolean";
        return "null";
    }

    private static void requireType(String type, String where) {
        if (!TYPES.contains(type)) throw AiException.badRequest(where + ".type \"" + type + "\" is not a JSON Schema type");
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) if (!n.isTextual()) return false;
        return true;
    }
}

package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one value against a {@link FieldDef} and returns the value to store: a fresh node,
 * coerced in pydantic's lax mode, never the input node itself. Stateless and thread-safe.
 *
 * <p>Type choice for a value: the first declared type the value already is (so {@code "5"} stays a
 * string under {@code ["string","number"]}), else the first type it can be coerced to. Coercions:
 * numeric strings to {@code number}/{@code integer}, integral numbers and strings such as
 * {@code 5.0} to {@code integer}, pydantic's boolean words ({@code "true"}, {@code "0"},
 * {@code "yes"}, {@code "off"}, ...) to {@code boolean}. A number never becomes a string.
 *
 * <p>Nested objects: declared members are checked (paths {@code a.b}), a required member that is
 * missing or null fails with {@code Field required}, undeclared members are kept as they are.
 * Array elements are checked against {@code items} (paths {@code a[0]}); an element is null only if
 * {@code items} allows {@code null}.
 */
final class ValueChecker {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$");
    private static final Pattern PLAIN_INTEGER = Pattern.compile("^[+-]?\\d+(?:\\.0*)?$");
    private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "y", "on", "t");
    private static final Set<String> FALSE_WORDS = Set.of("false", "0", "no", "n", "off", "f");

    private final boolean strict;

    /**
     * A checker for lax or strict projects.
     *
     * @param strict also apply {@link ConstraintChecker} (enum, format, lengths, pattern, range)
     */
    ValueChecker(boolean strict) {
        this.strict = strict;
    }

    /**
     * The storable form of {@code value}.
     *
     * @param optional whether null is acceptable regardless of the declared types
     * @throws ValidationException naming {@code path}
     */
    JsonNode check(FieldDef def, JsonNode value, String path, boolean optional) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (optional || def.allows(FieldType.NULL)) return NullNode.instance;
            throw typeError(def, path);
        }
        FieldType type = null;
        JsonNode out = null;
        for (FieldType candidate : def.types()) {
            if (isExactly(candidate, value)) {
                type = candidate;
                break;
            }
        }
        if (type == null) {
            for (FieldType candidate : def.types()) {
                out = coerce(candidate, value);
                if (out != null) {
                    type = candidate;
                    break;
                }
            }
            if (type == null) throw typeError(def, path);
        } else {
            out = switch (type) {
                case ARRAY -> checkArray(def, value, path);
                case OBJECT -> checkObject(def, value, path);
                default -> value.deepCopy();
            };
        }
        if (strict) ConstraintChecker.check(def, type, out, path);
        return out;
    }

    private ArrayNode checkArray(FieldDef def, JsonNode value, String path) {
        ArrayNode out = NODES.arrayNode(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            out.add(def.items() == null ? element.deepCopy() : check(def.items(), element, path + "[" + i + "]", false));
        }
        return out;
    }

    private ObjectNode checkObject(FieldDef def, JsonNode value, String path) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, FieldDef> member : def.properties().entrySet()) {
            String name = member.getKey();
            JsonNode given = value.get(name);
            boolean required = def.required().contains(name);
            if (required && (given == null || given.isNull())) {
                throw new ValidationException(path + "." + name, "Field required");
            }
            if (given != null) out.set(name, check(member.getValue(), given, path + "." + name, !required));
        }
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            if (!def.properties().containsKey(member.getKey())) out.set(member.getKey(), member.getValue().deepCopy());
        }
        return out;
    }

    private static boolean isExactly(FieldType type, JsonNode value) {
        return switch (type) {
            case STRING, BINARY -> value.isTextual();
            case NUMBER -> value.isNumber();
            case INTEGER -> value.isIntegralNumber();
            case BOOLEAN -> value.isBoolean();
            case ARRAY -> value.isArray();
            case OBJECT -> value.isObject();
            case NULL -> value.isNull();
        };
    }

    /** The lax-mode conversion of a scalar to {@code type}, or null when there is none. */
    private static JsonNode coerce(FieldType type, JsonNode value) {
        return switch (type) {
            case NUMBER -> value.isTextual() ? parseNumber(value.asText().strip()) : null;
            case INTEGER -> integerOf(value);
            case BOOLEAN -> value.isTextual() ? parseBoolean(value.asText()) : null;
            default -> null;
        };
    }

    private static JsonNode parseNumber(String text) {
        if (!DECIMAL.matcher(text).matches()) return null;
        if (PLAIN_INTEGER.matcher(text).matches() && text.indexOf('.') < 0) return integerNode(new BigInteger(text));
        double parsed = Double.parseDouble(text);
        return Double.isFinite(parsed) ? DoubleNode.valueOf(parsed) : null;
    }

    private static JsonNode integerOf(JsonNode value) {
        BigDecimal decimal;
        if (value.isNumber()) {
            if (value.isDouble() || value.isFloat()) {
                double d = value.doubleValue();
                if (!Double.isFinite(d)) return null;
            }
            decimal = value.decimalValue();
        } else if (value.isTextual() && PLAIN_INTEGER.matcher(value.asText().strip()).matches()) {
            decimal = new BigDecimal(value.asText().strip());
        } else {
            return null;
        }
        try {
            return integerNode(decimal.toBigIntegerExact());
        } catch (ArithmeticException fractional) {
            return null;
        }
    }

    private static JsonNode integerNode(BigInteger value) {
        if (value.bitLength() < 32) return IntNode.valueOf(value.intValue());
        if (value.bitLength() < 64) return LongNode.valueOf(value.longValue());
        return BigIntegerNode.valueOf(value);
    }

    private static JsonNode parseBoolean(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) return BooleanNode.TRUE;
        if (FALSE_WORDS.contains(word)) return BooleanNode.FALSE;
        return null;
    }

    /** {@code Input should be a valid string or null}: union members in schema order. */
    static ValidationException typeError(FieldDef def, String path) {
        List<String> words = def.types().stream().map(FieldType::messageName).distinct().toList();
        return new ValidationException(path, "Input should be a valid " + ConstraintChecker.joinOr(words));
    }
}

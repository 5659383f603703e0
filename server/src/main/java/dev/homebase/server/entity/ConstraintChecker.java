package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * The strict-mode checks ({@code "strictValidation": true}) applied after a value has passed its
 * type check, in this order, each with its pydantic-style problem text:
 *
 * <table>
 *   <caption>Strict-mode problems</caption>
 *   <tr><th>Keyword</th><th>Problem text</th></tr>
 *   <tr><td>{@code enum}</td><td>{@code Input should be 'todo', 'doing' or 'done'} (numbers and
 *       booleans unquoted; one value: {@code Input should be 'todo'})</td></tr>
 *   <tr><td>{@code format}</td><td>{@code Input should be a valid date|datetime|time|email address|URL|UUID|IPv4 address|IPv6 address|hostname|regular expression};
 *       unknown formats are not checked</td></tr>
 *   <tr><td>{@code minLength}</td><td>{@code String should have at least 3 characters} ({@code 1 character})</td></tr>
 *   <tr><td>{@code maxLength}</td><td>{@code String should have at most 10 characters}</td></tr>
 *   <tr><td>{@code pattern}</td><td>{@code String should match pattern '^[A-Z]+$'} (searched, not anchored)</td></tr>
 *   <tr><td>{@code minimum}</td><td>{@code Input should be greater than or equal to 1}</td></tr>
 *   <tr><td>{@code maximum}</td><td>{@code Input should be less than or equal to 10}</td></tr>
 * </table>
 *
 * <p>Lengths count Unicode code points, as Python does. An {@code enum} of scalars on an array
 * field is checked per element (path {@code f[i]}), because schemas often put it there. An empty
 * {@code enum} restricts nothing.
 */
final class ConstraintChecker {
    private ConstraintChecker() {}

    /**
     * Checks {@code value}, already of type {@code type}, against the strict keywords of {@code def}.
     *
     * @throws ValidationException naming {@code path} for the first violated constraint
     */
    static void check(FieldDef def, FieldType type, JsonNode value, String path) {
        checkEnum(def, value, path);
        if (value.isTextual()) checkString(def, value.asText(), path);
        if (value.isNumber() && (type == FieldType.NUMBER || type == FieldType.INTEGER)) checkRange(def, value, path);
    }

    private static void checkEnum(FieldDef def, JsonNode value, String path) {
        List<JsonNode> allowed = def.enumValues();
        if (allowed.isEmpty()) return;
        boolean perElement = value.isArray() && allowed.stream().noneMatch(JsonNode::isContainerNode);
        if (perElement) {
            for (int i = 0; i < value.size(); i++) {
                if (!isOneOf(value.get(i), allowed)) throw enumError(allowed, path + "[" + i + "]");
            }
        } else if (!isOneOf(value, allowed)) {
            throw enumError(allowed, path);
        }
    }

    private static boolean isOneOf(JsonNode value, List<JsonNode> allowed) {
        for (JsonNode candidate : allowed) {
            if (value.isNumber() && candidate.isNumber()) {
                if (value.decimalValue().compareTo(candidate.decimalValue()) == 0) return true;
            } else if (value.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static ValidationException enumError(List<JsonNode> allowed, String path) {
        List<String> shown = allowed.stream().map(ConstraintChecker::literal).toList();
        return new ValidationException(path, "Input should be " + joinOr(shown));
    }

    private static String literal(JsonNode value) {
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }

    private static void checkString(FieldDef def, String text, String path) {
        if (def.format() != null) {
            StringFormat.fromSchemaName(def.format()).ifPresent(format -> {
                if (!format.matches(text)) throw new ValidationException(path, format.message());
            });
        }
        int length = text.codePointCount(0, text.length());
        if (def.minLength() != null && length < def.minLength()) {
            throw new ValidationException(path, "String should have at least " + characters(def.minLength()));
        }
        if (def.maxLength() != null && length > def.maxLength()) {
            throw new ValidationException(path, "String should have at most " + characters(def.maxLength()));
        }
        if (def.pattern() != null && !def.pattern().matcher(text).find()) {
            throw new ValidationException(path, "String should match pattern '" + def.pattern().pattern() + "'");
        }
    }

    private static String characters(int count) {
        return count + (count == 1 ? " character" : " characters");
    }

    private static void checkRange(FieldDef def, JsonNode value, String path) {
        BigDecimal number = value.decimalValue();
        if (def.minimum() != null && number.compareTo(def.minimum()) < 0) {
            throw new ValidationException(path, "Input should be greater than or equal to " + def.minimum().toPlainString());
        }
        if (def.maximum() != null && number.compareTo(def.maximum()) > 0) {
            throw new ValidationException(path, "Input should be less than or equal to " + def.maximum().toPlainString());
        }
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    static String joinOr(List<String> words) {
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}

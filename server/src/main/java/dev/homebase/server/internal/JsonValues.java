package dev.homebase.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Values every store can keep, the same on SQLite and PostgreSQL: no NUL character in a string or
 * a key (PostgreSQL's {@code text} and {@code jsonb} cannot hold one), and numbers within the
 * range of a double (PostgreSQL's {@code numeric} overflows on {@code 1e999999}; SQLite would
 * turn it into infinity). A non-zero number that a double would round to zero ({@code 1e-999999})
 * is out of range too. Thread-safe.
 */
public final class JsonValues {

    /** Why a value was refused and where: a path such as {@code meta.size} or {@code [2].tags[0]} (empty for the root). */
    public record Problem(String path, String reason) {
        /** "Error in field PATH: REASON", the validation message of the API (api-contract §1.3). */
        public String message() {
            return path.isEmpty() ? reason : "Error in field " + path + ": " + reason;
        }
    }

    /** The reason given for a NUL character. */
    public static final String NUL = "String values cannot contain NUL characters";
    /** The reason given for a number out of range. */
    public static final String OUT_OF_RANGE = "Number out of range (it must fit in a double)";

    private JsonValues() {}

    /** The first value of {@code node} (depth first) that a store cannot keep, if any. */
    public static Optional<Problem> problem(JsonNode node) {
        // Most bodies have none: looked for first without naming any path (no string built per field).
        return fine(node) ? Optional.empty() : Optional.ofNullable(walk(node, ""));
    }

    /** Whether {@link #walk} finds nothing in {@code node}: the same tests, without the paths. */
    private static boolean fine(JsonNode node) {
        if (node.isTextual()) return node.textValue().indexOf('\0') < 0;
        if (node.isNumber()) return inRange(node);
        if (node.isArray()) {
            for (JsonNode child : node) {
                if (!fine(child)) return false;
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().indexOf('\0') >= 0 || !fine(e.getValue())) return false;
            }
        }
        return true;
    }

    /** Whether a number node is within the range of a double (any other node: true). */
    public static boolean inRange(JsonNode node) {
        if (!node.isNumber() || node.isIntegralNumber() && node.canConvertToLong()) return true;
        double d = node.doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) return false;
        return d != 0 || node.decimalValue().signum() == 0;
    }

    private static Problem walk(JsonNode node, String path) {
        if (node.isTextual()) return node.textValue().indexOf('\0') >= 0 ? new Problem(path, NUL) : null;
        if (node.isNumber()) return inRange(node) ? null : new Problem(path, OUT_OF_RANGE);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Problem p = walk(node.get(i), path + "[" + i + "]");
                if (p != null) return p;
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String at = path.isEmpty() ? printable(key) : path + "." + printable(key);
                if (key.indexOf('\0') >= 0) return new Problem(at, "Field names cannot contain NUL characters");
                Problem p = walk(e.getValue(), at);
                if (p != null) return p;
            }
        }
        return null;
    }

    private static String printable(String key) {
        String shown = key.replace("\0", "\\u0000");
        return shown.length() > 100 ? shown.substring(0, 100) + "..." : shown;
    }
}

package dev.homebase.server.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Conditions;
import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryDialect;
import dev.homebase.server.query.SortKey;
import dev.homebase.server.store.SqlFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * SQLite query building blocks. A slot is an SQL expression giving a JSON path into
 * {@code r.data}: a literal such as {@code '$.metadata.priority'} (so that expression indexes on
 * {@code json_extract(data, '$.x')} apply) or {@code e1.fullkey || '.x'} below an array element.
 * Types come from {@code json_type}, never from {@code json_extract}, because the latter turns JSON
 * true into 1. Regular expressions use {@code hb_regex} from {@link SqliteFunctions}.
 */
final class SqliteQueryDialect implements QueryDialect {

    private static final String NUMBER_TYPES = "('integer', 'real')";

    @Override
    public String dataPath(List<String> segments) {
        StringBuilder path = new StringBuilder("'$");
        appendPath(path, segments);
        return path.append('\'').toString();
    }

    @Override
    public String childPath(String elementSlot, List<String> segments) {
        StringBuilder path = new StringBuilder("(").append(elementSlot).append(" || '");
        appendPath(path, segments);
        return path.append("')").toString();
    }

    /** Segments passed {@link FieldPath}: names need no quoting inside the path literal. */
    private static void appendPath(StringBuilder path, List<String> segments) {
        for (String segment : segments) {
            if (FieldPath.isPosition(segment)) path.append('[').append(segment).append(']');
            else path.append('.').append(segment);
        }
    }

    private static String type(String slot) {
        return "json_type(r.data, " + slot + ")";
    }

    private static String value(String slot) {
        return "json_extract(r.data, " + slot + ")";
    }

    @Override
    public SqlFragment exists(String slot) {
        return SqlFragment.of(type(slot) + " IS NOT NULL");
    }

    @Override
    public SqlFragment nullOrMissing(String slot) {
        return SqlFragment.of(value(slot) + " IS NULL");
    }

    @Override
    public SqlFragment equalsValue(String slot, JsonNode value) {
        if (value.isTextual()) {
            return SqlFragment.of("(" + value(slot) + " = ? AND " + type(slot) + " = 'text')", value.textValue());
        }
        if (value.isNumber()) {
            return SqlFragment.of("(" + value(slot) + " = ? AND " + type(slot) + " IN " + NUMBER_TYPES + ")", number(value));
        }
        if (value.isBoolean()) return SqlFragment.of(type(slot) + " = '" + value.booleanValue() + "'");
        String kind = value.isArray() ? "array" : "object";
        return SqlFragment.of("(" + type(slot) + " = '" + kind + "' AND " + value(slot) + " = json(?))", value.toString());
    }

    @Override
    public SqlFragment equalsOrContains(String slot, JsonNode value, String alias) {
        return Conditions.or(equalsValue(slot, value), anyElement(slot, alias, e -> equalsValue(e, value)));
    }

    @Override
    public SqlFragment inValues(String slot, List<JsonNode> values) {
        List<Object> strings = new ArrayList<>();
        List<Object> numbers = new ArrayList<>();
        List<SqlFragment> parts = new ArrayList<>();
        for (JsonNode value : values) {
            if (value.isTextual()) strings.add(value.textValue());
            else if (value.isNumber()) numbers.add(number(value));
            else parts.add(equalsValue(slot, value));
        }
        if (!strings.isEmpty()) {
            parts.addFirst(new SqlFragment("(" + type(slot) + " = 'text' AND " + value(slot) + " IN (" + marks(strings.size()) + "))", strings));
        }
        if (!numbers.isEmpty()) {
            parts.addFirst(new SqlFragment("(" + type(slot) + " IN " + NUMBER_TYPES + " AND " + value(slot) + " IN (" + marks(numbers.size()) + "))", numbers));
        }
        return Conditions.or(parts);
    }

    @Override
    public SqlFragment compare(String slot, Filter.Comparison op, JsonNode value) {
        String types;
        Object param;
        if (value.isTextual()) {
            types = "= 'text'";
            param = value.textValue();
        } else if (value.isNumber()) {
            types = "IN " + NUMBER_TYPES;
            param = number(value);
        } else {
            types = "IN ('true', 'false')";
            param = value.booleanValue() ? 1L : 0L;
        }
        return SqlFragment.of("(" + type(slot) + " " + types + " AND " + value(slot) + " " + op.sql() + " ?)", param);
    }

    /**
     * Without the type check where {@code json_extract} alone already tells: it gives strings as
     * text, objects and arrays as JSON text (starting with <code>{</code> or {@code [}), numbers as
     * numbers and booleans as 1/0, and SQLite never finds text equal to a number. So a string that
     * does not start like JSON text, or a number other than 0 and 1, only equals values of its own
     * type: {@code json_extract(r.data, '$.f') = ?}, which the field's index answers alone (a
     * covering index for counts).
     */
    @Override
    public SqlFragment scalarEquals(String slot, JsonNode value) {
        if (plainEnough(value)) return SqlFragment.of(value(slot) + " = ?", param(value));
        return equalsValue(slot, value);
    }

    @Override
    public SqlFragment scalarIn(String slot, List<JsonNode> values) {
        if (!values.stream().allMatch(SqliteQueryDialect::plainEnough)) return inValues(slot, values);
        return new SqlFragment(value(slot) + " IN (" + marks(values.size()) + ")",
                values.stream().map(SqliteQueryDialect::param).toList());
    }

    /**
     * A number range that holds for neither 0 nor 1 (so no boolean's 1/0 falls in it) is a plain
     * range; {@code < ''} keeps text out (SQLite orders every number before every text).
     */
    @Override
    public SqlFragment scalarCompare(String slot, Filter.Comparison op, JsonNode value) {
        if (value.isNumber() && !holds(op, 0, value.doubleValue()) && !holds(op, 1, value.doubleValue())) {
            return SqlFragment.of("(" + value(slot) + " " + op.sql() + " ? AND " + value(slot) + " < '')", number(value));
        }
        return compare(slot, op, value);
    }

    /** Arrays, empty ones included: a range of the index on {@code json_extract}, then the type. */
    @Override
    public SqlFragment arrayProbe(String slot) {
        return SqlFragment.of("(" + arrayGuard(slot) + ")");
    }

    /** A scalar whose {@code json_extract} equality needs no type check (see {@link #scalarEquals}). */
    private static boolean plainEnough(JsonNode value) {
        if (value.isTextual()) return !value.textValue().startsWith("{") && !value.textValue().startsWith("[");
        return value.isNumber() && value.doubleValue() != 0 && value.doubleValue() != 1;
    }

    private static Object param(JsonNode value) {
        return value.isTextual() ? value.textValue() : number(value);
    }

    private static boolean holds(Filter.Comparison op, double left, double right) {
        return switch (op) {
            case GT -> left > right;
            case GTE -> left >= right;
            case LT -> left < right;
            case LTE -> left <= right;
        };
    }

    @Override
    public SqlFragment regex(String slot, String pattern, String options) {
        return SqlFragment.of("(" + type(slot) + " = 'text' AND " + SqliteFunctions.REGEX + "(" + value(slot) + ", ?, ?))",
                pattern, options);
    }

    @Override
    public SqlFragment isArray(String slot) {
        return SqlFragment.of(type(slot) + " = 'array'");
    }

    @Override
    public SqlFragment arraySize(String slot, int size) {
        return SqlFragment.of("(" + arrayGuard(slot) + " AND json_array_length(r.data, " + slot + ") = ?)", (long) size);
    }

    @Override
    public SqlFragment anyElement(String slot, String alias, Function<String, SqlFragment> predicate) {
        SqlFragment inner = predicate.apply(alias + ".fullkey");
        return new SqlFragment("(" + arrayGuard(slot) + " AND EXISTS (SELECT 1 FROM json_each(r.data, " + slot + ") AS "
                + alias + " WHERE " + inner.sql() + "))", inner.params());
    }

    /**
     * The value is an array. NB: for a literal path this also states the range json_extract gives
     * arrays (JSON text from '[' up to, not including, '\'; numbers sort below all text), so one
     * expression index on {@code json_extract(data, path)} serves this branch too and an OR with the
     * non-array branch becomes a MULTI-INDEX OR.
     */
    private static String arrayGuard(String slot) {
        String isArray = type(slot) + " = 'array'";
        if (!slot.startsWith("'")) return isArray;
        return value(slot) + " >= '[' AND " + value(slot) + " < '\\' AND " + isArray;
    }

    /**
     * Within one rank the value key is of one SQLite type (numbers; text; JSON text of objects or
     * arrays; 0/1 for booleans), and NULL only in rank 0. SQLite puts NULLs first ascending.
     */
    @Override
    public List<SortKey> valueSortKeys(String slot, boolean descending) {
        return sortKeys(type(slot), value(slot), descending);
    }

    /** {@link #valueSortKeys} of a value given by its json_type and json_extract expressions. */
    private static List<SortKey> sortKeys(String type, String value, boolean descending) {
        String rank = "CASE " + type + " WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'text' THEN 2 WHEN 'object' THEN 3"
                + " WHEN 'array' THEN 4 WHEN 'true' THEN 5 WHEN 'false' THEN 5 ELSE 0 END";
        return List.of(SortKey.notNull(rank, descending), new SortKey(value, descending, true, !descending, "", "?"));
    }

    @Override
    public String indexedValue(String slot) {
        return value(slot);
    }

    @Override
    public ValueSource values(String source, List<String> segments) {
        if (segments.size() > 1) return valuesThroughArrays(source, segments);
        String path = dataPath(segments);
        String from = "(SELECT r.data AS data, " + path + " AS p FROM " + source + " r WHERE " + type(path) + " NOT IN ('array', 'null')"
                + " UNION ALL SELECT r.data, e.fullkey FROM " + source + " r, json_each(r.data, " + path + ") AS e"
                + " WHERE " + type(path) + " = 'array' AND e.type <> 'null') r";
        return new ValueSource(from, "r.p", "(r.data -> r.p)");
    }

    /**
     * The values a dotted path reaches, through arrays by MongoDB's rules (see
     * {@code query.ArrayPaths}): the nodes of the path's top-level value whose full path is the
     * path with at most one array position after each step (a name applied to an array applies to
     * its elements), and the elements of a reached array. Segments passed {@link FieldPath}, so
     * the patterns hold only names, digits and regex syntax.
     */
    private ValueSource valuesThroughArrays(String source, List<String> segments) {
        String from = "(SELECT r.data AS data, t.fullkey AS p FROM " + source + " r, " + reached(segments) + ") r";
        return new ValueSource(from, "r.p", "(r.data -> r.p)");
    }

    @Override
    public String reachedExtreme(List<String> segments, boolean greatest) {
        // NB: SQLite cannot resolve the outer r.data in a subquery's ORDER BY, so the order uses the
        // row's own type and value (json_tree's value is json_extract's: 1/0 for booleans, JSON text for containers).
        String order = String.join(", ", sortKeys("t.type", "t.value", greatest).stream().map(SortKey::ordering).toList());
        return "(SELECT t.fullkey FROM " + reached(segments) + " ORDER BY " + order + " LIMIT 1)";
    }

    /** FROM and WHERE text: one row {@code t} per value {@code segments} reaches in {@code r.data}. */
    private String reached(List<String> segments) {
        StringBuilder leaf = new StringBuilder("^\\$\\.").append(segments.getFirst());
        for (String segment : segments.subList(1, segments.size())) {
            if (FieldPath.isPosition(segment)) leaf.append("\\[").append(segment).append("\\]");
            else leaf.append("(\\[[0-9]+\\])?\\.").append(segment);
        }
        String element = leaf + "\\[[0-9]+\\]$";
        String value = leaf + "$";
        // A cheap test first: a reached node's key is the last segment, or it is an element of a node whose is.
        String last = segments.getLast();
        String candidate = FieldPath.isPosition(last)
                ? "(t.key = " + last + " OR (typeof(t.key) = 'integer' AND t.path GLOB '*[[]" + last + "]'))"
                : "(t.key = '" + last + "' OR (typeof(t.key) = 'integer' AND t.path GLOB '*." + last + "'))";
        return "json_tree(r.data, " + dataPath(segments.subList(0, 1)) + ") AS t WHERE t.type <> 'null' AND " + candidate + " AND ((t.type <> 'array' AND "
                + SqliteFunctions.REGEX + "(t.fullkey, '" + value + "', '') = 1) OR " + SqliteFunctions.REGEX + "(t.fullkey, '" + element
                + "', '') = 1)";
    }

    @Override
    public SqlFragment compareText(String column, Filter.Comparison op, String value) {
        return SqlFragment.of(column + " " + op.sql() + " ?", value); // BINARY collation is code-point order
    }

    @Override
    public SqlFragment regexText(String column, String pattern, String options) {
        return SqlFragment.of("COALESCE(" + SqliteFunctions.REGEX + "(" + column + ", ?, ?), 0) = 1", pattern, options);
    }

    @Override
    public SortKey sortText(String column, boolean nullable, boolean descending) {
        // SQLite already puts NULLs first ascending, last descending.
        return new SortKey(column, descending, nullable, !descending, "", "?");
    }

    @Override
    public String bool(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    public boolean slottedGeneralForms() {
        return false; // the JSON filter indexes stay beside the slot ones (see SchemaIndexes#columnLists)
    }

    @Override
    public boolean rangesFollowEqualities() {
        return true; // statistics exist only once ANALYZE ran (PRAGMA optimize), which may be long after the data came
    }

    @Override
    public Object slotNumber(JsonNode number) {
        return number(number);
    }

    private static Object number(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue() : (Object) value.doubleValue();
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    @Override
    public String groupValue(String slot) {
        return "NULLIF(r.data -> " + slot + ", 'null')"; // -> gives the value's JSON text
    }

    @Override
    public String groupJson(String column) {
        return "json(" + column + ")";
    }

    @Override
    public String boolJson(String column) {
        return "json(CASE WHEN " + column + " THEN 'true' ELSE 'false' END)";
    }

    @Override
    public String numberValue(String slot) {
        return "CASE WHEN " + type(slot) + " IN " + NUMBER_TYPES + " THEN " + value(slot) + " END";
    }

    @Override
    public String stringValue(String slot) {
        return "CASE WHEN " + type(slot) + " = 'text' THEN " + value(slot) + " END";
    }

    @Override
    public String dateBucket(String text, AggregateSpec.Unit unit, boolean trusted) {
        String day = "substr(" + text + ", 1, 10)";
        String bucket = switch (unit) {
            case DAY -> day;
            case MONTH -> "substr(" + text + ", 1, 7) || '-01'";
            case YEAR -> "substr(" + text + ", 1, 4) || '-01-01'";
            // %w is 0 on Sunday: step back (w + 6) % 7 days to the Monday.
            case WEEK -> "date(" + day + ", '-' || ((CAST(strftime('%w', " + day + ") AS INTEGER) + 6) % 7) || ' days')";
        };
        if (trusted) return bucket;
        return "CASE WHEN " + text + " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN " + bucket + " END";
    }

    @Override
    public String sum(String column) {
        return "TOTAL(" + column + ")"; // a float that never overflows, unlike SUM
    }

    @Override
    public String avg(String column) {
        return "AVG(" + column + ")";
    }

    @Override
    public String jsonObject(List<String> keys, List<String> values) {
        return "json_object(" + pairs(keys, values) + ")";
    }

    private static String pairs(List<String> keys, List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) out.append(", ");
            out.append('\'').append(keys.get(i)).append("', ").append(values.get(i));
        }
        return out.toString();
    }
}

package dev.homebase.server.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Conditions;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryDialect;
import dev.homebase.server.query.SortKey;
import dev.homebase.server.store.SqlFragment;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * PostgreSQL query building blocks. A slot is a JSONB expression: {@code (r.data -> 'status')}
 * or {@code (r.data #> '{metadata,priority}')} with literal paths (so expression indexes apply),
 * or {@code e1.v} for an array element. Values are bound as JSON text and cast to JSONB, whose
 * equality is type-exact and numeric for numbers; strings compare with {@code COLLATE "C"}
 * (code-point order). Functions that fail on non-arrays only ever see arrays or NULL.
 */
final class PostgresQueryDialect implements QueryDialect {

    private static final String JSON_PARAM = "CAST(? AS jsonb)";

    @Override
    public String dataPath(List<String> segments) {
        if (segments.size() == 1) return "(r.data -> '" + segments.getFirst() + "')";
        return "(r.data #> '{" + String.join(",", segments) + "}')";
    }

    @Override
    public String childPath(String elementSlot, List<String> segments) {
        return "(" + elementSlot + " #> '{" + String.join(",", segments) + "}')";
    }

    private static String type(String slot) {
        return "jsonb_typeof(" + slot + ")";
    }

    private static String text(String slot) {
        return "(" + slot + " #>> '{}')";
    }

    private static String arrayOrNull(String slot) {
        return "CASE WHEN " + type(slot) + " = 'array' THEN " + slot + " END";
    }

    @Override
    public SqlFragment exists(String slot) {
        return SqlFragment.of(slot + " IS NOT NULL");
    }

    @Override
    public SqlFragment nullOrMissing(String slot) {
        return SqlFragment.of("COALESCE(" + type(slot) + ", 'null') = 'null'");
    }

    @Override
    public SqlFragment equalsValue(String slot, JsonNode value) {
        return SqlFragment.of(slot + " = " + JSON_PARAM, value.toString());
    }

    /**
     * For a scalar: {@code X = v}, or X is an array and {@code X @> v} (a top-level array contains
     * its scalar elements). Both branches can use one B-tree index on the slot expression.
     */
    @Override
    public SqlFragment equalsOrContains(String slot, JsonNode value, String alias) {
        if (value.isValueNode()) {
            String json = value.toString();
            return Conditions.or(SqlFragment.of(slot + " = " + JSON_PARAM, json),
                    SqlFragment.of("(" + arrayGuard(slot) + " AND " + slot + " @> " + JSON_PARAM + ")", json));
        }
        return Conditions.or(equalsValue(slot, value), anyElement(slot, alias, e -> equalsValue(e, value)));
    }

    /**
     * The value is a non-empty array (empty ones have no elements to match). NB: in JSONB order
     * non-empty arrays sit between {@code true} and {@code {}} (an empty top-level array sorts
     * first), so this is a range a B-tree index on the slot serves, and an OR with the non-array
     * branch can become a BitmapOr.
     */
    private static String arrayGuard(String slot) {
        return slot + " > 'true'::jsonb AND " + slot + " < '{}'::jsonb";
    }

    @Override
    public SqlFragment inValues(String slot, List<JsonNode> values) {
        return new SqlFragment(slot + " IN (" + String.join(", ", Collections.nCopies(values.size(), JSON_PARAM)) + ")",
                values.stream().map(v -> (Object) v.toString()).toList());
    }

    /**
     * NB: the type check is written "none of the other five types" rather than "this type": the
     * same rows, but PostgreSQL has no statistics for {@code jsonb_typeof} and guesses 0.5% for an
     * equality on it (so a filter seemed to match a handful of rows, and a page sorted them all
     * instead of walking an index in order) and 97.5% for this form, which is close to the truth
     * where a field holds one type.
     */
    @Override
    public SqlFragment compare(String slot, Filter.Comparison op, JsonNode value) {
        if (value.isTextual()) {
            return SqlFragment.of("(" + typeIs(slot, "string") + " AND " + text(slot) + " COLLATE \"C\" " + op.sql() + " ?)",
                    value.textValue());
        }
        String kind = value.isNumber() ? "number" : "boolean";
        // JSONB ordering within one type is numeric for numbers and false < true for booleans.
        return SqlFragment.of("(" + typeIs(slot, kind) + " AND " + slot + " " + op.sql() + " " + JSON_PARAM + ")", value.toString());
    }

    private static final List<String> TYPES = List.of("object", "array", "string", "number", "boolean", "null");

    /** {@code jsonb_typeof(slot) = kind}, written so that the planner estimates it well (see {@link #compare}). */
    private static String typeIs(String slot, String kind) {
        List<String> others = TYPES.stream().filter(t -> !t.equals(kind)).map(t -> "'" + t + "'").toList();
        return type(slot) + " NOT IN (" + String.join(", ", others) + ")";
    }

    /**
     * JSONB orders types as null &lt; strings &lt; numbers &lt; booleans &lt; non-empty arrays &lt;
     * objects (an empty top-level array sorts first), so a number bound from below and a boolean
     * bound on both sides are plain ranges on the slot, which the field's index serves and the
     * expression statistics estimate, with no type check: booleans ({@code < false}) are the next
     * type up. Other comparisons keep the type check ({@link #compare}).
     */
    @Override
    public SqlFragment scalarCompare(String slot, Filter.Comparison op, JsonNode value) {
        boolean fromBelow = op == Filter.Comparison.GT || op == Filter.Comparison.GTE;
        if (value.isNumber() && fromBelow) {
            return SqlFragment.of("(" + slot + " " + op.sql() + " " + JSON_PARAM + " AND " + slot + " < 'false'::jsonb)", value.toString());
        }
        if (value.isBoolean()) {
            return SqlFragment.of("(" + slot + " " + op.sql() + " " + JSON_PARAM + " AND " + slot + " >= 'false'::jsonb AND " + slot
                    + " <= 'true'::jsonb)", value.toString());
        }
        return compare(slot, op, value);
    }

    /** Non-empty arrays: the range {@link #arrayGuard} names (empty ones match nothing in either form). */
    @Override
    public SqlFragment arrayProbe(String slot) {
        return SqlFragment.of("(" + arrayGuard(slot) + ")");
    }

    @Override
    public SqlFragment regex(String slot, String pattern, String options) {
        return SqlFragment.of("(" + type(slot) + " = 'string' AND " + text(slot) + " ~ ?)", postgresPattern(pattern, options));
    }

    @Override
    public SqlFragment isArray(String slot) {
        return SqlFragment.of("COALESCE(" + type(slot) + " = 'array', FALSE)");
    }

    @Override
    public SqlFragment arraySize(String slot, int size) {
        return SqlFragment.of("(" + type(slot) + " = 'array' AND jsonb_array_length(" + arrayOrNull(slot) + ") = ?)", (long) size);
    }

    @Override
    public SqlFragment anyElement(String slot, String alias, Function<String, SqlFragment> predicate) {
        SqlFragment inner = predicate.apply(alias + ".v");
        return new SqlFragment("(" + arrayGuard(slot) + " AND EXISTS (SELECT 1 FROM"
                + " jsonb_array_elements(" + arrayOrNull(slot) + ") AS " + alias + "(v) WHERE " + inner.sql() + "))",
                inner.params());
    }

    /**
     * Rank, then the text of strings, then the JSONB of other values. Within one rank each key is
     * either always NULL or never; PostgreSQL puts NULLs last ascending (its default).
     */
    @Override
    public List<SortKey> valueSortKeys(String slot, boolean descending) {
        String rank = "CASE " + type(slot) + " WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN 3"
                + " WHEN 'array' THEN 4 WHEN 'boolean' THEN 5 ELSE 0 END";
        String string = "(CASE WHEN " + type(slot) + " = 'string' THEN " + text(slot) + " END) COLLATE \"C\"";
        String other = "CASE WHEN " + type(slot) + " IN ('number', 'boolean', 'object', 'array') THEN " + slot + " END";
        return List.of(SortKey.notNull(rank, descending),
                new SortKey(string, descending, true, descending, "", "?"),
                new SortKey(other, descending, true, descending, "", JSON_PARAM));
    }

    @Override
    public String indexedValue(String slot) {
        return slot;
    }

    @Override
    public ValueSource values(String source, List<String> segments) {
        if (segments.size() > 1) return valuesThroughArrays(source, segments);
        String slot = dataPath(segments);
        String from = source + " r CROSS JOIN LATERAL (SELECT e.v FROM jsonb_array_elements(" + arrayOrNull(slot) + ") AS e(v)"
                + " WHERE jsonb_typeof(e.v) <> 'null'"
                + " UNION ALL SELECT " + slot + " WHERE " + type(slot) + " NOT IN ('array', 'null')) AS x(v)";
        return new ValueSource(from, "x.v", "CAST(x.v AS text)");
    }

    /**
     * The values a dotted path reaches, through arrays by MongoDB's rules (see
     * {@code query.ArrayPaths}): one lateral step per segment (a name applied to an array applies
     * to its object elements; a number is an array position), then the elements of a reached array.
     */
    private ValueSource valuesThroughArrays(String source, List<String> segments) {
        return new ValueSource(source + " r CROSS JOIN LATERAL (" + reached(segments) + ") AS x(v)", "x.v", "CAST(x.v AS text)");
    }

    @Override
    public String reachedExtreme(List<String> segments, boolean greatest) {
        return "(SELECT x.v FROM (" + reached(segments) + ") AS x(v) ORDER BY " + sortKeys("x.v", greatest ? "DESC" : "ASC") + " LIMIT 1)";
    }

    /** A query of one row per value {@code segments} reaches in {@code r.data}. */
    private String reached(List<String> segments) {
        String chain = "SELECT " + dataPath(segments.subList(0, 1)) + " AS v"; // the top-level field's value
        for (int i = 1; i < segments.size(); i++) {
            String segment = segments.get(i);
            String p = "p" + i;
            if (dev.homebase.server.query.FieldPath.isPosition(segment)) {
                chain = "SELECT CASE WHEN jsonb_typeof(" + p + ".v) = 'array' THEN " + p + ".v -> " + segment + " END AS v FROM (" + chain
                        + ") AS " + p;
            } else {
                chain = "SELECT y" + i + ".v FROM (" + chain + ") AS " + p + " CROSS JOIN LATERAL (SELECT " + p + ".v -> '" + segment
                        + "' WHERE jsonb_typeof(" + p + ".v) = 'object' UNION ALL SELECT e.v -> '" + segment + "' FROM jsonb_array_elements("
                        + arrayOrNull(p + ".v") + ") AS e(v) WHERE jsonb_typeof(e.v) = 'object') AS y" + i + "(v)";
            }
        }
        return "SELECT e.v FROM (" + chain + ") AS c, jsonb_array_elements(" + arrayOrNull("c.v") + ") AS e(v) WHERE jsonb_typeof(e.v) <> 'null'"
                + " UNION ALL SELECT c.v FROM (" + chain + ") AS c WHERE " + type("c.v") + " NOT IN ('array', 'null')";
    }

    @Override
    public SqlFragment compareText(String column, Filter.Comparison op, String value) {
        return SqlFragment.of(column + " COLLATE \"C\" " + op.sql() + " ?", value);
    }

    @Override
    public SqlFragment regexText(String column, String pattern, String options) {
        return SqlFragment.of(column + " ~ ?", postgresPattern(pattern, options));
    }

    @Override
    public SortKey sortText(String column, boolean nullable, boolean descending) {
        if (!nullable) return SortKey.notNull(column + " COLLATE \"C\"", descending);
        return new SortKey(column + " COLLATE \"C\"", descending, true, !descending, descending ? " NULLS LAST" : " NULLS FIRST", "?");
    }

    @Override
    public String bool(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    /**
     * The pattern with PostgreSQL embedded options that give MongoDB (PCRE) line semantics:
     * by default {@code .} stops at newlines and {@code ^}/{@code $} anchor the whole string
     * ({@code p}); {@code m} anchors at lines ({@code n}, or {@code w} with {@code s}); {@code s}
     * lets {@code .} match newlines ({@code s}).
     */
    static String postgresPattern(String pattern, String options) {
        boolean multiline = options.indexOf('m') >= 0;
        boolean dotAll = options.indexOf('s') >= 0;
        String mode = multiline ? (dotAll ? "w" : "n") : (dotAll ? "s" : "p");
        return "(?" + (options.indexOf('i') >= 0 ? "i" : "") + mode + ")" + pattern;
    }

    @Override
    public String groupValue(String slot) {
        return "NULLIF(" + slot + ", 'null'::jsonb)";
    }

    @Override
    public String groupJson(String column) {
        return column;
    }

    @Override
    public String boolJson(String column) {
        return column;
    }

    @Override
    public String numberValue(String slot) {
        return "CASE WHEN " + type(slot) + " = 'number' THEN CAST(" + slot + " AS numeric) END";
    }

    @Override
    public String stringValue(String slot) {
        return "CASE WHEN " + type(slot) + " = 'string' THEN " + text(slot) + " END";
    }

    @Override
    public String dateBucket(String text, AggregateSpec.Unit unit, boolean trusted) {
        if (trusted) {
            // Record timestamps are naive UTC; date_trunc's weeks start on Monday (ISO).
            String field = unit.name().toLowerCase(java.util.Locale.ROOT);
            return "to_char(date_trunc('" + field + "', CAST(" + text + " AS timestamp)), 'YYYY-MM-DD')";
        }
        // App values may be malformed, and a failing cast would fail the whole query: cut, never cast.
        String bucket = switch (unit) {
            case DAY -> "substr(" + text + ", 1, 10)";
            case MONTH -> "substr(" + text + ", 1, 7) || '-01'";
            case YEAR -> "substr(" + text + ", 1, 4) || '-01-01'";
            case WEEK -> throw new IllegalArgumentException("week buckets need a record timestamp");
        };
        return "CASE WHEN " + text + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN " + bucket + " END";
    }

    @Override
    public String sum(String column) {
        return "COALESCE(SUM(" + column + "), 0)";
    }

    @Override
    public String avg(String column) {
        return "CAST(AVG(" + column + ") AS double precision)";
    }

    @Override
    public String jsonObject(List<String> keys, List<String> values) {
        StringBuilder out = new StringBuilder("jsonb_build_object(");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) out.append(", ");
            out.append('\'').append(keys.get(i)).append("', ").append(values.get(i));
        }
        return out.append(')').toString();
    }
}
